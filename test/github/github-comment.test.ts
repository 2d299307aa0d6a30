import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertStickyComment } from '../../src/github/comment.js';
import { nextLink } from '../../src/github/comment.js';
import { gitHubAccess } from '../../src/github/context.js';
import type { GitHubAccess } from '../../src/github/context.js';
import { memoryLog } from '../../src/log.js';
import { FakeGitHub } from '../fake-github/server.js';
import type { FakeGitHubOptions } from '../fake-github/server.js';

const MARKER = '<!-- vapi-numbers:vapi-numbers.yml -->';
const PR = 42;

let fake: FakeGitHub;
let access: GitHubAccess;

async function start(options: FakeGitHubOptions = {}): Promise<void> {
  await fake?.close();
  fake = await FakeGitHub.start(options);
  fake.setPull(PR, 'open');
  const found = gitHubAccess('gh-token', fake.env());
  if (!found) throw new Error('no access');
  access = found;
}

beforeEach(() => start());
afterEach(() => fake.close());

function upsert(body: string, log = memoryLog()) {
  return upsertStickyComment({ access, prNumber: PR, marker: MARKER, body: `${MARKER}\n${body}`, log });
}

const writes = () => fake.requests.filter((r) => r.method !== 'GET');

describe('upsertStickyComment', () => {
  it('creates the comment once, then edits it in place', async () => {
    fake.addComment(PR, 'LGTM');
    expect(await upsert('first run')).toBe('created');
    expect(await upsert('second run')).toBe('updated');
    expect(await upsert('third run')).toBe('updated');
    const ours = fake.comments(PR).filter((c) => c.body.includes(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`${MARKER}\nthird run`);
    expect(ours[0]?.login).toBe('github-actions[bot]');
    expect(writes().map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'PATCH 200', 'PATCH 200']);
  });

  it('finds an existing comment on page 3 behind 250 other comments', async () => {
    for (let i = 0; i < 250; i++) fake.addComment(PR, `comment ${i}`);
    const ours = fake.addComment(PR, `${MARKER}\nold`, 'github-actions[bot]');
    for (let i = 0; i < 10; i++) fake.addComment(PR, `later ${i}`);
    fake.resetLog();

    expect(await upsert('new')).toBe('updated');
    expect(fake.comments(PR).find((c) => c.id === ours.id)?.body).toBe(`${MARKER}\nnew`);
    expect(fake.comments(PR)).toHaveLength(261);
    const lists = fake.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2', '3']);
    expect(lists.every((r) => r.query['per_page'] === '100' && r.path === `/repos/octo/repo/issues/${PR}/comments`)).toBe(true);
    expect(writes().map((r) => r.path)).toEqual([`/repos/octo/repo/issues/comments/${ours.id}`]);
  });

  it('reads every page before deciding to create', async () => {
    for (let i = 0; i < 301; i++) fake.addComment(PR, `comment ${i}`);
    fake.resetLog();
    expect(await upsert('x')).toBe('created');
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
  });

  it('adds the marker when the body lacks it, so the next run finds the comment', async () => {
    const result = await upsertStickyComment({ access, prNumber: PR, marker: MARKER, body: 'plain', log: memoryLog() });
    expect(result).toBe('created');
    expect(fake.comments(PR)[0]?.body).toBe(`${MARKER}\nplain`);
  });

  it('keeps an oversized body under GitHub limit', async () => {
    expect(await upsert('x'.repeat(70_000))).toBe('created');
    const body = fake.comments(PR)[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(MARKER)).toBe(true);
  });

  it('turns a 403 on create (fork token) into a warning with the fix, and never throws', async () => {
    fake.forceCommentWriteReply({ status: 403, message: 'Resource not accessible by integration' });
    const log = memoryLog();
    expect(await upsert('body', log)).toBe('failed');
    const warnings = log.lines.filter((line) => line.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/create a comment on PR #42.*403/);
    expect(warnings[0]).toContain('permissions: pull-requests: write');
    expect(warnings[0]).toMatch(/forks.*read-only.*pull_request_target/);
    expect(fake.comments(PR)).toHaveLength(0);
  });

  it('turns a 403 on edit into a warning too', async () => {
    fake.addComment(PR, `${MARKER}\nold`, 'github-actions[bot]');
    fake.forceCommentWriteReply({ status: 403, message: 'Resource not accessible by integration' });
    const log = memoryLog();
    expect(await upsert('new', log)).toBe('failed');
    expect(log.lines.join('\n')).toMatch(/warning: Could not edit the comment on PR #42/);
  });

  it('warns with the cause for a missing PR, a bad token, a rate limit and an unreachable API', async () => {
    const cases: [() => Promise<void> | void, RegExp][] = [
      [() => fake.removePull(PR), /404.*permissions: pull-requests: write/],
      [() => void (access = { ...access, token: 'wrong' }), /401.*github-token was rejected/],
      [
        () =>
          fake.forceCommentWriteReply({
            status: 429,
            message: 'You have exceeded a secondary rate limit',
            headers: { 'retry-after': '60' },
          }),
        /429.*rate limit/,
      ],
      [() => fake.close(), /no response from http:\/\/127\.0\.0\.1.*reachable/],
    ];
    for (const [setUp, expected] of cases) {
      await start();
      await setUp();
      const log = memoryLog();
      await expect(upsert('body', log)).resolves.toBe('failed');
      expect(log.lines.filter((line) => line.startsWith('warning:')).join('\n')).toMatch(expected);
    }
    fake = await FakeGitHub.start();
  });

  it('works against a GitHub Enterprise Server style base URL', async () => {
    await start({ basePath: '/api/v3' });
    expect(access.apiUrl).toMatch(/\/api\/v3$/);
    for (let i = 0; i < 120; i++) fake.addComment(PR, `c${i}`);
    expect(await upsert('one')).toBe('created');
    expect(await upsert('two')).toBe('updated');
    expect(fake.comments(PR).filter((c) => c.body.includes(MARKER))).toHaveLength(1);
    expect(fake.requests.every((r) => r.status < 400)).toBe(true);
  });
});

describe('nextLink', () => {
  it('picks rel="next" among other relations', () => {
    const header =
      '<https://api.github.com/repositories/1/issues/4/comments?page=1>; rel="prev", <https://api.github.com/repositories/1/issues/4/comments?page=3>; rel="next", <https://api.github.com/repositories/1/issues/4/comments?page=9>; rel="last"';
    expect(nextLink(header)).toBe('https://api.github.com/repositories/1/issues/4/comments?page=3');
    expect(nextLink('<https://x/?page=9>; rel="last"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('lazy loading', () => {
  it('src/github never imports @actions/github at module level', () => {
    const dir = new URL('../../src/github/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      // `import type` is erased at compile time; any other static import would load Octokit eagerly.
      expect(source, file).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+'@actions\/github'/m);
      expect(source, file).not.toMatch(/^export\s+[^;]*from\s+'@actions\/github'/m);
    }
  });
});
