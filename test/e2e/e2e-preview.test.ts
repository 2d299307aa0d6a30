// The whole preview lifecycle through the built dist/index.js under Node 24, as GitHub runs it for
// pull_request events: opened -> created + comment; synchronize -> unchanged, the same comment
// edited; closed -> deleted; closed again -> absent, green.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../fake-github/server.js';
import { FakeVapi } from '../fake-vapi/index.js';
import { runDist, type DistRun } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const API_KEY = 'vapi-key-preview-0001';
const GH_TOKEN = 'gh-token-preview-0001';
const PR = 123;
const NUMBERS = `- name: pr-${PR}-support\n  provider: vapi\n  numberDesiredAreaCode: "415"\n  assistant: Support Bot\n`;

let vapi: FakeVapi;
let github: FakeGitHub;
let workspace: string;

beforeAll(async () => {
  vapi = await FakeVapi.start({ apiKey: API_KEY, activatingGets: 1 });
  vapi.seedAssistant('Support Bot');
  github = await FakeGitHub.start({ token: GH_TOKEN });
  github.setPull(PR, 'open');
  // Other people's comments, so the action's own must be found among them.
  for (let i = 0; i < 5; i++) github.addComment(PR, `looks good ${i}`);
  workspace = tempDir('vapi-numbers-preview-');
});
afterAll(async () => {
  await vapi.close();
  await github.close();
});

function event(action: string): Record<string, string> {
  const file = path.join(workspace, `event-${action}.json`);
  writeFileSync(
    file,
    JSON.stringify({ action, number: PR, pull_request: { number: PR, state: action === 'closed' ? 'closed' : 'open' } }),
  );
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, ...github.env() };
}

function step(command: 'apply' | 'delete', action: string): Promise<DistRun> {
  return runDist({
    inputs: {
      'api-key': API_KEY,
      'base-url': vapi.url,
      command,
      numbers: NUMBERS,
      comment: 'true',
      'github-token': GH_TOKEN,
      ...(command === 'apply' ? { 'wait-until-active': 'true', 'wait-timeout': '1m' } : {}),
    },
    env: event(action),
    workspace,
  });
}

function ourComments() {
  return github.comments(PR).filter((c) => c.body.includes('<!-- vapi-numbers'));
}

describe('preview lifecycle through dist/index.js', () => {
  let id = '';

  it('opened: creates the number, waits for it to be active, and comments once', async () => {
    const run = await step('apply', 'opened');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    id = run.outputs['phone-number-id'] ?? '';
    expect(id).not.toBe('');
    expect(run.outputs['phone-number']).toMatch(/^\+1415/);
    const comments = ourComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`pr-${PR}-support`);
    expect(comments[0]?.body).toContain(id);
    expect(comments[0]?.body).toContain('created');
  });

  it('synchronize: unchanged, no write, the same comment edited', async () => {
    const before = ourComments()[0];
    vapi.resetLog();
    const run = await step('apply', 'synchronize');
    expect(run.exitCode, run.stdout).toBe(0);
    expect(vapi.mutatingRequests()).toEqual([]);
    expect(JSON.parse(run.outputs['unchanged'] ?? '')).toEqual([`pr-${PR}-support`]);
    const comments = ourComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(before?.id);
    expect(comments[0]?.body).toContain('unchanged');
  });

  it('closed: deletes the number and edits the comment to say so', async () => {
    github.setPull(PR, 'closed');
    const run = await step('delete', 'closed');
    expect(run.exitCode, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs['deleted'] ?? '')).toEqual([`pr-${PR}-support`]);
    expect(vapi.numbers()).toEqual([]);
    const comments = ourComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('deleted');
  });

  it('closed again: absent, green, still one comment', async () => {
    const run = await step('delete', 'closed');
    expect(run.exitCode, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs['numbers'] ?? '')[0]).toMatchObject({ name: `pr-${PR}-support`, operation: 'absent' });
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]?.body).toContain('absent');
  });

  it('a comment GitHub refuses (fork token) is a warning, and the step stays green', async () => {
    github.forceCommentWriteReply({ status: 403, message: 'Resource not accessible by integration' });
    const run = await step('delete', 'closed');
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::warning::.*pull-requests: write/);
  });
});
