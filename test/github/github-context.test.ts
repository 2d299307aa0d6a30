import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitHubAccess, pullRequestOfEvent, workflowRunUrl } from '../../src/github/context.js';
import { tempDir } from '../helpers/temp.js';

function reasons(fn: (why: (reason: string) => void) => unknown): { value: unknown; reasons: string[] } {
  const said: string[] = [];
  const value = fn((reason) => said.push(reason));
  return { value, reasons: said };
}

describe('gitHubAccess', () => {
  it('reads the repository and API URL, defaulting to api.github.com', () => {
    expect(gitHubAccess(' tok ', { GITHUB_REPOSITORY: 'octo/repo' })).toEqual({
      token: 'tok',
      apiUrl: 'https://api.github.com',
      owner: 'octo',
      repo: 'repo',
    });
    expect(gitHubAccess('tok', { GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })?.apiUrl).toBe(
      'https://ghe.example.com/api/v3',
    );
  });

  it('says what is missing', () => {
    expect(reasons((why) => gitHubAccess('', { GITHUB_REPOSITORY: 'o/r' }, why))).toEqual({
      value: undefined,
      reasons: [expect.stringMatching(/'github-token' is empty/)],
    });
    expect(reasons((why) => gitHubAccess('t', {}, why)).reasons).toEqual([expect.stringMatching(/GITHUB_REPOSITORY is not set/)]);
    expect(reasons((why) => gitHubAccess('t', { GITHUB_REPOSITORY: 'just-a-name' }, why)).reasons).toEqual([
      expect.stringMatching(/not 'owner\/repo'/),
    ]);
    expect(reasons((why) => gitHubAccess('t', { GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: 'ftp://x' }, why)).reasons).toEqual([
      expect.stringMatching(/GITHUB_API_URL/),
    ]);
  });
});

describe('pullRequestOfEvent', () => {
  const dir = tempDir();
  const event = (name: string, payload: unknown): Record<string, string> => {
    const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
    return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file };
  };

  it('returns the PR number for pull_request and pull_request_target', () => {
    expect(pullRequestOfEvent(event('pull_request', { action: 'opened', number: 7, pull_request: { number: 7 } }))).toBe(7);
    expect(pullRequestOfEvent(event('pull_request_target', { pull_request: { number: 12 } }))).toBe(12);
  });

  it('returns undefined for other events without reading the payload', () => {
    const said: string[] = [];
    expect(
      pullRequestOfEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/nonexistent' }, (r) => said.push(r)),
    ).toBeUndefined();
    expect(said).toEqual([expect.stringMatching(/'push', not a pull request/)]);
    expect(pullRequestOfEvent(event('issue_comment', { issue: { number: 3 } }))).toBeUndefined();
    expect(pullRequestOfEvent({})).toBeUndefined();
  });

  it('returns undefined, with the reason, when the payload is unreadable', () => {
    const said: string[] = [];
    expect(pullRequestOfEvent(event('pull_request', '{not json'), (r) => said.push(r))).toBeUndefined();
    expect(
      pullRequestOfEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') }, (r) =>
        said.push(r),
      ),
    ).toBeUndefined();
    expect(pullRequestOfEvent(event('pull_request', { pull_request: { number: '5' } }), (r) => said.push(r))).toBeUndefined();
    expect(said).toHaveLength(3);
  });
});

describe('workflowRunUrl', () => {
  it('builds the run link from the runner env', () => {
    expect(workflowRunUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '99' })).toBe(
      'https://github.com/o/r/actions/runs/99',
    );
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'o/r' })).toBeUndefined();
  });
});
