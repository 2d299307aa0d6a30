// What the CLI puts on a terminal: colour only where wanted, a progress line only on a TTY, and
// never a secret, whatever the API echoes and even with debug on.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { FakeVapi } from '../fake-vapi/index.js';
import {
  BROKEN_CONFIG,
  BROKEN_INLINE,
  CANARY,
  CANARY_CONFIG,
  canaryEnv,
  canaryInline,
  echoPicker,
  findCanaries,
  storedSecrets,
} from '../helpers/canaries.js';
import { tempDir } from '../helpers/temp.js';

const ANSI = /\u001b\[/;
const CONFIG = `version: 1
numbers:
  - name: one
    provider: vapi
    sipUri: sip:cli-one@sip.vapi.ai
  - name: two
    provider: vapi
    sipUri: sip:cli-two@sip.vapi.ai
`;

let fake: FakeVapi;
let cwd: string;
afterEach(async () => fake.close());

interface Terminal {
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  env?: Record<string, string>;
}

async function runCli(argv: string[], terminal: Terminal = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { VAPI_API_KEY: CANARY.apiKey, VAPI_BASE_URL: fake.url, ...terminal.env },
    isTTY: terminal.isTTY ?? false,
    stderrIsTTY: terminal.stderrIsTTY ?? terminal.isTTY ?? false,
    cwd,
  });
  return { code, stdout, stderr };
}

describe('colour and progress', () => {
  beforeEach(async () => {
    fake = await FakeVapi.start({ apiKey: CANARY.apiKey });
    cwd = tempDir('vapi-numbers-cli-');
    writeFileSync(path.join(cwd, 'vapi-numbers.yml'), CONFIG);
  });

  it('no ANSI and no progress line when nothing is a terminal, even with debug on (RUNNER_DEBUG=1)', async () => {
    const result = await runCli(['apply', '--config', 'vapi-numbers.yml'], { env: { RUNNER_DEBUG: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).not.toMatch(ANSI);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).toContain('debug: vapi -> POST /phone-number');
  });

  it('colours the operations on a TTY: green created, dim unchanged', async () => {
    const created = await runCli(['apply', '--config', 'vapi-numbers.yml'], { isTTY: true });
    expect(created.stdout).toContain('\u001b[32mcreated');
    const unchanged = await runCli(['apply', '--config', 'vapi-numbers.yml'], { isTTY: true });
    expect(unchanged.stdout).toContain('\u001b[2munchanged');
  });

  it('NO_COLOR turns colour off on a TTY; FORCE_COLOR turns it on without one', async () => {
    const noColour = await runCli(['plan', '--config', 'vapi-numbers.yml'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).toContain('would-create');
    expect(noColour.stdout).not.toMatch(ANSI);
    const forced = await runCli(['plan', '--config', 'vapi-numbers.yml'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[32mwould-create');
  });

  it('--json is never coloured, and stays the only thing on stdout', async () => {
    const result = await runCli(['plan', '--config', 'vapi-numbers.yml', '--json', '--debug'], {
      isTTY: true,
      env: { FORCE_COLOR: '1' },
    });
    expect(result.stdout).not.toMatch(ANSI);
    expect(JSON.parse(result.stdout)).toMatchObject({ command: 'plan', changed: true });
  });

  it('on a TTY, stderr carries one rewritten progress line: pages listed, creating n/total; cleared before the report', async () => {
    const result = await runCli(['apply', '--config', 'vapi-numbers.yml'], { isTTY: true });
    const frames = result.stderr.split('\r\u001b[2K');
    expect(frames).toContain('listing phone numbers… 1 page');
    expect(frames).toContain('creating 1/2 one…');
    expect(frames).toContain('creating 2/2 two…');
    expect(frames.at(-1)).toBe('');
    expect(result.stderr).not.toContain('\n');
  });
});

describe('secrets', () => {
  beforeEach(async () => {
    fake = await FakeVapi.start({ apiKey: CANARY.apiKey, returnSecrets: true });
    cwd = tempDir('vapi-numbers-cli-');
  });

  it('never prints a secret, raw or encoded, in any mode, with debug on and the API echoing them', async () => {
    const outputs: string[] = [];
    const go = async (argv: string[], env: Record<string, string>, terminal: Terminal = {}) => {
      const result = await runCli([...argv, '--debug'], { ...terminal, env: { ...env, ...terminal.env } });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const files = { 'vapi-numbers.yml': CANARY_CONFIG, 'broken.yml': BROKEN_CONFIG };
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(cwd, file), text);
    const both = ['--config', 'vapi-numbers.yml', '--numbers', canaryInline()];

    const first = await go(['apply', ...both], canaryEnv());
    expect(first.code, first.stderr).toBe(0);
    // Rotated secrets: the plan diffs them (the fake returns them); each shows only that it changed.
    const rotated = ['--config', 'vapi-numbers.yml', '--numbers', canaryInline({ rotated: true })];
    const plan = await go(['plan', ...rotated], canaryEnv(true), { isTTY: true, env: { FORCE_COLOR: '1' } });
    expect(plan.stdout).toContain('twilioAuthToken: \u001b[33mchanged (secret)\u001b[39m');
    const json = (await go(['plan', ...rotated, '--json'], canaryEnv(true))).stdout;
    expect(json).toMatch(/"path": "twilioAuthToken",\s*"old": "\*\*\*",\s*"new": "\*\*\*"/);

    // The API refuses the PATCH and quotes every secret of the body back, in several encodings.
    const patchEcho = echoPicker('PATCH', 400);
    fake.setFaultPicker(patchEcho.picker);
    expect((await go(['apply', ...rotated], canaryEnv(true))).code).toBe(1);
    expect((await go(['apply', ...rotated, '--json'], canaryEnv(true))).code).toBe(1);
    expect(patchEcho.echoes()).toBeGreaterThan(0);

    // The listing is refused with the key and the stored secrets quoted: the run stops (thrown error).
    const getEcho = echoPicker('GET', 401, { extra: () => [CANARY.apiKey, ...storedSecrets(fake.numbers())] });
    fake.setFaultPicker(getEcho.picker);
    expect((await go(['plan', ...both], canaryEnv())).code).toBe(1);
    expect((await go(['plan', ...both, '--json'], canaryEnv())).code).toBe(1);
    expect(getEcho.echoes()).toBeGreaterThan(0);
    fake.setFaultPicker(undefined);

    // A config with a literal secret and broken inline YAML holding more.
    const broken = ['--config', 'broken.yml', '--numbers', BROKEN_INLINE];
    expect((await go(['apply', ...broken], canaryEnv())).code).toBe(2);
    expect((await go(['apply', ...broken, '--json'], canaryEnv())).code).toBe(2);

    expect((await go(['delete', ...both], canaryEnv(), { isTTY: true })).code).toBe(0);
    expect(fake.numbers()).toEqual([]);

    const everything = outputs.join('\n');
    expect(everything).toContain('debug: vapi -> PATCH');
    expect(findCanaries(everything)).toEqual([]);
  });
});
