// Step 7 of SPEC section 3: after any change, list again and hold every declared name to exactly
// one number with the declared values. A concurrent run or a dashboard edit shows up here. What it
// finds is a problem attached to the result; the operation stays what the run did, so `created`
// and the other outputs never lose a number the run bought.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DesiredNumber } from '../config/types.js';
import type { RunLog } from '../log.js';
import { planChanges } from '../plan/plan.js';
import type { RemoteNumber, VapiClient } from '../vapi/types.js';
import { duplicateProblem } from './duplicates.js';
import { describeError } from './errors.js';
import { resultFromRemote } from './results.js';
import type { EntryProblem, NumberResult } from './types.js';

/** What verification needs. */
export interface VerifyOptions {
  client: VapiClient;
  log: RunLog;
  desired: DesiredNumber[];
  /** Waits before each listing; more than one because a fresh write may not be listed at once. */
  delaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** True once the run is cancelled: verification keeps what it found so far and lists no more. */
  stopped?: () => boolean;
}

const DEFAULT_DELAYS_MS = [0, 2_000, 5_000];
const VERIFIED: ReadonlySet<string> = new Set(['created', 'updated', 'unchanged', 'deleted']);

/** Returns the results with live values filled in, and problems where the live state differs. */
export async function verifyResults(
  results: NumberResult[],
  options: VerifyOptions,
): Promise<{ results: NumberResult[]; error?: string }> {
  const desiredByName = new Map(options.desired.map((number) => [number.name, number]));
  const stopped = options.stopped ?? (() => false);
  let current = results;
  let lastError: string | undefined;
  for (const delay of options.delaysMs ?? DEFAULT_DELAYS_MS) {
    if (stopped()) break;
    try {
      if (delay > 0) await (options.sleep ?? sleep)(delay);
    } catch (error) {
      if (stopped()) break;
      throw error;
    }
    let listing: RemoteNumber[];
    try {
      listing = await options.client.listPhoneNumbers();
    } catch (error) {
      if (stopped()) break;
      lastError = `Could not verify the result: listing phone numbers failed: ${describeError(error).message}`;
      options.log.warning(lastError);
      continue;
    }
    lastError = undefined;
    current = results.map((result) => checkOne(result, listing, desiredByName.get(result.name)));
    if (!current.some((result) => result.problem?.message.startsWith(VERIFY_PREFIX))) break;
  }
  return lastError ? { results: current, error: lastError } : { results: current };
}

const VERIFY_PREFIX = 'Verification: ';

function checkOne(result: NumberResult, listing: RemoteNumber[], desired: DesiredNumber | undefined): NumberResult {
  if (!VERIFIED.has(result.operation)) return result;
  if (result.operation === 'deleted') {
    const still = listing.find((remote) => remote.id === result.id);
    return still ? flag(result, `'${result.name}' (${result.id}) is still listed after its delete.`) : result;
  }
  if (!desired) return result;
  // A number this run bought, beside another of the same name: the listing the plan came from
  // did not show that one (a lagging list, or a run at the same time). Both are named, whichever
  // of them the listing shows now.
  if (result.operation === 'created' && result.id) {
    const others = listing.filter((remote) => remote.name === result.name && remote.id !== result.id);
    if (others.length > 0) return withProblem(result, duplicateProblem(result, others, VERIFY_PREFIX));
  }
  const [change] = planChanges([desired], listing, {
    command: 'apply',
    prune: false,
    pruneMatch: [],
    protect: [],
    maxDeletions: Number.MAX_SAFE_INTEGER,
  }).changes;
  switch (change?.action) {
    case 'unchanged':
      // Listed once, but under another ID than the number this run wrote.
      if (result.operation === 'updated' && result.id && change.remote.id !== result.id) {
        return flag(
          result,
          `'${result.name}' is listed as ${change.remote.id}, not as ${result.id}, which this run updated.`,
          [result.id, change.remote.id].sort(),
        );
      }
      return resultFromRemote({ ...result, problem: undefined }, change.remote);
    case 'create':
      if (result.operation === 'created') {
        return withProblem(result, {
          message: `${VERIFY_PREFIX}'${result.name}' (${result.id}) is not listed yet, although Vapi answered its create with that ID.`,
          hint: "Vapi's list can lag behind a create: wait about a minute, then run the plan; it should show the number unchanged. Do not re-run apply before that, or it may buy a second number.",
        });
      }
      return flag(result, `'${result.name}' is not listed after this run.`);
    case 'update':
      return flag(
        result,
        `'${result.name}' (${change.id}) differs from the config after this run: ${change.changes.map((c) => c.field).join(', ')}.`,
      );
    case 'fail':
      return flag(result, change.message, change.ids);
    default:
      return result;
  }
}

function flag(result: NumberResult, message: string, ids?: string[]): NumberResult {
  return withProblem(result, {
    message: `${VERIFY_PREFIX}${message}`,
    hint: 'Another run or a dashboard edit may have changed the number at the same time. Run the plan again to see the live state; duplicates are never deleted automatically.',
    ...(ids ? { ids } : {}),
  });
}

function withProblem(result: NumberResult, problem: EntryProblem): NumberResult {
  return { ...result, problem };
}
