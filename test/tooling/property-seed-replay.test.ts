// A property or fuzz failure can be replayed: the battery and the config fuzzing run fast-check
// through test/helpers/replay.ts, which prints the seed of every run and, on a failure, the command
// that reruns exactly the failing case (VAPI_NUMBERS_SEED and VAPI_NUMBERS_PATH).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertReplayable, propertySeed } from '../helpers/replay.js';

const saved = { seed: process.env['VAPI_NUMBERS_SEED'], path: process.env['VAPI_NUMBERS_PATH'] };
afterEach(() => {
  for (const [key, value] of [
    ['VAPI_NUMBERS_SEED', saved.seed],
    ['VAPI_NUMBERS_PATH', saved.path],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** A property that fails for any list holding a number above 900, recording what it saw. */
function failingAbove900(seen: number[][]) {
  return fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1 }), (values) => {
    seen.push(values);
    return values.every((v) => v <= 900);
  });
}

/** The error a replayable assertion threw; fails the test if it passed. */
async function failureOf(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the property to fail');
}

describe('propertySeed', () => {
  it('takes VAPI_NUMBERS_SEED as given, negative ones too (fast-check prints those)', () => {
    expect(propertySeed({ VAPI_NUMBERS_SEED: '1390996338' })).toEqual({ seed: 1390996338, fixed: true });
    expect(propertySeed({ VAPI_NUMBERS_SEED: ' -256246011 ' })).toEqual({ seed: -256246011, fixed: true });
  });

  it('draws a fresh positive seed without it', () => {
    const drawn = new Set([1, 2, 3, 4, 5].map(() => propertySeed({}).seed));
    for (const seed of drawn) expect(Number.isInteger(seed) && seed > 0).toBe(true);
    expect(drawn.size).toBeGreaterThan(1);
    expect(propertySeed({ VAPI_NUMBERS_SEED: '' }).fixed).toBe(false);
  });

  it('refuses a value that is not an integer, naming the variable', () => {
    for (const bad of ['abc', '1.5', '0x10', '99999999999999999999']) {
      expect(() => propertySeed({ VAPI_NUMBERS_SEED: bad })).toThrow(/VAPI_NUMBERS_SEED=.*expected an integer/);
    }
  });
});

describe('assertReplayable', () => {
  it('a failure names the seed, the path and the command that replays it', async () => {
    const error = await failureOf(assertReplayable(failingAbove900([]), { numRuns: 200 }, 4242));
    const first = error.message.split('\n')[0];
    expect(first).toMatch(
      /^Replay: VAPI_NUMBERS_SEED=4242 VAPI_NUMBERS_PATH=[\d:]+ npx vitest run test\/tooling\/property-seed-replay\.test\.ts -t "a failure names the seed, the path and the command that replays it"$/,
    );
    expect(error.message).toContain('Counterexample');
  });

  it('the printed seed and path rerun exactly the shrunk counterexample, first', async () => {
    const seen: number[][] = [];
    const error = await failureOf(assertReplayable(failingAbove900(seen), { numRuns: 200 }, 777));
    const [, seed, replayPath] = /VAPI_NUMBERS_SEED=(-?\d+) VAPI_NUMBERS_PATH=([\d:]+)/.exec(error.message) ?? [];
    const shrunk = seen.filter((values) => values.some((v) => v > 900)).at(-1);
    expect(shrunk).toEqual([901]);

    process.env['VAPI_NUMBERS_SEED'] = seed;
    process.env['VAPI_NUMBERS_PATH'] = replayPath;
    const replayed: number[][] = [];
    await expect(assertReplayable(failingAbove900(replayed), { numRuns: 200 })).rejects.toThrow(`VAPI_NUMBERS_SEED=${seed}`);
    expect(replayed[0]).toEqual(shrunk);
  });

  it('the same seed generates the same cases; a passing run returns its seed', async () => {
    const runs: number[][][] = [[], []];
    for (const seen of runs) {
      const passing = fc.property(fc.array(fc.integer()), (values) => void seen.push(values));
      expect(await assertReplayable(passing, { numRuns: 50 }, 99)).toEqual({ seed: 99, runs: 50 });
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).toHaveLength(50);
  });
});
