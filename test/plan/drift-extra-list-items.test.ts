// A live list that holds more than the config declares, or the same number of items with one
// edited, is drift. A hook added in the dashboard
// (one more item after the declared ones) must show in `plan --fail-on-changes` and be removed by
// `apply`; were lists compared as "at least the declared items", the number would read as
// unchanged and the extra hook would keep firing on calls with the step green.
import { afterEach, describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/config/types.js';
import { diffNumber } from '../../src/plan/diff.js';
import type { RemoteNumber } from '../../src/vapi/types.js';
import { startWorld, type World } from '../helpers/engine.js';

const SAY = { on: 'call.ringing', do: [{ type: 'say', exact: 'Please hold.' }] };
const TRANSFER = { on: 'call.ending', do: { type: 'transfer', destination: { type: 'number', number: '+14155550199' } } };

function declared(fields: Record<string, unknown>): DesiredNumber {
  return { name: 'front-desk', provider: 'vapi', fields, source: { file: 'vapi-numbers.yml', line: 3, column: 5 } };
}

function live(fields: Record<string, unknown>): RemoteNumber {
  return { id: 'pn-1', name: 'front-desk', orgId: 'org-1', provider: 'vapi', createdAt: '2025-01-01T00:00:00Z', ...fields };
}

describe('diffNumber: a live list longer than the declared one', () => {
  it('one hook more than declared is a change that sends the declared list', () => {
    const result = diffNumber(declared({ hooks: [SAY] }), live({ hooks: [SAY, TRANSFER] }));
    expect(result).toEqual({
      changes: [
        {
          field: 'hooks',
          from: [SAY, TRANSFER],
          to: [SAY],
          secret: false,
          leaves: [{ path: 'hooks[1]', secret: false, old: TRANSFER, new: undefined }],
        },
      ],
      body: { hooks: [SAY] },
    });
  });

  it('one item more in a list inside a hook is a change too', () => {
    const filtered = (startsWith: string[]) => ({ ...SAY, filters: [{ type: 'startsWith', key: 'number', startsWith }] });
    const result = diffNumber(declared({ hooks: [filtered(['1415'])] }), live({ hooks: [filtered(['1415', '1650'])] }));
    expect(result).toMatchObject({ changes: [{ field: 'hooks' }], body: { hooks: [filtered(['1415'])] } });
  });

  it('a list of the same length with one item edited in place is a change', () => {
    const edited = { ...TRANSFER, do: { ...TRANSFER.do, destination: { type: 'number', number: '+14155550100' } } };
    const result = diffNumber(declared({ hooks: [SAY, TRANSFER] }), live({ hooks: [SAY, edited] }));
    expect(result).toMatchObject({ changes: [{ field: 'hooks', from: [SAY, edited] }], body: { hooks: [SAY, TRANSFER] } });
  });

  it('the same list, and a declared list the API only decorated, are not', () => {
    expect(diffNumber(declared({ hooks: [SAY, TRANSFER] }), live({ hooks: [SAY, TRANSFER] }))).toEqual({ changes: [], body: {} });
    const decorated = [SAY, TRANSFER].map((hook) => ({ ...hook, filters: [] }));
    expect(diffNumber(declared({ hooks: [SAY, TRANSFER] }), live({ hooks: decorated }))).toEqual({ changes: [], body: {} });
  });
});

describe('a hook added in the dashboard, against the fake Vapi', () => {
  let world: World;
  afterEach(async () => world?.close());

  const CONFIG = [
    'version: 1',
    'numbers:',
    '  - name: front-desk',
    '    provider: vapi',
    '    hooks:',
    '      - on: call.ringing',
    '        do:',
    '          - type: say',
    '            exact: Please hold.',
    '',
  ].join('\n');

  it('plan --fail-on-changes fails naming hooks; apply removes the extra hook; the next plan is clean', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG);
    const seeded = world.fake.seedNumber({
      provider: 'vapi',
      name: 'front-desk',
      number: '+14155550123',
      hooks: [SAY, TRANSFER],
    });

    const plan = await world.engine({ command: 'plan', failOnChanges: true });
    expect(plan.failed).toBe(true);
    expect(plan.results).toMatchObject([{ name: 'front-desk', operation: 'would-update', changes: [{ field: 'hooks' }] }]);
    expect(plan.failures.join('\n')).toContain('fail-on-changes');
    expect(world.fake.mutatingRequests()).toEqual([]);

    world.fake.resetLog();
    const apply = await world.engine();
    expect(apply.failed, apply.log.join('\n')).toBe(false);
    expect(apply.results).toMatchObject([{ name: 'front-desk', operation: 'updated', id: seeded.id }]);
    expect(world.fake.mutatingRequests().map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', `/phone-number/${seeded.id}`, { hooks: [SAY] }],
    ]);
    expect(world.fake.numbers()[0]?.['hooks']).toEqual([SAY]);

    world.fake.resetLog();
    const again = await world.engine({ command: 'plan', failOnChanges: true });
    expect(again.failed).toBe(false);
    expect(again.results).toMatchObject([{ operation: 'unchanged' }]);
  });
});
