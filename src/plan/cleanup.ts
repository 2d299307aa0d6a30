// Plans `cleanup` (SPEC sections 4 and 5): which numbers matching a glob have outlived their pull
// request or their time to live. Pure: the clock and the pull-request states are inputs.
import type { RemoteNumber } from '../vapi/types.js';
import { compileGlob } from './globs.js';
import { finishPlan } from './plan.js';
import type { DeleteReason, KeptNumber, Plan, PlannedChange } from './types.js';
import { withoutFullStop } from '../shell-words.js';

/** What GitHub said of one pull request; `error` means it could not be told, so nothing goes. */
export type PullRequestState =
  { state: 'open' } | { state: 'closed' } | { state: 'missing' } | { state: 'error'; message: string };

/** The criteria and limits of one cleanup run. */
export interface CleanupOptions {
  /** Glob of the names to consider; `{pr}` captures the pull-request number. */
  match: string;
  /** Delete matches created more than this long before `now`. */
  olderThanMs?: number;
  /** Delete matches whose pull request is closed or gone (needs `{pr}` in `match`). */
  prClosed: boolean;
  /** Epoch milliseconds the ages are measured against. */
  now: number;
  /** States of the pull requests `cleanupPullRequests` asked for. */
  pullRequests: ReadonlyMap<number, PullRequestState>;
  protect: string[];
  /** Names the config declares: a cleanup never takes a number the config wants to keep. */
  declared: readonly string[];
  maxDeletions: number;
}

interface Candidate {
  remote: RemoteNumber & { name: string };
  pr?: number;
}

/**
 * The numbers `match` selects that no protect glob or declaration keeps; `kept` collects those it
 * selects that one does keep, for the report.
 */
function candidates(
  inventory: readonly RemoteNumber[],
  options: Pick<CleanupOptions, 'match' | 'protect' | 'declared'>,
  kept: KeptNumber[] = [],
): Candidate[] {
  const glob = compileGlob(options.match);
  const protect = options.protect.map((text) => ({ text, glob: compileGlob(text) }));
  const declared = new Set(options.declared);
  const found: Candidate[] = [];
  for (const remote of inventory) {
    const { name } = remote;
    if (typeof name !== 'string' || name === '') continue;
    const matched = glob.match(name);
    if (!matched) continue;
    const protectedBy = protect.find((p) => p.glob.test(name));
    if (declared.has(name)) kept.push({ name, id: remote.id, reason: 'declared in the config' });
    else if (protectedBy) kept.push({ name, id: remote.id, reason: `protected by '${protectedBy.text}'` });
    else found.push({ remote: { ...remote, name }, pr: matched.pr });
  }
  return found;
}

/** The distinct pull requests whose state decides a deletion: one GitHub request each. */
export function cleanupPullRequests(inventory: readonly RemoteNumber[], options: Omit<CleanupOptions, 'pullRequests'>): number[] {
  if (!options.prClosed) return [];
  const prs = new Set<number>();
  for (const candidate of candidates(inventory, options)) {
    // An expired number goes whatever its pull request says, so its state need not be asked.
    if (candidate.pr !== undefined && !isExpired(candidate.remote, options)) prs.add(candidate.pr);
  }
  return [...prs].sort((a, b) => a - b);
}

function isExpired(remote: RemoteNumber, options: Pick<CleanupOptions, 'olderThanMs' | 'now'>): boolean {
  if (options.olderThanMs === undefined || typeof remote.createdAt !== 'string') return false;
  const created = Date.parse(remote.createdAt);
  // An unreadable date proves no age: the number stays.
  return !Number.isNaN(created) && options.now - created > options.olderThanMs;
}

/** Deletes each match for which an enabled criterion holds; an unknown PR state fails that number. */
export function planCleanup(inventory: readonly RemoteNumber[], options: CleanupOptions): Plan {
  const changes: PlannedChange[] = [];
  const kept: KeptNumber[] = [];
  for (const { remote, pr } of candidates(inventory, options, kept)) {
    const reason = deleteReason(remote, pr, options);
    if (reason === undefined) {
      kept.push({ name: remote.name, id: remote.id, reason: keptReason(remote, pr, options) });
      continue;
    }
    if (typeof reason === 'string') {
      changes.push({ action: 'delete', name: remote.name, id: remote.id, remote, reason });
    } else {
      changes.push({ action: 'fail', name: remote.name, remote, ids: [remote.id], ...reason });
    }
  }
  kept.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  return { ...finishPlan('cleanup', changes, options.maxDeletions), cleanup: { match: options.match, kept } };
}

/** Why a match no criterion selects stays: each enabled criterion, and what it found. */
function keptReason(remote: RemoteNumber, pr: number | undefined, options: CleanupOptions): string {
  const reasons: string[] = [];
  if (options.olderThanMs !== undefined) {
    const created = typeof remote.createdAt === 'string' ? Date.parse(remote.createdAt) : Number.NaN;
    reasons.push(
      Number.isNaN(created)
        ? 'no readable creation time, so no age to compare'
        : `created ${durationText(options.now - created)} ago, not older than ${durationText(options.olderThanMs)}`,
    );
  }
  if (options.prClosed) {
    reasons.push(pr === undefined ? 'its name holds no pull-request number' : `pull request #${pr} is open`);
  }
  return reasons.join('; ');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A duration as a person reads it, in its largest whole unit: `3 d`, `5 h`, `12 min`. */
function durationText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

function deleteReason(
  remote: RemoteNumber,
  pr: number | undefined,
  options: CleanupOptions,
): DeleteReason | { message: string; hint: string } | undefined {
  if (isExpired(remote, options)) return 'expired';
  if (!options.prClosed || pr === undefined) return undefined;
  const state = options.pullRequests.get(pr);
  if (state === undefined) {
    return { message: `The state of pull request #${pr} was not read.`, hint: 'Run the cleanup again.' };
  }
  if (state.state === 'closed' || state.state === 'missing') return 'pr-closed';
  if (state.state === 'error') {
    return {
      message: `Kept: the state of pull request #${pr} could not be read: ${withoutFullStop(state.message)}.`,
      hint: 'Nothing is deleted for a pull request whose state is unknown. Fix the cause and run again.',
    };
  }
  return undefined;
}
