// examples/review.yml end to end (issue 10, item 5): the built dist/index.js runs `plan` with
// `comment: true` on a pull_request event, with the example config, against the fakes. A reviewer
// sees each changed leaf in one comment that later pushes edit in place, and nothing is written.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FakeGitHub } from '../fake-github/server.js';
import { FakeVapi } from '../fake-vapi/index.js';
import { REPO_ROOT, runDist, type DistRun } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const API_KEY = 'vapi-key-review-0001';
const GH_TOKEN = 'gh-token-review-0001';
const PR = 77;
const EXAMPLE_CONFIG = path.join(REPO_ROOT, 'examples/vapi-numbers.yml');

/** The plan step of examples/review.yml: its `with:` as the runner passes it. */
const reviewStep = (() => {
  const workflow = parseYaml(readFileSync(path.join(REPO_ROOT, 'examples/review.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = Object.values(workflow.jobs)[0]?.steps.find((s) => s.uses?.includes('vapi-numbers@'));
  if (!step?.with) throw new Error('examples/review.yml has no step using the action');
  return step.with;
})();

let vapi: FakeVapi;
let github: FakeGitHub;
let workspace: string;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  vapi = await FakeVapi.start({ apiKey: API_KEY });
  vapi.seedAssistant('Support Bot');
  vapi.seedAssistant('After Hours Bot');
  vapi.seedSquad('Sales Squad');
  github = await FakeGitHub.start({ token: GH_TOKEN });
  github.setPull(PR, 'open');
  workspace = tempDir('vapi-numbers-review-');
  copyFileSync(EXAMPLE_CONFIG, path.join(workspace, 'vapi-numbers.yml'));
  for (const [, name] of readFileSync(EXAMPLE_CONFIG, 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)) {
    secrets[name!] = `review-${name!.toLowerCase().replaceAll('_', '-')}-value`;
  }
});
afterAll(async () => {
  await vapi.close();
  await github.close();
});

function event(): Record<string, string> {
  const file = path.join(workspace, 'event.json');
  writeFileSync(file, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR, state: 'open' } }));
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, ...github.env(), ...secrets };
}

function run(inputs: Record<string, string>): Promise<DistRun> {
  return runDist({
    inputs: { 'api-key': API_KEY, 'base-url': vapi.url, 'github-token': GH_TOKEN, ...inputs },
    env: event(),
    workspace,
  });
}

const reviewInputs = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(reviewStep)
      .filter(([name]) => name !== 'api-key')
      .map(([k, v]) => [k, String(v)]),
  );

const ourComments = () => github.comments(PR).filter((c) => c.body.includes('<!-- vapi-numbers'));

describe('examples/review.yml through dist/index.js', () => {
  it('production as deployed: the review plan comments "unchanged" and writes nothing', async () => {
    const deployed = await run({ command: 'apply', config: 'vapi-numbers.yml', prune: 'true' });
    expect(deployed.exitCode, deployed.stdout + deployed.stderr).toBe(0);
    vapi.resetLog();
    const review = await run(reviewInputs());
    expect(review.exitCode, review.stdout + review.stderr).toBe(0);
    expect(vapi.mutatingRequests()).toEqual([]);
    expect(review.outputs['changed']).toBe('false');
    expect(ourComments()).toHaveLength(1);
  });

  it('a pull request that changes one field: the comment, edited in place, names that leaf', async () => {
    const before = ourComments()[0];
    const file = path.join(workspace, 'vapi-numbers.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('timeoutSeconds: 20', 'timeoutSeconds: 25'));
    vapi.resetLog();
    const review = await run(reviewInputs());
    expect(review.exitCode, review.stdout + review.stderr).toBe(0);
    expect(vapi.mutatingRequests()).toEqual([]);
    expect(review.outputs['changed']).toBe('true');
    const comments = ourComments();
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(before?.id);
    expect(comments[0]?.body).toMatch(/server\.timeoutSeconds`?:? `?20`? -> `?25/);
    // No secret of the config reaches the comment.
    for (const value of Object.values(secrets)) expect(comments[0]?.body).not.toContain(value);
  });
});
