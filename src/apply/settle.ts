// After a cancel: one listing, if time allows, tells which creates still `unknown` (in flight at
// the cancel, or ambiguous before it) were made, so the report can name their numbers; and the
// run's failure line says what was done, what was not, and why not to re-run at once.
import { listWithinDeadline, type Cancellation } from '../cancel.js';
import type { RunLog } from '../log.js';
import type { PlannedChange } from '../plan/types.js';
import type { RemoteNumber } from '../vapi/types.js';
import { WAIT_THEN_RERUN } from './errors.js';
import { resultFromRemote } from './results.js';
import type { NumberResult } from './types.js';
import { withoutFullStop } from '../shell-words.js';

/** `changes[i]` is the change `results[i]` came from, as applyPlan returns them. */
export async function settleAfterCancel(
  changes: readonly PlannedChange[],
  results: NumberResult[],
  options: {
    cancel: Cancellation;
    log: RunLog;
    /** The inventory the plan was made from: numbers in it are not this run's. */
    inventory: RemoteNumber[];
    /** Lists every number within `timeoutMs`, bypassing the cancel (the one request allowed). */
    list: (timeoutMs: number) => Promise<RemoteNumber[]>;
  },
): Promise<NumberResult[]> {
  const pending = unknownCreates(changes, results);
  if (pending.length === 0) return results;
  const names = pending.map((index) => `'${results[index]?.name}'`).join(', ');
  options.log.info(`Listing once to find out whether ${names} ${pending.length === 1 ? 'was' : 'were'} created`);
  const { listing, why } = await listWithinDeadline(options.cancel, options.list);
  const known = new Set([...options.inventory, ...results].map((item) => item.id));
  const settled = [...results];
  for (const index of pending) {
    const result = results[index] as NumberResult;
    const problem = result.problem ?? { message: `Creating '${result.name}' has an unknown outcome.`, hint: WAIT_THEN_RERUN };
    if (!listing) {
      settled[index] = {
        ...result,
        problem: {
          ...problem,
          message: `${problem.message} It could not be listed: ${withoutFullStop(why ?? 'no listing was made')}.`,
        },
      };
      continue;
    }
    const fresh = listing.filter((remote) => remote.name === result.name && !known.has(remote.id));
    if (fresh.length === 1 && fresh[0]) {
      options.log.info(`'${result.name}' was created (${fresh[0].id}); the listing after the cancel shows it.`);
      settled[index] = {
        ...resultFromRemote({ ...result, problem: undefined }, fresh[0]),
        operation: 'created',
        createdAt: fresh[0].createdAt,
      };
    } else if (fresh.length > 1) {
      const ids = fresh.map((remote) => remote.id).sort();
      settled[index] = {
        ...result,
        operation: 'failed',
        problem: {
          message: `After the cancel, '${result.name}' is listed ${ids.length} times: ${ids.join(', ')}.`,
          hint: 'Delete the extra numbers in the Vapi dashboard (keep one), then run again.',
          ids,
        },
      };
    } else {
      const message = `${problem.message} The listing after the cancel does not show it (yet: the list can lag behind a create).`;
      settled[index] = { ...result, problem: { ...problem, message, hint: WAIT_THEN_RERUN } };
    }
  }
  return settled;
}

/** Indices of the creates whose outcome is unknown: what the listing after a cancel is for. */
export function unknownCreates(changes: readonly PlannedChange[], results: readonly NumberResult[]): number[] {
  return results.flatMap((result, index) =>
    changes[index]?.action === 'create' && result.operation === 'unknown' ? [index] : [],
  );
}

/** The run's failure line for a cancel, in the shell's words. */
export function cancelFailure(cancel: Cancellation, results: NumberResult[]): string {
  const count = (test: (result: NumberResult) => boolean): number => results.filter(test).length;
  const parts = [
    [count((r) => r.operation === 'created'), 'created'],
    [count((r) => r.operation === 'updated'), 'updated'],
    [count((r) => r.operation === 'deleted'), 'deleted'],
    [count((r) => r.operation === 'unknown'), 'with an unknown outcome'],
    [count((r) => r.problem?.cancelled === 'not-sent'), 'not started'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`);
  const cause = cancel.causeSentence;
  return (
    `${cause} before it finished${parts.length > 0 ? ` (${parts.join(', ')})` : ''}: no change was started after ` +
    'that, and the table shows what is known of each number. Wait about a minute before running again: ' +
    "Vapi's list can lag behind a create, and a run that does not see a number yet buys it a second time."
  );
}
