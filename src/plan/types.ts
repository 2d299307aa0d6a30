import type { DesiredNumber } from '../config/types.js';
import type { RemoteNumber } from '../vapi/types.js';

/**
 * The commands of the engine. `plan` is `apply` with dry-run; `export` only reads (it never reaches
 * the planner: run() hands it to src/export).
 */
export type Command = 'plan' | 'apply' | 'delete' | 'cleanup' | 'export';

/**
 * One changed leaf of a field, the unit every report shows (one line each). `path` runs from the
 * top-level field, e.g. `server.timeoutSeconds`, `hooks[1].filters[0].oneOf`. A secret leaf carries
 * no value at all; any secret inside a value shown whole (an added list element, say) is `***`.
 */
export type LeafChange =
  | {
      path: string;
      secret: false;
      /** The live value; `undefined` when the live number has none (an added element or key). */
      old: unknown;
      /** The declared value; `undefined` for a live list element the config no longer has. */
      new: unknown;
    }
  | { path: string; secret: true };

/** One declared field whose live value differs from the declared one. */
export interface FieldChange {
  /** Top-level field name, e.g. `assistantId`, `server`. */
  field: string;
  from: unknown;
  to: unknown;
  /** True when the field holds a secret anywhere; `leaves` says which leaves are secret. */
  secret: boolean;
  /** What differs inside the field, leaf by leaf (a list is still sent whole). Never empty. */
  leaves: LeafChange[];
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

/** A number `cleanup` matched but does not delete, and why, in words (`pull request #12 is open`). */
export interface KeptNumber {
  name: string;
  id: string;
  reason: string;
}

/** The plan: a value, printable and comparable, the single source of the report and the apply loop. */
export interface Plan {
  command: Command;
  /** Sorted by name, then id: the same inputs in any order give the same plan. */
  changes: PlannedChange[];
  /** `cleanup` only: the glob, and each matching number it keeps with the reason, for the report. */
  cleanup?: { match: string; kept: KeptNumber[] };
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
