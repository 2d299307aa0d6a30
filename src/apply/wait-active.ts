// `wait-until-active`: a new free `vapi` number is `activating` for a few minutes; a deploy that
// routes calls to it right away wants to wait until Vapi says `active`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunLog } from '../log.js';
import type { VapiClient } from '../vapi/types.js';
import { describeError } from './errors.js';
import { resultFromRemote } from './results.js';
import type { NumberResult } from './types.js';

/** What waiting needs; `now` and `sleep` are injectable so tests need not wait. */
export interface WaitActiveOptions {
  client: VapiClient;
  log: RunLog;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** True once the run is cancelled: stop polling and report the statuses read so far. */
  stopped?: () => boolean;
}

const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 15_000;
const WAITED_FOR: ReadonlySet<string> = new Set(['created', 'updated', 'unchanged']);

/**
 * Polls every declared `vapi` number that is still `activating` until it is `active`. Returns the
 * results with fresh statuses, and an error naming the numbers still activating at the timeout.
 */
export async function waitUntilActive(
  results: NumberResult[],
  options: WaitActiveOptions,
): Promise<{ results: NumberResult[]; error?: string }> {
  const now = options.now ?? (() => Date.now());
  const wait = options.sleep ?? sleep;
  const deadline = now() + options.timeoutMs;
  const current = [...results];
  const inactive = (): number[] =>
    current.flatMap((result, index) =>
      WAITED_FOR.has(result.operation) && result.provider === 'vapi' && result.id && result.status !== 'active' ? [index] : [],
    );
  // `blocked` will not turn `active` by waiting: it is reported at once, not polled.
  const pending = (): number[] => inactive().filter((index) => current[index]?.status !== 'blocked');

  let delay = FIRST_POLL_MS;
  const stopped = options.stopped ?? (() => false);
  for (let waiting = pending(); waiting.length > 0 && !stopped(); waiting = pending()) {
    const left = deadline - now();
    if (left <= 0) break;
    options.log.info(`Waiting for ${waiting.length} number${waiting.length === 1 ? '' : 's'} to become active`);
    try {
      await wait(Math.min(delay, left));
    } catch (error) {
      if (stopped()) break;
      throw error;
    }
    delay = Math.min(delay * 2, MAX_POLL_MS);
    for (const index of waiting) {
      if (stopped()) break;
      const result = current[index] as NumberResult;
      try {
        current[index] = resultFromRemote(result, await options.client.getPhoneNumber(result.id as string));
      } catch (error) {
        options.log.warning(`Reading the status of '${result.name}' failed: ${describeError(error).message}`);
      }
    }
  }
  // A cancelled run did not wait the whole timeout: its failure line says why it stopped.
  if (stopped()) return { results: current };
  const still = inactive().map((index) => current[index] as NumberResult);
  if (still.length === 0) return { results: current };
  const names = still.map((result) => `'${result.name}' (${result.id}, ${result.status ?? 'no status'})`).join(', ');
  return {
    results: current,
    error:
      `wait-until-active: not active after ${Math.round(options.timeoutMs / 1000)} s: ${names}. ` +
      'Vapi usually activates a new number within minutes: raise wait-timeout, or run again later ' +
      '(a blocked number needs Vapi support).',
  };
}
