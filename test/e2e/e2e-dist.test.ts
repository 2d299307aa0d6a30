// The built dist/index.js, run under Node 24 as a GitHub runner runs it, against the fake Vapi.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeVapi } from '../fake-vapi/index.js';
import { runDist, type DistRun } from '../helpers/run-dist.js';

const API_KEY = 'vapi-private-key-canary-0001';
const SECRETS = {
  SIP_PASSWORD: 'sip-password-canary-0001',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
  TWILIO_AUTH_TOKEN: 'twilio-token-canary-0001',
  SERVER_TOKEN: 'server-token-canary-0001',
};
const FIXTURE = path.join(import.meta.dirname, '../fixtures/all-providers.yml');

let fake: FakeVapi;
let workspace: string;

function apply(extra: Record<string, string> = {}, env: Record<string, string> = {}): Promise<DistRun> {
  return runDist({
    inputs: { 'api-key': API_KEY, config: 'vapi-numbers.yml', 'base-url': fake.url, ...extra },
    env: { ...SECRETS, ...env },
    workspace,
  });
}

function expectNoSecret(run: DistRun): void {
  // `::add-mask::` lines are how a secret is handed to the runner's masker; the runner eats them.
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const everything = [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
  for (const secret of [API_KEY, SECRETS.SIP_PASSWORD, SECRETS.TWILIO_AUTH_TOKEN, SECRETS.SERVER_TOKEN]) {
    expect(everything, `secret ${secret} leaked`).not.toContain(secret);
  }
}

beforeAll(async () => {
  fake = await FakeVapi.start({ apiKey: API_KEY });
  fake.seedAssistant('Support Bot');
  fake.seedSquad('Sales Squad');
  workspace = tempDir('vapi-numbers-e2e-');
  copyFileSync(FIXTURE, path.join(workspace, 'vapi-numbers.yml'));
});
afterAll(async () => fake.close());

describe('dist/index.js under Node 24', () => {
  let first: DistRun;

  it('creates one number per provider with hooks and outputs every ID', async () => {
    first = await apply({}, { RUNNER_DEBUG: '1' });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const ids = JSON.parse(first.outputs['ids'] ?? '') as Record<string, string>;
    expect(Object.keys(ids).sort()).toEqual(['e2e-byo', 'e2e-sip', 'e2e-telnyx', 'e2e-twilio', 'e2e-vapi', 'e2e-vonage']);
    const stored = new Map(fake.numbers().map((n) => [n['name'], n.id]));
    for (const [name, id] of Object.entries(ids)) expect(stored.get(name)).toBe(id);
    const numbers = JSON.parse(first.outputs['numbers'] ?? '') as { operation: string; name: string; number: string | null }[];
    expect(numbers.map((n) => n.operation)).toEqual(Array(6).fill('created'));
    expect(numbers.find((n) => n.name === 'e2e-vapi')?.number).toMatch(/^\+1415/);
    expect(JSON.parse(first.outputs['created'] ?? '')).toHaveLength(6);
    expect(first.outputs['changed']).toBe('true');
    expect(first.outputs['phone-number-id']).toBe('');
    expect(first.summary).toContain('| Name | Number | Provider | Routing | Operation | ID |');
    expect(first.summary).toContain('Support Bot');
    expect(first.stdout).toContain('::group::Inventory');
    expect(fake.mutatingRequests().map((r) => r.method)).toEqual(Array(6).fill('POST'));
    expectNoSecret(first);
  });

  it('a second run makes zero POST, PATCH or DELETE and reports all unchanged', async () => {
    fake.resetLog();
    const second = await apply({}, { RUNNER_DEBUG: '1' });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(fake.mutatingRequests()).toEqual([]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /assistant',
      'GET /phone-number',
      'GET /squad',
    ]);
    expect(JSON.parse(second.outputs['unchanged'] ?? '')).toHaveLength(6);
    expect(second.outputs['changed']).toBe('false');
    expect(second.outputs['ids']).toBe(first.outputs['ids']);
    expectNoSecret(second);
  });

  it('a one-field edit makes exactly one PATCH carrying that field', async () => {
    const config = readFileSync(FIXTURE, 'utf8').replace('credentialId: cred-telnyx-1', 'credentialId: cred-telnyx-2');
    writeFileSync(path.join(workspace, 'vapi-numbers.yml'), config);
    fake.resetLog();
    const edit = await apply();
    expect(edit.exitCode, edit.stdout).toBe(0);
    const writes = fake.mutatingRequests();
    expect(writes.map((r) => r.method)).toEqual(['PATCH']);
    expect(writes[0]?.body).toEqual({ credentialId: 'cred-telnyx-2' });
    expect(JSON.parse(edit.outputs['updated'] ?? '')).toEqual(['e2e-telnyx']);
    expect(edit.summary).toContain('`credentialId`: `"cred-telnyx-1"` -> `"cred-telnyx-2"`');
  });

  it('sets one-number outputs from the numbers input', async () => {
    const run = await apply({
      config: '',
      numbers: '- name: e2e-vonage\n  provider: vonage\n  number: "+442071838750"\n  credentialId: cred-vonage-1\n',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['phone-number-id']).toBe(fake.numbers().find((n) => n['name'] === 'e2e-vonage')?.id);
    expect(run.outputs['phone-number']).toBe('+442071838750');
  });

  it('an invalid config fails with positioned annotations, default outputs and no request', async () => {
    writeFileSync(
      path.join(workspace, 'bad.yml'),
      'version: 1\nnumbers:\n  - name: x\n    provider: vapi\n    asistantId: abc\n',
    );
    fake.resetLog();
    const run = await apply({ config: 'bad.yml' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error [^\n]*file=bad\.yml,line=5,col=5/);
    expect(run.stdout).toContain('assistantId');
    expect(run.outputs).toMatchObject({ ids: '{}', numbers: '[]', changed: 'false', created: '[]' });
    expect(run.summary).toContain('Stopped before any change');
    expect(fake.requests).toEqual([]);
  });

  it('an empty api-key fails with a message about fork pull requests and default outputs', async () => {
    const run = await apply({ 'api-key': '' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/fork/);
    expect(run.outputs['numbers']).toBe('[]');
  });
});
