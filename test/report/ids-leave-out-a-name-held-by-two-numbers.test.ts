// A name that verification found on two numbers (a lagging list made this run buy a second one)
// has no single ID until the user deletes one of them: `ids` and `phone-number-id` must not wire a
// later step to either, while `numbers` and `created` still say what the run did.
import { describe, expect, it } from 'vitest';
import type { NumberResult } from '../../src/apply/types.js';
import { outputsFor } from '../../src/report/outputs.js';
import type { RunOutcome } from '../../src/run.js';

const outcome = (results: NumberResult[]): RunOutcome => ({
  command: 'apply',
  dryRun: false,
  label: 'vapi-numbers.yml',
  results,
  plan: { command: 'apply', changes: [] },
  failures: [],
  changed: true,
  failed: true,
});

const created = (name: string, id: string, problemIds?: string[]): NumberResult => ({
  name,
  operation: 'created',
  declared: true,
  id,
  number: '+14155550100',
  provider: 'vonage',
  ...(problemIds ? { problem: { message: `'${name}' now has 2 numbers`, hint: 'delete one', ids: problemIds } } : {}),
});

describe('outputs for a name held by two numbers', () => {
  it('leaves the name out of `ids`, keeps it in `created` and `numbers` with the ID this run bought', () => {
    const outputs = outputsFor(outcome([created('dup', 'pn-new', ['pn-new', 'pn-old']), created('solo', 'pn-solo')]));
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ solo: 'pn-solo' });
    expect(JSON.parse(outputs['created'] ?? '')).toEqual(['dup', 'solo']);
    const numbers = JSON.parse(outputs['numbers'] ?? '') as { name: string; id: string }[];
    expect(numbers.find((n) => n.name === 'dup')?.id).toBe('pn-new');
  });

  it('gives no `phone-number-id` or `phone-number` when the one declared name is held twice', () => {
    const outputs = outputsFor(outcome([created('dup', 'pn-new', ['pn-new', 'pn-old'])]));
    expect(outputs['ids']).toBe('{}');
    expect(outputs['phone-number-id']).toBe('');
    expect(outputs['phone-number']).toBe('');
  });

  it('keeps a name whose problem names only its own number (not listed yet, say)', () => {
    const outputs = outputsFor(outcome([created('late', 'pn-late', ['pn-late'])]));
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ late: 'pn-late' });
    expect(outputs['phone-number-id']).toBe('pn-late');
  });
});
