// The engine against the strict fake Vapi: create once, then converge with zero writes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/types.js';
import { countByMethod, startWorld, type World } from '../helpers/engine.js';

const ALL_PROVIDERS = readFileSync(path.join(import.meta.dirname, '../fixtures/all-providers.yml'), 'utf8');
const ENV = {
  SIP_PASSWORD: 'sip-password-canary-0001',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
  TWILIO_AUTH_TOKEN: 'twilio-token-canary-0001',
  SERVER_TOKEN: 'server-token-canary-0001',
};

let world: World;
beforeEach(async () => {
  world = await startWorld();
  world.fake.seedAssistant('Support Bot');
  world.fake.seedSquad('Sales Squad');
});
afterEach(async () => world.close());

describe('apply against the fake Vapi', () => {
  it('creates one number per provider, then a second run makes no write and reports all unchanged', async () => {
    world.writeConfig(ALL_PROVIDERS);
    const first = await world.engine({}, ENV);
    expect(first.failed, first.log.join('\n')).toBe(false);
    expect(first.results.map((r) => [r.name, r.operation])).toEqual([
      ['e2e-byo', 'created'],
      ['e2e-sip', 'created'],
      ['e2e-telnyx', 'created'],
      ['e2e-twilio', 'created'],
      ['e2e-vapi', 'created'],
      ['e2e-vonage', 'created'],
    ]);
    expect(world.fake.numbers()).toHaveLength(6);
    expect(world.fake.mutatingRequests().map((r) => r.method)).toEqual(Array(6).fill('POST'));
    const assistant = world.fake.requests.find((r) => r.path === '/assistant');
    expect(assistant).toBeDefined();

    world.fake.resetLog();
    const second = await world.engine({}, ENV);
    expect(second.failed).toBe(false);
    expect(second.changed).toBe(false);
    expect(second.results.every((r) => r.operation === 'unchanged')).toBe(true);
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(countByMethod(world.fake)).toEqual({ GET: 3 });
  });

  it('sends exactly one PATCH carrying only the edited field', async () => {
    world.writeConfig(ALL_PROVIDERS);
    await world.engine({}, ENV);
    world.writeConfig(ALL_PROVIDERS.replace('timeoutSeconds: 20', 'timeoutSeconds: 45'));
    world.fake.resetLog();
    const outcome = await world.engine({}, ENV);
    expect(outcome.failed).toBe(false);
    const writes = world.fake.mutatingRequests();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.method).toBe('PATCH');
    expect(Object.keys(writes[0]?.body as object)).toEqual(['server']);
    expect((writes[0]?.body as { server: { timeoutSeconds: number } }).server.timeoutSeconds).toBe(45);
    const twilio = outcome.results.find((r) => r.name === 'e2e-twilio');
    expect(twilio?.operation).toBe('updated');
    expect(twilio?.changes?.map((c) => c.field)).toEqual(['server']);
    expect(twilio?.changes?.[0]?.secret).toBe(true);
  });

  it('plans without writing and reports would-create', async () => {
    world.writeConfig(ALL_PROVIDERS);
    const outcome = await world.engine({ command: 'plan' }, ENV);
    expect(outcome.dryRun).toBe(true);
    expect(outcome.changed).toBe(true);
    expect(outcome.results.every((r) => r.operation === 'would-create')).toBe(true);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });

  it('fails on drift with fail-on-changes, and passes without drift', async () => {
    world.writeConfig(ALL_PROVIDERS);
    await world.engine({}, ENV);
    const clean = await world.engine({ command: 'plan', failOnChanges: true }, ENV);
    expect(clean.failed).toBe(false);
    const vonage = world.fake.numbers().find((n) => n['name'] === 'e2e-vonage');
    world.fake.editNumber(String(vonage?.id), { credentialId: 'cred-edited-in-dashboard' });
    const drift = await world.engine({ command: 'plan', failOnChanges: true }, ENV);
    expect(drift.failed).toBe(true);
    expect(drift.failures.join()).toContain('fail-on-changes');
    expect(drift.results.find((r) => r.name === 'e2e-vonage')?.operation).toBe('would-update');
  });

  it('sends no request at all when the config is invalid', async () => {
    world.writeConfig('version: 1\nnumbers:\n  - name: x\n    provider: vapi\n    asistantId: abc\n');
    await expect(world.engine({}, ENV)).rejects.toBeInstanceOf(ConfigError);
    expect(world.fake.requests).toEqual([]);
  });

  it('stops before any write when an assistant name does not resolve', async () => {
    world.writeConfig('version: 1\nnumbers:\n  - name: x\n    provider: vapi\n    assistant: Nobody\n');
    await expect(world.engine({}, ENV)).rejects.toThrow(/no assistant is named 'Nobody'/);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });

  it('fails only the duplicated name and carries on with the others', async () => {
    world.fake.seedNumber({ provider: 'vonage', name: 'dup', number: '+15550000001', credentialId: 'c' });
    world.fake.seedNumber({ provider: 'vonage', name: 'dup', number: '+15550000002', credentialId: 'c' });
    world.writeConfig(
      'version: 1\nnumbers:\n  - name: dup\n    provider: vonage\n    number: "+15550000001"\n    credentialId: c\n' +
        '  - name: fresh\n    provider: vonage\n    number: "+15550000003"\n    credentialId: c\n',
    );
    const outcome = await world.engine({}, ENV);
    expect(outcome.failed).toBe(true);
    const dup = outcome.results.find((r) => r.name === 'dup');
    expect(dup?.operation).toBe('failed');
    expect(dup?.problem?.ids).toHaveLength(2);
    expect(outcome.results.find((r) => r.name === 'fresh')?.operation).toBe('created');
    expect(world.fake.numbers().filter((n) => n['name'] === 'dup')).toHaveLength(2);
  });
});
