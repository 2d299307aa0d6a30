// The CLI names flags and environment variables, never the action's inputs and secrets; each of its
// usage errors exits 2 before any request; and no message ends in a doubled full stop. The action's
// own words for the same problems are held in test/action/settings.test.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { FakeGitHub } from '../fake-github/server.js';
import { FakeVapi } from '../fake-vapi/index.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'cli-words-key-0001';
const GITHUB_TOKEN = 'gh-cli-words-token';

let fake: FakeVapi;
let cwd: string;
beforeEach(async () => {
  fake = await FakeVapi.start({ apiKey: KEY });
  cwd = tempDir('vapi-numbers-cli-words-');
  writeFileSync(path.join(cwd, 'vapi-numbers.yml'), 'version: 1\nnumbers:\n  - name: pr-7-support\n    provider: vapi\n');
});
afterEach(async () => fake.close());

async function runCli(argv: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { VAPI_API_KEY: KEY, ...env },
    isTTY: false,
    cwd,
  });
  return { code, stdout, stderr };
}

/** What the action would say, and a sentence ending in two full stops. */
function expectCliWordsOnly(text: string): void {
  expect(text).not.toMatch(/\binputs?\b|api-key secret|\$\{\{/i);
  expect(text).not.toMatch(/[^.]\.\.(\s|$)/);
}

const PR_CLOSED = ['cleanup', '--match', 'pr-{pr}-*', '--pr-closed'];

describe('usage errors name flags and variables, and exit 2 before any request', () => {
  it('no config: asks for --config or --numbers', async () => {
    const result = await runCli(['plan'], { VAPI_BASE_URL: fake.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: Pass --config FILE (a YAML file) or --numbers YAML (an inline YAML list), or both.\n',
    );
    expectCliWordsOnly(result.stderr);
    expect(fake.requests).toEqual([]);
  });

  it('--pr-closed without a token: names --github-token and GITHUB_TOKEN', async () => {
    const result = await runCli([...PR_CLOSED, '--repo', 'octo/repo'], { VAPI_BASE_URL: fake.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: --pr-closed reads the pull requests from GitHub and needs a token: pass --github-token TOKEN or set GITHUB_TOKEN.\n',
    );
    expectCliWordsOnly(result.stderr);
    expect(fake.requests).toEqual([]);
  });

  it('--repo that is not OWNER/NAME: names --repo, or GITHUB_REPOSITORY when that gave it', async () => {
    const flag = await runCli([...PR_CLOSED, '--repo', 'bad'], { VAPI_BASE_URL: fake.url, GITHUB_TOKEN });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: --repo is 'bad', not 'owner/repo'.\n");
    expectCliWordsOnly(flag.stderr);
    const variable = await runCli(PR_CLOSED, { VAPI_BASE_URL: fake.url, GITHUB_TOKEN, GITHUB_REPOSITORY: 'bad' });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain("error: GITHUB_REPOSITORY is 'bad', not 'owner/repo'.\n");
    expect(fake.requests).toEqual([]);
  });

  it('--pr-closed without any repository: asks for --repo', async () => {
    const result = await runCli(PR_CLOSED, { VAPI_BASE_URL: fake.url, GITHUB_TOKEN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pr-closed needs the repository of the pull requests: pass --repo OWNER/NAME');
    expectCliWordsOnly(result.stderr);
    expect(fake.requests).toEqual([]);
  });

  it('cleanup rules name the flags: --match, --protect, --older-than, --pr-closed', async () => {
    const missing = await runCli(['cleanup', '--older-than', '7d'], { VAPI_BASE_URL: fake.url });
    expect(missing.stderr).toContain('error: --match is required for cleanup');
    const everything = await runCli(['cleanup', '--match', '*', '--older-than', '7d'], { VAPI_BASE_URL: fake.url });
    expect(everything.stderr).toContain("Refusing --match '*' without --protect");
    const braces = await runCli(['cleanup', '--match', 'tmp-*', '--pr-closed'], { VAPI_BASE_URL: fake.url, GITHUB_TOKEN });
    expect(braces.stderr).toContain("--pr-closed needs {pr} in --match to know each number's pull request");
    for (const result of [missing, everything, braces]) {
      expect(result.code).toBe(2);
      expectCliWordsOnly(result.stderr);
    }
    expect(fake.requests).toEqual([]);
  });
});

describe('config errors', () => {
  it('a config file that is not there: relative to the current directory, not to a workspace', async () => {
    const result = await runCli(['plan', '--config', 'missing.yml'], { VAPI_BASE_URL: fake.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`missing.yml:1:1: config file not found: ${path.join(cwd, 'missing.yml')}`);
    expect(result.stderr).toContain('the --config path is relative to the current directory (or absolute); check the spelling');
    expect(result.stderr).not.toMatch(/workspace|checked out/);
    expectCliWordsOnly(result.stderr);
    expect(fake.requests).toEqual([]);
  });

  it('a quoted version: exit 2, saying to write it without quotes', async () => {
    writeFileSync(path.join(cwd, 'quoted.yml'), 'version: "1"\nnumbers:\n  - name: a\n    provider: vapi\n');
    const result = await runCli(['plan', '--config', 'quoted.yml'], { VAPI_BASE_URL: fake.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('quoted.yml:1:10: version: ');
    expect(result.stderr).toContain('write `version: 1` without quotes');
    expect(fake.requests).toEqual([]);
  });
});

describe('advice after a refusal names what the user set', () => {
  it('a wrong key: check VAPI_API_KEY, and the base URL by the way it was given', async () => {
    const fromVariable = await runCli(['plan', '--config', 'vapi-numbers.yml'], {
      VAPI_API_KEY: 'wrong-key-0001',
      VAPI_BASE_URL: fake.url,
    });
    expect(fromVariable.code).toBe(1);
    expect(fromVariable.stderr).toContain('(check VAPI_API_KEY: it must be a private API key');
    expect(fromVariable.stderr).toContain("and VAPI_BASE_URL must be that org's region");
    expectCliWordsOnly(fromVariable.stderr);
    const fromFlag = await runCli(['plan', '--config', 'vapi-numbers.yml', '--base-url', fake.url], {
      VAPI_API_KEY: 'wrong-key-0001',
    });
    expect(fromFlag.stderr).toContain("and --base-url must be that org's region");
  });

  it('a token GitHub rejects: names where the token came from, with one full stop', async () => {
    const github = await FakeGitHub.start({ token: 'the-right-token' });
    try {
      fake.seedNumber({ provider: 'vapi', name: 'pr-7-support', number: '+14155550107' });
      const result = await runCli([...PR_CLOSED, '--dry-run'], {
        VAPI_BASE_URL: fake.url,
        GITHUB_TOKEN: 'not-the-right-token',
        ...github.env(),
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('GitHub rejected the token in GITHUB_TOKEN: pass a valid one');
      expectCliWordsOnly(result.stdout + result.stderr);
    } finally {
      await github.close();
    }
  });
});
