import { setTimeout as sleep } from 'node:timers/promises';
import type { Cancellation } from '../cancel.js';
import type { RemoteNumber, VapiClient } from '../vapi/types.js';
import type { RunLog } from '../log.js';
import { describeError } from './errors.js';

/** What re-listing found after a create whose outcome is unknown. */
export type AdoptionResult =
  { kind: 'adopted'; remote: RemoteNumber } | { kind: 'several'; ids: string[] } | { kind: 'not-found'; why: string };

const DEFAULT_DELAYS_MS = [0, 2_000, 5_000];

/**
 * Looks for a number named `name` that was not in the inventory the plan was made from. The list
 * may lag behind a create, so it looks a few times; a number it cannot see stays `unknown` rather
 * than being bought again (the API has no idempotency key).
 */
export async function findAdoptable(
  name: string,
  options: {
    client: VapiClient;
    log: RunLog;
    inventory: RemoteNumber[];
    adoptDelaysMs?: number[];
    sleep?: (ms: number) => Promise<void>;
    /** Once cancelled, no more listings here: run() lists once for every create still unknown. */
    cancel?: Cancellation;
  },
): Promise<AdoptionResult> {
  const known = new Set(options.inventory.map((remote) => remote.id));
  const stopped = (): AdoptionResult => ({ kind: 'not-found', why: `${why} before the run was cancelled` });
  let why = 'no listing showed it';
  for (const delay of options.adoptDelaysMs ?? DEFAULT_DELAYS_MS) {
    if (options.cancel?.cancelled) return stopped();
    try {
      if (delay > 0) await (options.sleep ?? sleep)(delay);
    } catch (error) {
      if (options.cancel?.cancelled) return stopped();
      throw error;
    }
    let listing: RemoteNumber[];
    try {
      listing = await options.client.listPhoneNumbers();
    } catch (error) {
      if (options.cancel?.cancelled) return stopped();
      why = `listing to look for it failed: ${describeError(error).message}`;
      options.log.warning(`Listing after an ambiguous create failed: ${describeError(error).message}`);
      continue;
    }
    const fresh = listing.filter((remote) => remote.name === name && !known.has(remote.id));
    if (fresh.length === 1 && fresh[0]) return { kind: 'adopted', remote: fresh[0] };
    if (fresh.length > 1) return { kind: 'several', ids: fresh.map((remote) => remote.id).sort() };
    why = 'no listing showed it';
  }
  return { kind: 'not-found', why };
}
