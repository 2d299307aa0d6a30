import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitHubAccess } from '../../src/github/context.js';
import type { GitHubAccess } from '../../src/github/context.js';
import { readPullRequestStates } from '../../src/github/pulls.js';
import { memoryLog } from '../../src/log.js';
import { FakeGitHub } from '../fake-github/server.js';
import type { FakeGitHubOptions } from '../fake-github/server.js';

let fake: FakeGitHub;

async function start(options: FakeGitHubOptions = {}): Promise<GitHubAccess> {
  await fake?.close();
  fake = await FakeGitHub.start(options);
  const access = gitHubAccess(options.token ?? 'gh-token', fake.env());
  if (!access) throw new Error('no access');
  return access;
}

let access: GitHubAccess;
beforeEach(async () => {
  access = await start();
});
afterEach(() => fake.close());

const pullGets = (): string[] => fake.requests.filter((r) => r.path.includes('/pulls/')).map((r) => r.path);

describe('readPullRequestStates', () => {
  it('reads open, closed, merged and missing PRs with one request per distinct number', async () => {
    fake.setPull(1, 'open');
    fake.setPull(2, 'closed');
    fake.setPull(3, 'merged');
    const states = await readPullRequestStates(access, [1, 2, 3, 4, 1, 2, 4], memoryLog());
    expect(Object.fromEntries(states)).toEqual({
      1: { state: 'open' },
      2: { state: 'closed' },
      3: { state: 'closed' },
      4: { state: 'missing' },
    });
    expect(pullGets().sort()).toEqual([
      '/repos/octo/repo/pulls/1',
      '/repos/octo/repo/pulls/2',
      '/repos/octo/repo/pulls/3',
      '/repos/octo/repo/pulls/4',
    ]);
    // The one 404 is confirmed against the repository itself, once.
    expect(fake.requests.filter((r) => r.path === '/repos/octo/repo')).toHaveLength(1);
    expect(fake.requests.every((r) => r.authorization === 'token gh-token')).toBe(true);
  });

  it('turns a 500 into an error for that PR only, after exactly one request', async () => {
    fake.setPull(5, 'closed');
    fake.setPull(6, 'closed');
    fake.forcePullReply(6, { status: 500, message: 'Server Error' });
    const states = await readPullRequestStates(access, [5, 6, 6], memoryLog());
    expect(states.get(5)).toEqual({ state: 'closed' });
    const failed = states.get(6);
    expect(failed?.state).toBe('error');
    expect(failed?.state === 'error' && failed.message).toMatch(/PR #6.*500.*kept.*next run/);
    expect(pullGets().filter((p) => p.endsWith('/6'))).toHaveLength(1);
  });

  it('explains a rate limit and a missing permission differently', async () => {
    fake.setPull(7, 'closed');
    fake.setPull(8, 'closed');
    fake.forcePullReply(7, {
      status: 403,
      message: 'API rate limit exceeded for installation.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' },
    });
    fake.forcePullReply(8, { status: 403, message: 'Resource not accessible by integration' });
    const states = await readPullRequestStates(access, [7, 8], memoryLog());
    const seven = states.get(7);
    const eight = states.get(8);
    expect(seven?.state === 'error' && seven.message).toMatch(/rate limit.*2023-11-14T22:13:20\.000Z/);
    expect(eight?.state === 'error' && eight.message).toMatch(/permissions: pull-requests: read/);
  });

  it('does not call 404s missing when the token cannot see the repository at all', async () => {
    fake.setPull(9, 'closed');
    fake.hideRepository();
    const states = await readPullRequestStates(access, [9, 10], memoryLog());
    for (const number of [9, 10]) {
      const state = states.get(number);
      expect(state?.state).toBe('error');
      expect(state?.state === 'error' && state.message).toMatch(/cannot see it.*Nothing is deleted/);
    }
  });

  it('reports a rejected token and an unreachable API as errors, never throwing', async () => {
    fake.setPull(1, 'closed');
    const bad = await readPullRequestStates({ ...access, token: 'wrong' }, [1], memoryLog());
    expect(bad.get(1)).toMatchObject({ state: 'error', message: expect.stringMatching(/401.*github-token was rejected/) });

    const url = fake.url;
    await fake.close();
    const down = await readPullRequestStates({ ...access, apiUrl: url }, [1], memoryLog());
    expect(down.get(1)).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/no response from http:\/\/127\.0\.0\.1.*reachable/),
    });
    fake = await FakeGitHub.start();
  });

  it('keeps invalid numbers without asking GitHub', async () => {
    const states = await readPullRequestStates(access, [0, -3, 1.5], memoryLog());
    expect([...states.values()].every((state) => state.state === 'error')).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it('works against a GitHub Enterprise Server style base URL', async () => {
    const ghes = await start({ basePath: '/api/v3' });
    expect(ghes.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    fake.setPull(11, 'merged');
    const states = await readPullRequestStates(ghes, [11, 12], memoryLog());
    expect(states.get(11)).toEqual({ state: 'closed' });
    expect(states.get(12)).toEqual({ state: 'missing' });
    expect(fake.requests.map((r) => r.status)).not.toContain(401);
  });
});
