// The plan, and so the report and the outputs, lists changes by name and, under one name, by ID:
// the same org listed in any order gives the same rows in the same order (the API documents no
// order, and the sandbox shuffles its lists).
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/plan.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

const remote = (id: string, name: string): RemoteNumber => ({ id, name, provider: 'vapi', createdAt: '2025-01-01T00:00:00Z' });

function rows(inventory: RemoteNumber[]): string[] {
  const plan = planChanges([], inventory, {
    command: 'apply',
    prune: true,
    pruneMatch: ['acme-*'],
    protect: [],
    maxDeletions: 10,
  });
  return plan.changes.map((change) => `${change.name}:${'id' in change ? change.id : ''}`);
}

describe('plan order', () => {
  it('is by name, then by ID, whatever order the list came in', () => {
    const inventory = [
      remote('pn-c', 'acme-b'),
      remote('pn-b', 'acme-a'),
      remote('pn-a', 'acme-b'),
      remote('pn-d', 'acme-a'),
      remote('pn-0', 'acme-b'),
    ];
    const expected = ['acme-a:pn-b', 'acme-a:pn-d', 'acme-b:pn-0', 'acme-b:pn-a', 'acme-b:pn-c'];
    expect(rows(inventory)).toEqual(expected);
    expect(rows([...inventory].reverse())).toEqual(expected);
    expect(rows([inventory[2], inventory[4], inventory[0], inventory[3], inventory[1]] as RemoteNumber[])).toEqual(expected);
  });
});
