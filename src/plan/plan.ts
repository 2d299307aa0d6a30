// Turns the declared numbers and the live inventory into a Plan (SPEC sections 3 and 4). Pure: the
// same inputs, in any order, give a deeply equal plan.
import type { DesiredNumber } from '../config/types.js';
import type { RemoteNumber } from '../vapi/types.js';
import { createBody, diffNumber } from './diff.js';
import { compileGlob, type NameGlob } from './globs.js';
import type { Command, Plan, PlannedChange, PlanOptions } from './types.js';

/** Live numbers grouped by name. Unnamed numbers (no name, or an empty one) are left out. */
function byName(inventory: readonly RemoteNumber[]): Map<string, RemoteNumber[]> {
  const groups = new Map<string, RemoteNumber[]>();
  for (const remote of inventory) {
    if (typeof remote.name !== 'string' || remote.name === '') continue;
    const group = groups.get(remote.name);
    if (group) group.push(remote);
    else groups.set(remote.name, [remote]);
  }
  for (const group of groups.values()) group.sort((a, b) => compareText(a.id, b.id));
  return groups;
}

// Code-unit order, not localeCompare: the order must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(change: PlannedChange): string {
  if ('id' in change) return change.id;
  if (change.action === 'fail') return change.ids[0] ?? '';
  return '';
}

function compareChanges(a: PlannedChange, b: PlannedChange): number {
  return compareText(a.name, b.name) || compareText(sortKey(a), sortKey(b)) || compareText(a.action, b.action);
}

function ids(remotes: readonly RemoteNumber[]): string[] {
  return remotes.map((remote) => remote.id);
}

function duplicateFail(name: string, remotes: readonly RemoteNumber[], desired: DesiredNumber): PlannedChange {
  return {
    action: 'fail',
    name,
    desired,
    ids: ids(remotes),
    message: `${remotes.length} numbers are named "${name}" (${ids(remotes).join(', ')}); it was not touched, as it is not clear which one is meant.`,
    hint: `Delete or rename the extra one in the Vapi dashboard, then run again.`,
  };
}

function reconcile(desired: DesiredNumber, matches: readonly RemoteNumber[]): PlannedChange {
  const { name } = desired;
  const [remote] = matches;
  if (remote === undefined) return { action: 'create', name, desired, body: createBody(desired) };
  if (matches.length > 1) return duplicateFail(name, matches, desired);
  const diff = diffNumber(desired, remote);
  if ('error' in diff) {
    return { action: 'fail', name, desired, remote, ids: [remote.id], message: diff.error, hint: diff.hint };
  }
  if (diff.changes.length === 0) return { action: 'unchanged', name, id: remote.id, desired, remote };
  return { action: 'update', name, id: remote.id, desired, remote, changes: diff.changes, body: diff.body };
}

function deleteDeclared(desired: DesiredNumber, matches: readonly RemoteNumber[], isProtected: boolean): PlannedChange {
  const { name } = desired;
  const [remote] = matches;
  if (remote === undefined) return { action: 'absent', name, desired };
  if (matches.length > 1) return duplicateFail(name, matches, desired);
  if (isProtected) {
    return {
      action: 'fail',
      name,
      desired,
      remote,
      ids: [remote.id],
      message: `"${name}" (${remote.id}) is protected: no command deletes it.`,
      hint: `Remove it from protect, or remove it from the list of numbers to delete.`,
    };
  }
  return { action: 'delete', name, id: remote.id, remote, reason: 'declared' };
}

/** Every undeclared, named, owned (matches prune.match) and unprotected live number. */
function pruned(
  inventory: Map<string, RemoteNumber[]>,
  declared: Set<string>,
  owned: NameGlob[],
  isProtected: (name: string) => boolean,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const [name, remotes] of inventory) {
    if (declared.has(name) || !owned.some((glob) => glob.test(name)) || isProtected(name)) continue;
    for (const remote of remotes) changes.push({ action: 'delete', name, id: remote.id, remote, reason: 'pruned' });
  }
  return changes;
}

/**
 * Sorts the changes (by name, then id) and refuses the plan when it would delete more than
 * `maxDeletions` numbers. The refused plan keeps every change so that it can still be shown.
 * Exported so that other planners (cleanup) end the same way.
 */
export function finishPlan(command: Command, changes: PlannedChange[], maxDeletions: number): Plan {
  const sorted = [...changes].sort(compareChanges);
  const deletions = sorted.filter((change) => change.action === 'delete').length;
  if (deletions <= maxDeletions) return { command, changes: sorted };
  const refusal =
    `This run would delete ${deletions} number${deletions === 1 ? '' : 's'}, more than max-deletions ` +
    `(${maxDeletions}). Nothing was changed. Raise max-deletions if this is intended.`;
  return { command, changes: sorted, refusal };
}

/**
 * Plans a run. `plan`/`apply`: create, update or leave each declared number, and with `prune`
 * delete owned undeclared ones. `delete`: delete each declared name. `cleanup` is not planned from
 * a declared list and is refused here. Throws on an invalid glob in `pruneMatch` or `protect`.
 */
export function planChanges(desired: DesiredNumber[], inventory: RemoteNumber[], options: PlanOptions): Plan {
  if (options.command === 'cleanup') {
    throw new Error('planChanges plans plan, apply and delete; cleanup selects numbers by its own criteria.');
  }
  const protect = options.protect.map(compileGlob);
  const owned = options.pruneMatch.map(compileGlob);
  const isProtected = (name: string): boolean => protect.some((glob) => glob.test(name));
  const live = byName(inventory);

  const declared = new Map<string, DesiredNumber[]>();
  for (const entry of desired) declared.set(entry.name, [...(declared.get(entry.name) ?? []), entry]);

  const changes: PlannedChange[] = [];
  for (const [name, entries] of declared) {
    const matches = live.get(name) ?? [];
    const [entry] = entries;
    if (entry === undefined) continue;
    if (entries.length > 1) {
      // Config validation rejects duplicate names; this guards callers that skip it, without
      // letting the input order pick which declaration wins.
      changes.push({
        action: 'fail',
        name,
        ids: ids(matches),
        message: `"${name}" is declared ${entries.length} times.`,
        hint: 'Give each declared number its own name.',
      });
    } else if (options.command === 'delete') {
      changes.push(deleteDeclared(entry, matches, isProtected(name)));
    } else {
      changes.push(reconcile(entry, matches));
    }
  }

  // An empty prune.match owns nothing: it must never be read as "every number".
  if (options.command !== 'delete' && options.prune && owned.length > 0) {
    changes.push(...pruned(live, new Set(declared.keys()), owned, isProtected));
  }
  return finishPlan(options.command, changes, options.maxDeletions);
}
