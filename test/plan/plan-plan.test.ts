import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/api-fields.js';
import type { DesiredNumber } from '../../src/config/types.js';
import { planChanges } from '../../src/plan/plan.js';
import type { PlanOptions, PlannedChange } from '../../src/plan/types.js';
import type { RemoteNumber } from '../../src/vapi/types.js';
import { assertReplayable } from '../helpers/replay.js';

function declared(name: string, fields: Record<string, unknown> = {}, provider: Provider = 'vapi'): DesiredNumber {
  return { name, provider, fields, source: { file: 'vapi-numbers.yml', line: 1, column: 1 } };
}

function live(id: string, name: string | undefined, fields: Record<string, unknown> = {}): RemoteNumber {
  return { id, ...(name === undefined ? {} : { name }), provider: 'vapi', status: 'active', ...fields };
}

const apply: PlanOptions = { command: 'apply', prune: false, pruneMatch: [], protect: [], maxDeletions: 10 };

function summary(changes: PlannedChange[]): string[] {
  return changes.map((change) => `${change.action} ${change.name}${'id' in change ? ` ${change.id}` : ''}`);
}

describe('planChanges: apply', () => {
  it('creates, updates and leaves numbers alone, sorted by name', () => {
    const plan = planChanges(
      [
        declared('b-new', { assistantId: 'a1', squadId: null }),
        declared('a-same', { assistantId: 'a1' }),
        declared('c-drift', { assistantId: 'a2' }),
      ],
      [live('pn-2', 'c-drift', { assistantId: 'a1' }), live('pn-1', 'a-same', { assistantId: 'a1' }), live('pn-3', 'other')],
      apply,
    );
    expect(summary(plan.changes)).toEqual(['unchanged a-same pn-1', 'create b-new', 'update c-drift pn-2']);
    expect(plan.refusal).toBeUndefined();
    expect(plan.command).toBe('apply');
    expect(plan.changes[1]).toMatchObject({ body: { provider: 'vapi', name: 'b-new', assistantId: 'a1' } });
    expect(plan.changes[1]).not.toHaveProperty('body.squadId');
    expect(plan.changes[2]).toMatchObject({
      changes: [{ field: 'assistantId', from: 'a1', to: 'a2', secret: false }],
      body: { assistantId: 'a2' },
      remote: { id: 'pn-2' },
    });
  });

  it('matches names exactly and case-sensitively, never an unnamed number', () => {
    const plan = planChanges([declared('Main')], [live('pn-1', 'main'), live('pn-2', 'Main '), live('pn-3', undefined)], apply);
    expect(summary(plan.changes)).toEqual(['create Main']);
  });

  it('fails only the name that two live numbers share, naming both', () => {
    const plan = planChanges(
      [declared('dup', { assistantId: 'a' }), declared('fine', { assistantId: 'a' })],
      [live('pn-9', 'dup'), live('pn-1', 'dup'), live('pn-5', 'fine')],
      apply,
    );
    expect(summary(plan.changes)).toEqual(['fail dup', 'update fine pn-5']);
    const fail = plan.changes[0];
    expect(fail).toMatchObject({ action: 'fail', ids: ['pn-1', 'pn-9'], message: expect.stringContaining('pn-1, pn-9') });
    expect(fail).toMatchObject({ hint: expect.stringMatching(/[Dd]elete or rename the extra one.*run again/) });
  });

  it('fails an entry that cannot be patched and goes on with the others', () => {
    const plan = planChanges(
      [declared('sales', { number: '+14155550101' }, 'twilio'), declared('support', { assistantId: 'a' })],
      [live('pn-1', 'sales', { provider: 'twilio', number: '+14155550100' }), live('pn-2', 'support')],
      apply,
    );
    expect(summary(plan.changes)).toEqual(['fail sales', 'update support pn-2']);
    expect(plan.changes[0]).toMatchObject({
      ids: ['pn-1'],
      remote: { id: 'pn-1' },
      hint: expect.stringContaining('another name'),
    });
  });

  it('deletes nothing without prune', () => {
    const plan = planChanges([], [live('pn-1', 'acme-old')], { ...apply, pruneMatch: ['acme-*'] });
    expect(plan.changes).toEqual([]);
  });
});

describe('planChanges: prune', () => {
  const inventory = [
    live('pn-1', 'acme-main'),
    live('pn-2', 'acme-old'),
    live('pn-3', 'acme-kept'),
    live('pn-4', 'other-old'),
    live('pn-5', undefined),
    live('pn-6', ''),
    live('pn-7', 'acme-old'),
  ];
  const prune: PlanOptions = { ...apply, prune: true, pruneMatch: ['acme-*', '*'], protect: ['acme-main'] };

  it('deletes only named, owned, undeclared, unprotected numbers', () => {
    const plan = planChanges([declared('acme-kept')], inventory, { ...prune, pruneMatch: ['acme-*'] });
    expect(summary(plan.changes)).toEqual(['unchanged acme-kept pn-3', 'delete acme-old pn-2', 'delete acme-old pn-7']);
    expect(plan.changes[1]).toMatchObject({ reason: 'pruned', remote: { id: 'pn-2' } });
  });

  it('never prunes an unnamed number, even under *', () => {
    const plan = planChanges([], inventory, prune);
    expect(summary(plan.changes)).toEqual([
      'delete acme-kept pn-3',
      'delete acme-old pn-2',
      'delete acme-old pn-7',
      'delete other-old pn-4',
    ]);
  });

  it('owns nothing when prune.match is empty', () => {
    expect(planChanges([], inventory, { ...prune, pruneMatch: [] }).changes).toEqual([]);
  });
});

