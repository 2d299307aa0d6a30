// Seeds for the property and fuzz tests (the battery, config fuzzing): every run prints the seed it
// used, and a failure prints the command that replays it. `VAPI_NUMBERS_SEED=<n>` fixes the seed;
// with `VAPI_NUMBERS_PATH=<path>` (from a failure's message) fast-check replays the shrunk case
// directly. Without them each run draws a fresh seed, so the suite keeps exploring.
import { randomInt } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

/** The seed in force: VAPI_NUMBERS_SEED, or a fresh one. Throws on a value fast-check cannot use. */
export function propertySeed(env: NodeJS.ProcessEnv = process.env): { seed: number; fixed: boolean } {
  const text = env['VAPI_NUMBERS_SEED']?.trim();
  if (text === undefined || text === '') return { seed: randomInt(1, 2 ** 31 - 1), fixed: false };
  const seed = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(seed)) {
    throw new Error(`VAPI_NUMBERS_SEED=${text}: expected an integer, as printed by a test run`);
  }
  return { seed, fixed: true };
}

/** The shell command that reruns the current test file and test with a seed (and path). */
export function replayCommand(seed: number, counterexamplePath?: string): string {
  const state = expect.getState();
  const file = state.testPath ? path.relative(process.cwd(), state.testPath) : '<test file>';
  const test = state.currentTestName?.split(' > ').at(-1);
  const pathPart = counterexamplePath ? ` VAPI_NUMBERS_PATH=${counterexamplePath}` : '';
  const filter = test ? ` -t ${JSON.stringify(test)}` : '';
  return `VAPI_NUMBERS_SEED=${seed}${pathPart} npx vitest run ${file}${filter}`;
}

/**
 * fc.assert with a seed (by default the one in force) and VAPI_NUMBERS_PATH when given. A failure's
 * message starts with the command that replays it.
 */
export async function assertReplayable<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  params: fc.Parameters<Ts> = {},
  seed: number = propertySeed().seed,
): Promise<{ seed: number; runs: number }> {
  const replayPath = process.env['VAPI_NUMBERS_PATH']?.trim() || undefined;
  const details = await fc.check(property, { ...params, seed, ...(replayPath ? { path: replayPath } : {}) });
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'the property failed';
    throw new Error(`Replay: ${replayCommand(seed, details.counterexamplePath ?? undefined)}\n${report}`, {
      cause: details.errorInstance,
    });
  }
  return { seed, runs: details.numRuns };
}
