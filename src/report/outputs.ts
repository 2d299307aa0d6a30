import type { NumberResult } from '../apply/types.js';
import type { RunOutcome } from '../run.js';

/** Every output of action.yml with its empty value: set first, so every exit path defines them. */
export const DEFAULT_OUTPUTS: Readonly<Record<string, string>> = {
  numbers: '[]',
  ids: '{}',
  'phone-number-id': '',
  'phone-number': '',
  created: '[]',
  updated: '[]',
  deleted: '[]',
  unchanged: '[]',
  changed: 'false',
};

/**
 * Operations after which the number still exists (for `ids`): a dry run deletes nothing, and a
 * failed update or delete leaves the number in place under the ID the result carries.
 */
const EXISTS_AFTER: ReadonlySet<string> = new Set(['created', 'updated', 'unchanged', 'would-update', 'would-delete', 'failed']);

/**
 * A name that verification found on more than one number has no single ID until the user deletes
 * one: `ids` (and `phone-number-id`) leave it out rather than wire a later step to the number the
 * report advises deleting. `numbers` still gives the ID this run dealt with.
 */
function heldByOneNumber(result: NumberResult): boolean {
  return (result.problem?.ids?.length ?? 0) <= 1;
}

/** The step outputs of SPEC section 6, as strings. */
export function outputsFor(outcome: RunOutcome): Record<string, string> {
  const { results } = outcome;
  const declared = results.filter((result) => result.declared);
  const ids: Record<string, string> = {};
  for (const result of declared) {
    if (result.id && EXISTS_AFTER.has(result.operation) && heldByOneNumber(result)) {
      ids[result.name] = result.id;
    }
  }
  const only = declared.length === 1 ? declared[0] : undefined;
  const onlyExists = only !== undefined && ids[only.name] !== undefined;
  const namesWith = (operation: string): string =>
    JSON.stringify(results.filter((r) => r.operation === operation).map((r) => r.name));
  return {
    numbers: JSON.stringify(results.map(publicFields)),
    ids: JSON.stringify(ids),
    'phone-number-id': onlyExists ? (only.id ?? '') : '',
    'phone-number': onlyExists ? (only.number ?? only.sipUri ?? '') : '',
    created: namesWith('created'),
    updated: namesWith('updated'),
    deleted: namesWith('deleted'),
    unchanged: namesWith('unchanged'),
    changed: String(outcome.changed),
  };
}

/** One entry of the `numbers` output: exactly the documented keys, null where unknown. */
function publicFields(result: NumberResult): Record<string, string | null> {
  return {
    name: result.name,
    id: result.id ?? null,
    number: result.number ?? null,
    sipUri: result.sipUri ?? null,
    provider: result.provider ?? null,
    status: result.status ?? null,
    operation: result.operation,
  };
}
