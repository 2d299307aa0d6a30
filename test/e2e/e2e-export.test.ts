// `export` as users run it (issue 10, items 1 and 3): the built action with `command: export` and
// `output`, as examples/adopt.yml runs it, and the CLI to stdout; the file is then planned back
// against the same org, with each variable set to the secret it stands for, and changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeVapi } from '../fake-vapi/index.js';
import { NODE24, REPO_ROOT, runDist } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const API_KEY = 'vapi-key-export-0001';
const HEADER = 'Bearer export-e2e-header-secret-77';
const TWILIO_TOKEN = 'export-e2e-twilio-token-0123456789';
const EXAMPLE = path.join(REPO_ROOT, 'examples/vapi-numbers.yml');

let vapi: FakeVapi;
let workspace: string;
/** The example config's variables, as the org was set up with them. */
const applied: Record<string, string> = {};

beforeAll(async () => {
  vapi = await FakeVapi.start({ apiKey: API_KEY });
  vapi.seedAssistant('Support Bot');
  vapi.seedAssistant('After Hours Bot');
  vapi.seedSquad('Sales Squad');
  workspace = tempDir('vapi-numbers-export-');
  writeFileSync(path.join(workspace, 'production.yml'), readFileSync(EXAMPLE, 'utf8'));
  for (const [, name] of readFileSync(EXAMPLE, 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)) {
    applied[name!] =
      name === 'TWILIO_AUTH_TOKEN' ? TWILIO_TOKEN : `export-e2e-${name!.toLowerCase().replaceAll('_', '-')}-000000`;
  }
  applied['VAPI_WEBHOOK_TOKEN'] = HEADER.slice('Bearer '.length);
  const setUp = await runDist({
    inputs: { 'api-key': API_KEY, 'base-url': vapi.url, command: 'apply', config: 'production.yml' },
    env: applied,
    workspace,
  });
  if (setUp.exitCode !== 0) throw new Error(`setting up the org failed:\n${setUp.stdout}\n${setUp.stderr}`);
});
afterAll(async () => vapi.close());

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [path.join(REPO_ROOT, 'dist/cli.js'), ...args], {
      cwd: workspace,
      env: { PATH: process.env['PATH'] ?? '', VAPI_API_KEY: API_KEY, VAPI_BASE_URL: vapi.url, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The value each variable of an export stands for: the header and token the org was set up with. */
function secretsFor(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name] of text.matchAll(/^#\s+([A-Z][A-Z0-9_]+)\s+(\S+) of "/gm)) {
    env[name!] = name!.endsWith('AUTHORIZATION') ? HEADER : name!.endsWith('TWILIO_AUTH_TOKEN') ? TWILIO_TOKEN : 'p'.repeat(24);
  }
  return env;
}

describe('export through the built action (examples/adopt.yml)', () => {
  it('writes the file in the workspace, lists the numbers as unchanged, writes nothing to Vapi', async () => {
    vapi.resetLog();
    const run = await runDist({
      inputs: { 'api-key': API_KEY, 'base-url': vapi.url, command: 'export', output: 'exported/vapi-numbers.yml' },
      workspace,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(vapi.mutatingRequests()).toEqual([]);
    const text = readFileSync(path.join(workspace, 'exported/vapi-numbers.yml'), 'utf8');
    expect(text).toMatch(/^version: 1$/m);
    // The secrets (the account SID and credential IDs are not secret, and are exported as they are).
    for (const secret of [HEADER, TWILIO_TOKEN, applied['VAPI_WEBHOOK_TOKEN']!, applied['SIP_DESK_PASSWORD']!]) {
      expect(text).not.toContain(secret);
    }
    const names = (JSON.parse(run.outputs['numbers'] ?? '') as { name: string; operation: string }[]).map((n) => n.name);
    expect(names.length).toBe(vapi.numbers().length);
    expect(JSON.parse(run.outputs['unchanged'] ?? '')).toEqual(names);
    expect(run.outputs['ids']).toBe('{}');
    expect(run.outputs['changed']).toBe('false');

    // The round trip: the export, planned with each variable set, changes nothing.
    const plan = await cli(['plan', '--config', 'exported/vapi-numbers.yml', '--json'], secretsFor(text));
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ changed: false, failed: false });
    console.info(
      `export round trip through dist: ${names.length} numbers exported, ${Object.keys(secretsFor(text)).length} placeholders`,
    );
  });

  it('without `output`: fails before any request, naming the input', async () => {
    vapi.resetLog();
    const run = await runDist({ inputs: { 'api-key': API_KEY, 'base-url': vapi.url, command: 'export' }, workspace });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error::Input 'output' is required for export");
    expect(vapi.requests.length).toBe(0);
  });

  it('an output path outside the workspace is refused before any request', async () => {
    vapi.resetLog();
    const run = await runDist({
      inputs: { 'api-key': API_KEY, 'base-url': vapi.url, command: 'export', output: '../elsewhere.yml' },
      workspace,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::The output file \.\.\/elsewhere\.yml is outside the workspace/);
    expect(existsSync(path.join(workspace, '..', 'elsewhere.yml'))).toBe(false);
    expect(vapi.requests.length).toBe(0);
  });
});

describe('vapi-numbers export', () => {
  it('prints the config on stdout, ready for `> file`, and only names matching --match', async () => {
    const all = await cli(['export']);
    expect(all.code, all.stderr).toBe(0);
    // The editor modeline first, so the adopted file gets the schema's completion and checks.
    expect(all.stdout).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/\S+\/vapi-numbers\.schema\.json\n# Vapi phone numbers exported/,
    );
    const some = await cli(['export', '--match', 'acme-s*']);
    const names = [...some.stdout.matchAll(/^ {2}- name: (\S+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(['acme-sales', 'acme-sip-desk']);
  });

  it('refuses the flags of the commands that read a config', async () => {
    const run = await cli(['export', '--config', 'production.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--config is for plan, apply, delete and cleanup, not export.');
  });
});
