// The CLI against the fake Vapi, in-process: the same engine as the action, printed as a table or
// JSON, with the exit codes scripts rely on.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { memoryLog } from '../../src/log.js';
import { outputsFor } from '../../src/report/outputs.js';
import { run } from '../../src/run.js';
import { FakeVapi } from '../fake-vapi/index.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'cli-engine-key-0001';
const CONFIG = `version: 1
numbers:
  - name: support
    provider: vapi
    numberDesiredAreaCode: "415"
    assistant: Support Bot
    server:
      url: https://example.com/vapi
      timeoutSeconds: 20
  - name: sip-line
    provider: vapi
    sipUri: sip:cli-line@sip.vapi.ai
`;

let fake: FakeVapi;
let cwd: string;
beforeEach(async () => {
  fake = await FakeVapi.start({ apiKey: KEY });
  fake.seedAssistant('Support Bot');
  cwd = tempDir('vapi-numbers-cli-');
  writeFileSync(path.join(cwd, 'vapi-numbers.yml'), CONFIG);
});
afterEach(async () => fake.close());

async function runCli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { VAPI_API_KEY: KEY, VAPI_BASE_URL: fake.url, ...env },
    isTTY: false,
    cwd,
  });
  return { code, stdout, stderr };
}

const idOf = (name: string): string => {
  const found = fake.numbers().find((number) => (number as { name?: string }).name === name);
  if (!found) throw new Error(`no number named ${name}`);
  return found.id;
};

