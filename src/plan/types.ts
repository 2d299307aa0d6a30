import type { DesiredNumber } from '../config/types.js';
import type { RemoteNumber } from '../vapi/types.js';

/** The commands that write phone numbers. `plan` is `apply` with dry-run. */
export type Command = 'plan' | 'apply' | 'delete' | 'cleanup';

/** One declared field whose live value differs from the declared one. */
export interface FieldChange {
  /** Top-level field name, e.g. `assistantId`, `server`. */
  field: string;
  from: unknown;
  to: unknown;
  /** True when the field holds a secret: reports show `***` instead of either value. */
  secret: boolean;
}

/** Why a number is to be deleted. */
export type DeleteReason = 'declared' | 'pruned' | 'expired' | 'pr-closed';

/** What the plan will do for one name (or one undeclared number). */
export type PlannedChange =
  | { action: 'create'; name: string; desired: DesiredNumber; body: Record<string, unknown> }
  | {
      action: 'update';
      name: string;
      id: string;
      desired: DesiredNumber;
      remote: RemoteNumber;
      changes: FieldChange[];
      /** Only the changed top-level fields; nested objects whole, as declared. */
      body: Record<string, unknown>;
    }
  | { action: 'unchanged'; name: string; id: string; desired: DesiredNumber; remote: RemoteNumber }
  | { action: 'delete'; name: string; id: string; remote: RemoteNumber; reason: DeleteReason }
  /** `delete` of a declared name that does not exist: not an error. */
  | { action: 'absent'; name: string; desired?: DesiredNumber }
  /** The entry cannot be done; the others go on and the step fails at the end. */
  | {
      action: 'fail';
      name: string;
      message: string;
      hint: string;
      desired?: DesiredNumber;
      remote?: RemoteNumber;
      /** The IDs involved, e.g. both numbers of a duplicated name. */
      ids: string[];
    };

export type PlannedAction = PlannedChange['action'];

/** The plan: a value, printable and comparable, the single source of the report and the apply loop. */
export interface Plan {
  command: Command;
  /** Sorted by name, then id: the same inputs in any order give the same plan. */
  changes: PlannedChange[];
  /**
   * Set when the plan must not be applied at all (more deletions than `max-deletions`): apply
   * writes nothing and the step fails with this message, showing the plan.
   */
  refusal?: string;
}

/** What the planner needs besides the desired and live states. */
export interface PlanOptions {
  command: Command;
  /** `plan`/`apply`: also delete owned undeclared numbers. */
  prune: boolean;
  /** Globs of names a prune may delete (config `prune.match`). */
  pruneMatch: string[];
  /** Globs of names never deleted, by any command (input `protect` plus config `prune.protect`). */
  protect: string[];
  maxDeletions: number;
}
