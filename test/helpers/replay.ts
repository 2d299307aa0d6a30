// Seeds for every fast-check run in test/ (the battery, the config fuzzing, the smaller properties):
// a failure prints the command that replays it. `VAPI_NUMBERS_SEED=<n>` fixes the seed; with
// `VAPI_NUMBERS_PATH=<path>` (from a failure's message) fast-check replays the shrunk case
// directly. Without them each test draws a fresh seed, so the suite keeps exploring.
//
// A test may run several properties: they share the test's seed, so a rerun with the seed alone
// repeats all of them as they ran. A failure in the second or later one prints its path as
// `<n>/<path>`; a replay then runs only that property (the ones before it passed with that seed),
// since fast-check's path indexes one property's cases, not the test's.
import { randomInt } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { TestRunner, expect, onTestFailed, onTestFinished } from 'vitest';

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

/** VAPI_NUMBERS_PATH: fast-check's path, and the property of the test it is for when it names one. */
export function replayPath(env: NodeJS.ProcessEnv = process.env): { property?: number; path: string } | undefined {
  const text = env['VAPI_NUMBERS_PATH']?.trim();
  if (text === undefined || text === '') return undefined;
  const match = /^(?:(\d+)\/)?(\d+(?::\d+)*)$/.exec(text);
  if (!match?.[2]) {
    throw new Error(`VAPI_NUMBERS_PATH=${text}: expected a path such as 12:0:3 or 2/12:0:3, as printed by a failing test`);
  }
  return { ...(match[1] ? { property: Number(match[1]) } : {}), path: match[2] };
}

/** Text for `-t "..."`: vitest reads it as a regular expression, the shell expands `$` and backquotes. */
function testNameFilter(name: string): string {
  const literal = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `"${literal.replace(/[\\"$`]/g, '\\$&')}"`;
}

interface TestLocation {
  file: string;
  /** The describe blocks' names and the test's, joined by spaces, as vitest matches -t against. */
  name?: string;
}

function currentLocation(): TestLocation {
  const state = expect.getState();
  const file = state.testPath ? path.relative(process.cwd(), state.testPath) : '<test file>';
  const name = state.currentTestName?.split(' > ').join(' ');
  return name ? { file, name } : { file };
}

/** The shell command that reruns a test file and test (by default the current ones) with a seed and path. */
export function replayCommand(seed: number, counterexamplePath?: string, where: TestLocation = currentLocation()): string {
  const pathPart = counterexamplePath ? ` VAPI_NUMBERS_PATH=${counterexamplePath}` : '';
  const filter = where.name ? ` -t ${testNameFilter(where.name)}` : '';
  return `VAPI_NUMBERS_SEED=${seed}${pathPart} npx vitest run ${where.file}${filter}`;
}

interface TestRuns {
  seed: number;
  properties: number;
}

// The current test's seed and how many properties it has run, by file and full test name.
const runsByTest = new Map<string, TestRuns>();

/**
 * The current test's record, made on its first property. That one also arranges for a failure the
 * property did not report itself (a time limit, an expectation after it) to print the replay line.
 */
function currentTestRuns(): TestRuns | undefined {
  const where = currentLocation();
  if (!where.name) return undefined;
  const key = `${where.file}\0${where.name}`;
  const known = runsByTest.get(key);
  if (known) return known;
  const runs: TestRuns = { seed: propertySeed().seed, properties: 0 };
  runsByTest.set(key, runs);
  onTestFinished(() => void runsByTest.delete(key));
  onTestFailed(({ task }) => {
    const reported = task.result?.errors?.some((error) => String(error.message).includes('Replay: VAPI_NUMBERS_SEED='));
    // Without a path the rerun repeats all of the test's cases from the start, the slow one included.
    if (!reported)
      console.error(`Replay (the test failed outside a property's own report): ${replayCommand(runs.seed, undefined, where)}`);
  });
  return runs;
}

/**
 * When the current test's time limit is near: its start plus its timeout, less a margin for the case
 * in flight. A property stopped there fails with its replay line, where the limit itself would leave
 * it running on behind the next tests (writing their files) with no line at all.
 */
function testDeadline(): { at: number; limitMs: number } | undefined {
  const test = TestRunner.getCurrentTest();
  const started = test?.result?.startTime;
  if (!test || started === undefined || !(test.timeout > 0 && Number.isFinite(test.timeout))) return undefined;
  return { at: started + test.timeout - Math.min(5_000, test.timeout / 10), limitMs: test.timeout };
}

/**
 * Interrupts a property before its next case once `at` has passed. Unlike fast-check's own
 * interruptAfterTimeLimit it lets a running case finish rather than race it: a case left running
 * would go on beside the next test.
 */
function stopBefore<Ts>(at: number): fc.Plugin<Ts> {
  return () => ({ decorateRun: (run) => (value) => (Date.now() >= at ? new fc.PreconditionFailure(true) : run(value)) });
}

/**
 * fc.assert with a seed (by default the current test's, see above) and VAPI_NUMBERS_PATH when
 * given. A failure's message starts with the command that replays it. Under a replay path for
 * another property of the test, returns without running (`runs: 0`).
 */
export async function assertReplayable<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  params: fc.Parameters<Ts> = {},
  seed?: number,
): Promise<{ seed: number; runs: number }> {
  const test = currentTestRuns();
  const ordinal = test ? ++test.properties : 1;
  const used = seed ?? test?.seed ?? propertySeed().seed;
  if (test) test.seed = used;
  const replay = replayPath();
  // A bare path (a first property's, or printed before paths named one) is tried on each property.
  if (replay?.property !== undefined && replay.property !== ordinal) return { seed: used, runs: 0 };
  const deadline = testDeadline();
  const plugins = [...(params.plugins ?? []), ...(deadline ? [stopBefore<Ts>(deadline.at)] : [])];
  const details = await fc.check(property, { ...params, plugins, seed: used, ...(replay ? { path: replay.path } : {}) });
  // An interrupt with no counterexample is the deadline's; fast-check counts one before any case as a failure.
  if (details.interrupted && details.counterexample === null) {
    throw new Error(
      `Replay: ${replayCommand(used)}\nThe property ran ${details.numRuns} of ${params.numRuns ?? 100} cases, none failing, ` +
        `before the test's time limit (${(deadline?.limitMs ?? 0) / 1000} s) drew near, and was stopped. On a loaded ` +
        `machine rerun the test or raise its limit; the replay command repeats these cases, to find a slow one.`,
    );
  }
  if (details.failed) {
    const failedPath = details.counterexamplePath ?? undefined;
    const printedPath = failedPath && ordinal > 1 ? `${ordinal}/${failedPath}` : failedPath;
    const report = fc.defaultReportMessage(details) ?? 'the property failed';
    throw new Error(`Replay: ${replayCommand(used, printedPath)}\n${report}`, { cause: details.errorInstance });
  }
  return { seed: used, runs: details.numRuns };
}