describe('planChanges: delete command', () => {
  const options: PlanOptions = { ...apply, command: 'delete', protect: ['prod-*'] };

  it('deletes declared names, reports absent ones, refuses protected and duplicated ones', () => {
    const plan = planChanges(
      [declared('pr-1'), declared('gone'), declared('prod-main'), declared('twice')],
      [live('pn-1', 'pr-1'), live('pn-2', 'prod-main'), live('pn-4', 'twice'), live('pn-3', 'twice'), live('pn-5', 'pr-2')],
      options,
    );
    expect(summary(plan.changes)).toEqual(['absent gone', 'delete pr-1 pn-1', 'fail prod-main', 'fail twice']);
    expect(plan.changes[1]).toMatchObject({ reason: 'declared' });
    expect(plan.changes[2]).toMatchObject({
      message: expect.stringContaining('protected'),
      hint: expect.stringMatching(/protect.*list/),
    });
    expect(plan.changes[3]).toMatchObject({ ids: ['pn-3', 'pn-4'] });
  });

  it('ignores prune', () => {
    const plan = planChanges([], [live('pn-1', 'x')], { ...options, prune: true, pruneMatch: ['*'] });
    expect(plan.changes).toEqual([]);
  });
});

describe('planChanges: max-deletions', () => {
  const inventory = Array.from({ length: 12 }, (_, i) => live(`pn-${i}`, `pr-${i}`));

  it('refuses a plan with more deletions than allowed, keeping every change', () => {
    const plan = planChanges([], inventory, { ...apply, prune: true, pruneMatch: ['pr-*'] });
    expect(plan.changes).toHaveLength(12);
    expect(plan.refusal).toBe(
      'This run would delete 12 numbers, more than max-deletions (10). Nothing was changed. Raise max-deletions if this is intended.',
    );
  });

  it('allows exactly max-deletions', () => {
    const plan = planChanges([], inventory, { ...apply, prune: true, pruneMatch: ['pr-*'], maxDeletions: 12 });
    expect(plan.refusal).toBeUndefined();
  });

  it('counts declared deletes too, and says "number" for one', () => {
    const plan = planChanges([declared('pr-1')], inventory, { ...apply, command: 'delete', maxDeletions: 0 });
    expect(plan.refusal).toMatch(/^This run would delete 1 number, more than max-deletions \(0\)/);
  });
});

describe('planChanges: determinism', () => {
  const names = ['a', 'b', 'B', 'pr-1-x', 'pr-2-x', 'acme-1', 'acme-main'];
  const remoteArb = fc.record({
    name: fc.option(fc.constantFrom(...names), { nil: undefined }),
    assistantId: fc.constantFrom('a1', 'a2', undefined),
    hooks: fc.constantFrom(undefined, [], [{ on: 'call.ringing', do: [] }]),
  });
  const inventoryArb = fc
    .array(remoteArb, { maxLength: 12 })
    .map((numbers) => numbers.map(({ name, ...fields }, i) => live(`pn-${i}`, name, fields)));
  const desiredArb = fc
    .uniqueArray(fc.constantFrom(...names), { maxLength: names.length })
    .chain((declaredNames) =>
      fc.tuple(
        ...declaredNames.map((name) => fc.constantFrom('a1', 'a2', null).map((id) => declared(name, { assistantId: id }))),
      ),
    );
  const optionsArb: fc.Arbitrary<PlanOptions> = fc.record({
    command: fc.constantFrom('plan' as const, 'apply' as const, 'delete' as const),
    prune: fc.boolean(),
    pruneMatch: fc.constantFrom<string[]>([], ['acme-*'], ['pr-{pr}-*', 'b']),
    protect: fc.constantFrom<string[]>([], ['acme-main']),
    maxDeletions: fc.nat(5),
  });
  const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });

  it('gives the same plan for the same inputs in any order', async () => {
    await assertReplayable(
      fc.property(
        desiredArb.chain((desired) => fc.tuple(fc.constant(desired), shuffled(desired))),
        inventoryArb.chain((inventory) => fc.tuple(fc.constant(inventory), shuffled(inventory))),
        optionsArb,
        ([desired, desiredShuffled], [inventory, inventoryShuffled], options) => {
          expect(planChanges(desiredShuffled, inventoryShuffled, options)).toEqual(planChanges(desired, inventory, options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('converges: after the updates are applied, a second plan has no update', async () => {
    await assertReplayable(
      fc.property(desiredArb, inventoryArb, (desired, inventory) => {
        const first = planChanges(desired, inventory, apply);
        const patched = inventory.map((remote) => {
          const update = first.changes.find((change) => change.action === 'update' && change.id === remote.id);
          return update && update.action === 'update' ? { ...remote, ...update.body } : remote;
        });
        const second = planChanges(desired, patched, apply);
        expect(second.changes.filter((change) => change.action === 'update')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
