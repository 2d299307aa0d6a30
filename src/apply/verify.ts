// Step 7 of SPEC section 3: after any change, list again and hold every declared name to exactly
// one number with the declared values. A concurrent run or a dashboard edit shows up here.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DesiredNumber } from '../config/types.js';
import type { RunLog } from '../log.js';
import { planChanges } from '../plan/plan.js';
import type { RemoteNumber, VapiClient } from '../vapi/types.js';
import { describeError } from './errors.js';
import { resultFromRemote } from './results.js';
import type { NumberResult } from './types.js';

/** What verification needs. */
export interface VerifyOptions {
  client: VapiClient;
  log: RunLog;
  desired: DesiredNumber[];
  /** Waits before each listing; more than one because a fresh write may not be listed at once. */
  delaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS_MS = [0, 2_000, 5_000];
const VERIFIED: ReadonlySet<string> = new Set(['created', 'updated', 'unchanged', 'deleted']);

/** Returns the results with live values filled in, and failures where the live state differs. */
export async function verifyResults(
  results: NumberResult[],
  options: VerifyOptions,
): Promise<{ results: NumberResult[]; error?: string }> {
  const desiredByName = new Map(options.desired.map((number) => [number.name, number]));
  let current = results;
  let lastError: string | undefined;
  for (const delay of options.delaysMs ?? DEFAULT_DELAYS_MS) {
    if (delay > 0) await (options.sleep ?? sleep)(delay);
    let listing: RemoteNumber[];
    try {
      listing = await options.client.listPhoneNumbers();
    } catch (error) {
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
    return still ? failed(result, `'${result.name}' (${result.id}) is still listed after its delete.`) : result;
  }
  if (!desired) return result;
  const [change] = planChanges([desired], listing, {
    command: 'apply',
    prune: false,
    pruneMatch: [],
    protect: [],
    maxDeletions: Number.MAX_SAFE_INTEGER,
  }).changes;
  switch (change?.action) {
    case 'unchanged':
      // The name is listed once, but under another ID than the number this run wrote: a list that
      // lags behind this run's create shows an older number of the same name (bought by a run that
      // was killed before it could report). Passing here would hide the second number.
      if ((result.operation === 'created' || result.operation === 'updated') && result.id && change.remote.id !== result.id) {
        return failed(
          result,
          `'${result.name}' is listed as ${change.remote.id}, not as ${result.id}, which this run ${result.operation}.`,
          [result.id, change.remote.id].sort(),
        );
      }
      return resultFromRemote({ ...result, problem: undefined }, change.remote);
    case 'create':
      return failed(result, `'${result.name}' is not listed after this run.`);
    case 'update':
      return failed(
        result,
        `'${result.name}' (${change.id}) differs from the config after this run: ${change.changes.map((c) => c.field).join(', ')}.`,
      );
    case 'fail':
      return failed(result, change.message, change.ids);
    default:
      return result;
  }
}

function failed(result: NumberResult, message: string, ids?: string[]): NumberResult {
  return {
    ...result,
    operation: 'failed',
    problem: {
      message: `${VERIFY_PREFIX}${message}`,
      hint: 'Another run or a dashboard edit may have changed the number at the same time. Run the plan again to see the live state; duplicates are never deleted automatically.',
      ...(ids ? { ids } : {}),
    },
  };
}