describe('apply and plan', () => {
  it('apply creates, then a second apply reports all unchanged and writes nothing', async () => {
    const first = await runCli(['apply', '--config', 'vapi-numbers.yml']);
    expect(first.code, first.stderr).toBe(0);
    expect(fake.numbers()).toHaveLength(2);
    const lines = first.stdout.split('\n');
    expect(lines).toContain('vapi-numbers apply  config: vapi-numbers.yml');
    expect(lines.find((line) => line.startsWith('Name'))).toMatch(/^Name +Number +Provider +Routing +Operation +ID$/);
    expect(lines.find((line) => line.startsWith('support '))).toMatch(
      new RegExp(`^support +\\+1415\\d{7} +vapi +Support Bot +created +${idOf('support')}$`),
    );
    expect(lines.find((line) => line.startsWith('sip-line '))).toContain('sip:cli-line@sip.vapi.ai');
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe('Done: 2 created.');
    expect(first.stderr).toBe('');

    fake.resetLog();
    const second = await runCli(['apply', '--config', 'vapi-numbers.yml']);
    expect(second.code).toBe(0);
    expect(fake.mutatingRequests()).toEqual([]);
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('Done: 2 unchanged.');
    expect(second.stdout).not.toContain('Changes');
  });

  it('plan shows each drifted field as old -> new, writes nothing, and fails only with --fail-on-changes', async () => {
    await runCli(['apply', '--config', 'vapi-numbers.yml']);
    fake.editNumber(idOf('support'), { server: { url: 'https://example.com/vapi', timeoutSeconds: 45 } });
    fake.resetLog();

    const plan = await runCli(['plan', '--config', 'vapi-numbers.yml']);
    expect(plan.code).toBe(0);
    expect(fake.mutatingRequests()).toEqual([]);
    expect(plan.stdout).toContain('vapi-numbers plan (dry run: nothing was changed)');
    expect(plan.stdout).toMatch(/^support .* would-update /m);
    expect(plan.stdout).toContain(`Changes\n  support (${idOf('support')})\n`);
    expect(plan.stdout).toContain('    server.timeoutSeconds: 45 -> 20\n');
    expect(plan.stdout).not.toContain('server.url');
    expect(plan.stdout).toContain('Done: 1 would-update, 1 unchanged.');
    expect(plan.stdout).toContain("Run 'vapi-numbers apply' with the same flags");

    const drift = await runCli(['plan', '--config', 'vapi-numbers.yml', '--fail-on-changes']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('Failures\n  x --fail-on-changes: the live numbers differ from the config (1 change).');
    expect(drift.stdout).toContain('Failed: 1 would-update, 1 unchanged, 1 run failure.');
  });

  it("--json is one document whose numbers are the action's `numbers` output, plus the changes", async () => {
    await runCli(['apply', '--config', 'vapi-numbers.yml']);
    fake.editNumber(idOf('support'), { server: { url: 'https://example.com/old' } });

    const result = await runCli(['plan', '--config', 'vapi-numbers.yml', '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { numbers: Record<string, unknown>[] } & Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['command', 'dryRun', 'changed', 'failed', 'failures', 'numbers']);
    expect(document).toMatchObject({ command: 'plan', dryRun: true, changed: true, failed: false, failures: [] });

    // The same plan through the action's path: run() and outputsFor().
    const outcome = await run(
      {
        command: 'plan',
        apiKey: KEY,
        configPath: 'vapi-numbers.yml',
        dryRun: true,
        prune: false,
        protect: [],
        maxDeletions: 10,
        failOnChanges: false,
        baseUrl: fake.url,
        workspace: cwd,
      },
      { log: memoryLog(), env: {} },
    );
    const actionNumbers = JSON.parse(outputsFor(outcome).numbers ?? '') as Record<string, unknown>[];
    expect(document.numbers.map(({ changes: _changes, ...fields }) => fields)).toEqual(actionNumbers);
    for (const entry of document.numbers) {
      expect(Object.keys(entry).slice(0, 7)).toEqual(['name', 'id', 'number', 'sipUri', 'provider', 'status', 'operation']);
    }
    expect(document.numbers.find((entry) => entry['name'] === 'support')?.['changes']).toEqual([
      { path: 'server.url', old: 'https://example.com/old', new: 'https://example.com/vapi' },
      { path: 'server.timeoutSeconds', old: null, new: 20 },
    ]);
  });
});

describe('other commands', () => {
  it('cleanup deletes matches older than --older-than and leaves protected and younger ones', async () => {
    const old = '2020-01-01T00:00:00.000Z';
    fake.seedNumber({ provider: 'vapi', name: 'pr-7-support', sipUri: 'sip:pr-7@sip.vapi.ai', createdAt: old, updatedAt: old });
    fake.seedNumber({ provider: 'vapi', name: 'pr-0-demo', sipUri: 'sip:pr-0@sip.vapi.ai', createdAt: old, updatedAt: old });
    fake.seedNumber({ provider: 'vapi', name: 'pr-8-support', sipUri: 'sip:pr-8@sip.vapi.ai' });
    const result = await runCli([
      'cleanup',
      '--match',
      'pr-{pr}-*',
      '--older-than',
      '7d',
      '--protect',
      'pr-0-*,other',
      '--protect',
      'x',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^pr-7-support .* deleted /m);
    expect(
      fake
        .numbers()
        .map((number) => (number as { name?: string }).name)
        .sort(),
    ).toEqual(['pr-0-demo', 'pr-8-support']);
  });

  it('apply --wait-until-active waits for new vapi numbers and reports them active', async () => {
    writeFileSync(path.join(cwd, 'vapi-numbers.yml'), CONFIG.split('  - name: sip-line')[0] ?? '');
    const result = await runCli([
      'apply',
      '--config',
      'vapi-numbers.yml',
      '--wait-until-active',
      '--wait-timeout',
      '30s',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { numbers: { operation: string; status: string }[] };
    expect(document.numbers).toEqual([expect.objectContaining({ operation: 'created', status: 'active' })]);
  });
});

describe('failures', () => {
  const BAD = `version: 1
numbers:
  - name: typo
    provider: vapi
    asistantId: abc
  - name: unquoted
    provider: vapi
    sipUri: sip:unquoted@sip.vapi.ai
    fallbackDestination:
      type: number
      number: +14155550100
`;

  it('a bad config exits 2 with file:line:column: path: message (hint), the annotation text, and sends nothing', async () => {
    writeFileSync(path.join(cwd, 'bad.yml'), BAD);
    const result = await runCli(['apply', '--config', 'bad.yml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'bad.yml:5:5: numbers[0].asistantId: unknown key `asistantId` (did you mean `assistantId`?)\n',
    );
    expect(result.stderr).toMatch(/^bad\.yml:11:\d+: numbers\[1\]\.fallbackDestination\.number: .*quote it/m);
    expect(result.stderr).toContain('error: The config has 2 problems; nothing was sent.');
    expect(result.stderr.match(/asistantId/g)).toHaveLength(2); // once in the path, once in the message: not repeated
    expect(fake.requests).toEqual([]);
  });

  it('a bad config with --json: the problems as data, and still exit 2', async () => {
    writeFileSync(path.join(cwd, 'bad.yml'), BAD);
    const result = await runCli(['apply', '--config', 'bad.yml', '--json']);
    expect(result.code).toBe(2);
    const document = JSON.parse(result.stdout) as { error: { message: string; problems: Record<string, unknown>[] } };
    expect(document.error.message).toBe('The config has 2 problems; nothing was sent.');
    expect(document.error.problems[0]).toEqual({
      file: 'bad.yml',
      line: 5,
      column: 5,
      path: 'numbers[0].asistantId',
      message: 'unknown key `asistantId`',
      hint: 'did you mean `assistantId`?',
    });
    expect(document.error.problems).toHaveLength(2);
  });

  it('an unknown assistant name is a config error too (exit 2), found after listing', async () => {
    writeFileSync(path.join(cwd, 'vapi-numbers.yml'), CONFIG.replace('Support Bot', 'Suport Bot'));
    const result = await runCli(['plan', '--config', 'vapi-numbers.yml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^vapi-numbers\.yml:\d+:\d+: .*Suport Bot/m);
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('a failed entry exits 1, says what to do, and the other entries still go on', async () => {
    const first = fake.seedNumber({ provider: 'vapi', name: 'support', sipUri: 'sip:one@sip.vapi.ai' });
    const second = fake.seedNumber({ provider: 'vapi', name: 'support', sipUri: 'sip:two@sip.vapi.ai' });
    const result = await runCli(['apply', '--config', 'vapi-numbers.yml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^support .* failed/m);
    expect(result.stdout).toMatch(/^sip-line .* created/m);
    expect(result.stdout).toMatch(/Failures\n {2}x support \(failed\): .*/);
    expect(result.stdout).toContain(first.id);
    expect(result.stdout).toContain(second.id);
    expect(result.stdout).toMatch(/\n {4}What to do: \S/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Failed: 1 created, 1 failed.');

    const json = await runCli(['plan', '--config', 'vapi-numbers.yml', '--json']);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as {
      failed: boolean;
      numbers: { name: string; operation: string; problem?: { hint: string } }[];
    };
    expect(document.failed).toBe(true);
    expect(document.numbers.find((entry) => entry.name === 'support')?.problem?.hint).toBeTruthy();
  });

  it('an API error (wrong key) exits 1 with the reason, before any write', async () => {
    const result = await runCli(['apply', '--config', 'vapi-numbers.yml'], { VAPI_API_KEY: 'not-the-right-key' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: .*401/m);
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('refuses a run that would delete more than --max-deletions: exit 1, nothing deleted', async () => {
    await runCli(['apply', '--config', 'vapi-numbers.yml']);
    fake.resetLog();
    const result = await runCli(['delete', '--config', 'vapi-numbers.yml', '--max-deletions', '1']);
    expect(result.code).toBe(1);
    expect(fake.mutatingRequests()).toEqual([]);
    expect(result.stdout).toContain('would-delete');
    // Said once, under Failures: not also as an error line on stderr.
    expect(`${result.stdout}${result.stderr}`.split('more than max-deletions')).toHaveLength(2);
    expect(result.stdout).toMatch(/^Failures\n {2}x This run would delete 2 numbers, more than max-deletions \(1\)/m);
  });
});
