// Drives a battery property with fast-check and prints what it ran, so the counts can be quoted.
import fc from 'fast-check';
import { assertReplayable, propertySeed } from '../helpers/replay.js';
import { runCase } from './harness.js';
import { checkCase } from './invariants.js';
import type { BatteryCase } from './model.js';

/** Schedules per battery file under mutation testing (stryker.config.mjs sets VAPI_NUMBERS_MUTATION). */
const MUTATION_RUNS = 40;
const MUTATION = process.env.VAPI_NUMBERS_MUTATION === '1';

/**
 * `VAPI_NUMBERS_LONG=1` is the nightly mode, `VAPI_NUMBERS_MUTATION=1` a short one for each mutant;
 * `VAPI_NUMBERS_BATTERY_RUNS` overrides either.
 */
export function scheduleCount(defaultRuns: number, longRuns: number): number {
  const override = Number(process.env.VAPI_NUMBERS_BATTERY_RUNS);
  if (Number.isInteger(override) && override > 0) return override;
  if (MUTATION) return MUTATION_RUNS;
  return process.env.VAPI_NUMBERS_LONG === '1' ? longRuns : defaultRuns;
}

export interface BatteryTally {
  cases: number;
  runs: number;
  requests: number;
  faultsFired: number;
  posts: number;
  /** POSTs answered with a 5xx or no answer at all: creates whose outcome the engine could not know. */
  ambiguousPosts: number;
  unknownOutcomes: number;
  /** Listing pages fetched with a createdAt cursor: inventories that needed paging. */
  pagedRequests: number;
  deletes: number;
  /** 429s that carried a Retry-After header (whose waits the checker holds the client to). */
  retryAfters: number;
  violations: number;
  seconds: number;
}

/**
 * Runs `numRuns` generated cases (each: a faulty run, dashboard edits, two clean runs) and fails
 * with the shrunk case, its violations and the command that replays it. The seed is printed either
 * way; `VAPI_NUMBERS_SEED` / `VAPI_NUMBERS_PATH` replay one (test/helpers/replay.ts).
 */
export async function runBattery(
  label: string,
  arbitrary: fc.Arbitrary<BatteryCase>,
  numRuns: number,
  workspace: string,
): Promise<BatteryTally> {
  const started = performance.now();
  const tally: BatteryTally = {
    cases: 0,
    runs: 0,
    requests: 0,
    faultsFired: 0,
    posts: 0,
    ambiguousPosts: 0,
    unknownOutcomes: 0,
    pagedRequests: 0,
    deletes: 0,
    retryAfters: 0,
    violations: 0,
    seconds: 0,
  };
  const { seed, fixed } = propertySeed();
  const property = fc.asyncProperty(arbitrary, async (c) => {
    const trace = await runCase(c, workspace);
    tally.cases++;
    for (const run of trace.runs) {
      tally.runs++;
      tally.requests += run.requests.length;
      tally.faultsFired += run.fired.length;
      const posts = run.requests.filter((r) => r.method === 'POST');
      tally.posts += posts.length;
      tally.ambiguousPosts += posts.filter((r) => r.status === 0 || r.status >= 500).length;
      tally.unknownOutcomes += run.outcome?.results.filter((r) => r.operation === 'unknown').length ?? 0;
      tally.pagedRequests += run.requests.filter((r) => Object.keys(r.query).some((k) => k.startsWith('createdAt'))).length;
      tally.deletes += run.requests.filter((r) => r.method === 'DELETE').length;
      tally.retryAfters += run.fired.filter((f) => f.fault.kind === 'rate-limit' && f.fault.retryAfter).length;
    }
    const violations = checkCase(trace);
    if (violations.length > 0) {
      tally.violations++;
      throw new Error(violations.join('\n'));
    }
  });
  try {
    // Under mutation testing a failure is enough: shrinking it would only cost the mutant's time.
    await assertReplayable(property, { numRuns, ...(MUTATION ? { endOnFailure: true } : {}) }, seed);
  } finally {
    tally.seconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(
      `battery ${label}: ${numRuns} fault schedules requested, ${tally.cases} cases executed (incl. shrinking), ` +
        `${tally.runs} engine runs, ${tally.requests} requests, ${tally.faultsFired} faults fired, ${tally.posts} POSTs ` +
        `(${tally.ambiguousPosts} ambiguous), ${tally.unknownOutcomes} unknown outcomes, ${tally.pagedRequests} paged list requests, ` +
        `${tally.deletes} DELETEs, ${tally.retryAfters} 429s with Retry-After, ${tally.violations} failing cases, ${tally.seconds} s; ` +
        `seed ${seed}${fixed ? ' (from VAPI_NUMBERS_SEED)' : ''}`,
    );
  }
  return tally;
}
