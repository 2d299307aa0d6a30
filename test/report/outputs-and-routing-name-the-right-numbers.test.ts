// What the outputs and the report's Routing column say about each number. `ids` and
// `phone-number-id` hold the declared numbers only: a pruned number is reported, but never becomes
// "the" number of a one-number config, while a declared number that a delete could not remove
// still exists and keeps its ID there. Routing shows the assistant or squad name as declared, else
// the routing ID (declared, or live for a number the config does not declare).
import { afterEach, describe, expect, it } from 'vitest';
import { resultFromPlan } from '../../src/apply/results.js';
import type { DesiredNumber } from '../../src/config/types.js';
import type { PlannedChange } from '../../src/plan/types.js';
import { outputsFor } from '../../src/report/outputs.js';
import type { RemoteNumber } from '../../src/vapi/types.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const vonage = (name: string, n: number) =>
  `  - name: ${name}\n    provider: vonage\n    number: "+1555700000${n}"\n    credentialId: cred-1\n`;

describe('outputs', () => {
  it('a pruned number is in `deleted`, not in `ids`, and the one declared number is phone-number-id', async () => {
    world = await startWorld();
    world.fake.seedNumber({ provider: 'vonage', name: 'acme-old', number: '+15557000009', credentialId: 'cred-1' });
    world.writeConfig(`version: 1\nnumbers:\n${vonage('acme-main', 1)}prune:\n  match: ["acme-*"]\n`);
    const outcome = await world.engine({ prune: true });
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    const main = outcome.results.find((r) => r.name === 'acme-main');
    const outputs = outputsFor(outcome);
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ 'acme-main': main?.id });
    expect(outputs['phone-number-id']).toBe(main?.id);
    expect(outputs['phone-number']).toBe('+15557000001');
    expect(JSON.parse(outputs['deleted'] ?? '')).toEqual(['acme-old']);
    expect(JSON.parse(outputs['created'] ?? '')).toEqual(['acme-main']);
  });

  it('a declared number that a delete could not remove keeps its ID in `ids` and phone-number-id', async () => {
    world = await startWorld();
    const kept = world.fake.seedNumber({ provider: 'vonage', name: 'temp-1', number: '+15557000001', credentialId: 'cred-1' });
    world.writeConfig(`version: 1\nnumbers:\n${vonage('temp-1', 1)}`);
    world.fake.injectFault({ method: 'DELETE', kind: 'status-before', status: 409, message: 'number is in use' });
    const outcome = await world.engine({ command: 'delete' });
    expect(outcome.failed).toBe(true);
    const outputs = outputsFor(outcome);
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ 'temp-1': kept.id });
    expect(outputs['phone-number-id']).toBe(kept.id);
    expect(JSON.parse(outputs['deleted'] ?? '')).toEqual([]);
  });

  it('a declared name that does not exist is `absent`, its provider unknown: delete reads names only', async () => {
    world = await startWorld();
    world.writeConfig(`version: 1\nnumbers:\n${vonage('never-made', 1)}`);
    const outcome = await world.engine({ command: 'delete' });
    expect(outcome.failed).toBe(false);
    expect(JSON.parse(outputsFor(outcome)['numbers'] ?? '')).toEqual([
      { name: 'never-made', id: null, number: null, sipUri: null, provider: null, status: null, operation: 'absent' },
    ]);
  });
});

describe('routing', () => {
  const desired = (fields: Record<string, unknown>, names: Partial<DesiredNumber> = {}): DesiredNumber => ({
    name: 'line',
    provider: 'vapi',
    fields,
    source: { file: 'vapi-numbers.yml', line: 3, column: 5 },
    ...names,
  });
  const create = (d: DesiredNumber): PlannedChange => ({ action: 'create', name: d.name, desired: d, body: {} });
  const live = (fields: Record<string, unknown>): RemoteNumber => ({ id: 'pn-1', name: 'line', provider: 'vapi', ...fields });

  it('is the declared assistant or squad name, else the declared ID, else the live one', () => {
    expect(resultFromPlan(create(desired({ assistantId: 'asst-1' }, { assistantName: 'Support Bot' }))).routing).toBe(
      'Support Bot',
    );
    expect(resultFromPlan(create(desired({ squadId: 'sq-1' }, { squadName: 'Sales Squad' }))).routing).toBe('Sales Squad');
    expect(resultFromPlan(create(desired({ assistantId: 'asst-1' }))).routing).toBe('asst-1');
    expect(resultFromPlan(create(desired({ squadId: 'sq-1' }))).routing).toBe('sq-1');
    expect(resultFromPlan(create(desired({ workflowId: 'wf-1' }))).routing).toBe('wf-1');
    expect(resultFromPlan(create(desired({ assistantId: null, squadId: '' }))).routing).toBeUndefined();
    const pruned: PlannedChange = {
      action: 'delete',
      name: 'line',
      id: 'pn-1',
      remote: live({ squadId: 'sq-9' }),
      reason: 'pruned',
    };
    expect(resultFromPlan(pruned)).toMatchObject({
      routing: 'sq-9',
      declared: false,
      operation: 'would-delete',
      provider: 'vapi',
    });
    const declaredDelete: PlannedChange = { ...pruned, reason: 'declared' };
    expect(resultFromPlan(declaredDelete).declared).toBe(true);
  });
});
