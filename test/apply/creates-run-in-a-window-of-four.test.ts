// The create window (src/apply/create-window.ts) with plain data: creates that end after random
// numbers of turns of the event loop, some of them in doubt for a while and then found or not.
// Whatever the timing: never more than the window in flight, creates start in config order, none
// starts while another is in doubt, none after one ended unknown, and each gets one result.
import fc from 'fast-check';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCreateWindow, type CreateDoubts } from '../../src/apply/create-window.js';
import type { NumberResult } from '../../src/apply/types.js';
import { assertReplayable } from '../helpers/replay.js';

interface Script {
  /** Turns before the POST "answers". */
  answerAfter: number;
  /** What the answer is: made, refused, or in doubt (then the re-listing finds it, or not). */
  outcome: 'created' | 'failed' | 'doubt-found' | 'doubt-unknown';
  /** Turns the re-listing takes. */
  relistFor: number;
}

const scriptArb: fc.Arbitrary<Script> = fc.record({
  answerAfter: fc.nat(6),
  outcome: fc.constantFrom('created', 'created', 'created', 'failed', 'doubt-found', 'doubt-unknown'),
  relistFor: fc.nat(6),
});

const result = (name: string, operation: NumberResult['operation']): NumberResult =>
  ({ name, operation }) as unknown as NumberResult;

async function simulate(scripts: Script[], size: number, cancelAfterStarts?: number) {
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let doubting = 0;
  let unknownEnded = false;
  let starts = 0;
  const violations: string[] = [];
  const names = scripts.map((_, i) => `n${i}`);
  const cancelled = () => cancelAfterStarts !== undefined && starts >= cancelAfterStarts;

  const create = async (name: string, doubts: CreateDoubts): Promise<NumberResult> => {
    if (doubting > 0) violations.push(`${name} started while another was in doubt`);
    if (unknownEnded) violations.push(`${name} started after an unknown outcome`);
    starts++;
    events.push(`start ${name}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const script = scripts[Number(name.slice(1))] as Script;
    for (let i = 0; i < script.answerAfter; i++) await turn();
    inFlight--;
    if (script.outcome === 'created' || script.outcome === 'failed') return result(name, script.outcome);
    const settle = doubts.open();
    doubting++;
    for (let i = 0; i < script.relistFor; i++) await turn();
    doubting--;
    const unknown = script.outcome === 'doubt-unknown';
    if (unknown) unknownEnded = true;
    settle({ unknown });
    return result(name, unknown ? 'unknown' : 'created');
  };

  const results = await runCreateWindow(names, size, {
    create,
    notStarted: (name) => (cancelled() ? result(name, 'failed') : undefined),
    halted: (name) => result(name, 'failed'),
  });
  return { events, maxInFlight, violations, results, names, starts };
}

describe('creates in a window', () => {
  it('keeps every rule of the window, whatever the timing', async () => {
    await assertReplayable(
      fc.asyncProperty(fc.array(scriptArb, { maxLength: 14 }), fc.integer({ min: 1, max: 5 }), async (scripts, size) => {
        const run = await simulate(scripts, size);
        expect(run.violations).toEqual([]);
        expect(run.maxInFlight).toBeLessThanOrEqual(size);
        expect([...run.results.keys()].sort()).toEqual([...run.names].sort());
        const started = run.events.map((event) => event.slice('start '.length));
        // In config order, and all of them up to the first unknown's end (then none).
        expect(started).toEqual(run.names.slice(0, started.length));
        const firstUnknown = scripts.findIndex((script) => script.outcome === 'doubt-unknown');
        if (firstUnknown < 0) expect(started).toEqual(run.names);
        for (const name of run.names.slice(started.length)) expect(run.results.get(name)?.operation).toBe('failed');
      }),
      { numRuns: 300 },
    );
  });

  it('fills the window: four in flight at once when nothing is in doubt', async () => {
    const scripts = Array.from({ length: 10 }, () => ({ answerAfter: 3, outcome: 'created' as const, relistFor: 0 }));
    const run = await simulate(scripts, 4);
    expect(run.maxInFlight).toBe(4);
    expect([...run.results.values()].every((r) => r.operation === 'created')).toBe(true);
  });

  it('starts nothing once the run no longer starts creates, and reports the rest through notStarted', async () => {
    const scripts = Array.from({ length: 10 }, () => ({ answerAfter: 2, outcome: 'created' as const, relistFor: 0 }));
    const run = await simulate(scripts, 4, 4);
    expect(run.starts).toBe(4);
    expect(run.names.slice(4).map((name) => run.results.get(name)?.operation)).toEqual(Array(6).fill('failed'));
  });

  it('with a window of one, nothing overlaps', async () => {
    const scripts = Array.from({ length: 5 }, () => ({ answerAfter: 2, outcome: 'created' as const, relistFor: 0 }));
    expect((await simulate(scripts, 1)).maxInFlight).toBe(1);
  });
});
