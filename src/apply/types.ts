import type { FieldChange } from '../plan/types.js';

/** What happened to one number, as the outputs, summary and comment report it (SPEC section 6). */
export type Operation =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'unchanged'
  | 'absent'
  | 'would-create'
  | 'would-update'
  | 'would-delete'
  | 'failed'
  | 'unknown';

/** Every operation, in the order reports count them. */
export const OPERATIONS: readonly Operation[] = [
  'created',
  'updated',
  'deleted',
  'would-create',
  'would-update',
  'would-delete',
  'unchanged',
  'absent',
  'failed',
  'unknown',
];

/** Operations that are a change (made, or with dry-run, to be made): they set `changed`. */
export const CHANGING_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'created',
  'updated',
  'deleted',
  'would-create',
  'would-update',
  'would-delete',
]);

/** Why an entry failed, and what the user can do about it. */
export interface EntryProblem {
  message: string;
  hint: string;
  /** The IDs involved, e.g. both numbers of a duplicated name. */
  ids?: string[];
  /** Set when a cancel caused it: the request was never sent, or was in flight and given up on. */
  cancelled?: 'not-sent' | 'in-flight';
}

/** The result for one name: the single value that drives outputs, summary and exit status. */
export interface NumberResult {
  name: string;
  operation: Operation;
  /** True for names in the config or `numbers` input; false for pruned, undeclared numbers. */
  declared: boolean;
  id?: string;
  number?: string;
  sipUri?: string;
  provider?: string;
  status?: string;
  /** Assistant or squad name as declared, else the routing ID. */
  routing?: string;
  /** For numbers this run created: when Vapi says it did, to tell an older duplicate from a newer one. */
  createdAt?: string;
  /** For updates: the fields that changed. */
  changes?: FieldChange[];
  problem?: EntryProblem;
}

/**
 * Whether the result makes the run fail: a failed or unknown outcome, or a problem verification
 * found after the run did what its operation says (a duplicate, a concurrent edit).
 */
export function isProblem(result: NumberResult): boolean {
  return result.operation === 'failed' || result.operation === 'unknown' || result.problem !== undefined;
}
