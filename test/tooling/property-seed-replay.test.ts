// A property or fuzz failure can be replayed: every fast-check run in test/ goes through
// test/helpers/replay.ts, which on a failure prints the command that reruns exactly the failing
// case (VAPI_NUMBERS_SEED and VAPI_NUMBERS_PATH), and the seed when the test failed otherwise.
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertReplayable, propertySeed, replayCommand, replayPath } from '../helpers/replay.js';
import { tempDir } from '../helpers/temp.js';

const REPO = path.resolve(import.meta.dirname, '../..');

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
      /^Replay: VAPI_NUMBERS_SEED=4242 VAPI_NUMBERS_PATH=[\d:]+ npx vitest run test\/tooling\/property-seed-replay\.test\.ts -t "assertReplayable a failure names the seed, the path and the command that replays it"$/,
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

describe('several properties in one test', () => {
  it("share the test's seed, unless one is given", async () => {
    const first = await assertReplayable(
      fc.property(fc.nat(), () => true),
      { numRuns: 5 },
    );
    const second = await assertReplayable(
      fc.property(fc.nat(), () => true),
      { numRuns: 5 },
    );
    expect(second.seed).toBe(first.seed);
    expect(
      (
        await assertReplayable(
          fc.property(fc.nat(), () => true),
          { numRuns: 5 },
          31,
        )
      ).seed,
    ).toBe(31);
  });

  const ran: string[] = [];
  const twoProperties = async () => {
    await assertReplayable(
      fc.property(fc.nat(1_000), (n) => void ran.push(`first ${n}`)),
      { numRuns: 20 },
    );
    await assertReplayable(failingAbove900([]), { numRuns: 200 });
  };
  let failure: Error | undefined;

  it('a failure in the second names it in the path', async () => {
    process.env['VAPI_NUMBERS_SEED'] = '55';
    failure = await failureOf(twoProperties());
    expect(failure.message).toMatch(/^Replay: VAPI_NUMBERS_SEED=55 VAPI_NUMBERS_PATH=2\/\d+(:\d+)* npx vitest run /);
    expect(ran).toHaveLength(20);
  });

  it('a replay of that path runs only the second, to the same counterexample', async () => {
    const [, seed, replay] = /VAPI_NUMBERS_SEED=(\S+) VAPI_NUMBERS_PATH=(\S+)/.exec(failure?.message ?? '') ?? [];
    ran.length = 0;
    process.env['VAPI_NUMBERS_SEED'] = seed;
    process.env['VAPI_NUMBERS_PATH'] = replay;
    const replayed = await failureOf(twoProperties());
    expect(ran).toEqual([]);
    const counterexample = (error: Error | undefined) => /Counterexample: .*/.exec(error?.message ?? '')?.[0];
    expect(counterexample(replayed)).toBe(counterexample(failure));
    expect(counterexample(replayed)).toBeDefined();
  });
});

describe('the replay command', () => {
  it('reads VAPI_NUMBERS_PATH with or without the property it names, and refuses anything else', () => {
    expect(replayPath({})).toBeUndefined();
    expect(replayPath({ VAPI_NUMBERS_PATH: '17:0:3' })).toEqual({ path: '17:0:3' });
    expect(replayPath({ VAPI_NUMBERS_PATH: ' 3/4 ' })).toEqual({ property: 3, path: '4' });
    for (const bad of ['a', '1:', '/2', '2/', '1:x']) {
      expect(() => replayPath({ VAPI_NUMBERS_PATH: bad })).toThrow(/VAPI_NUMBERS_PATH=.*expected a path/);
    }
  });

  it('filters by a name with (regex) $characters and "quotes", as vitest and the shell read it', () => {
    const name = 'a (b) $HOME `c` "d" e.f\\';
    const command = replayCommand(1, undefined, { file: 'x.test.ts', name });
    const quoted = /-t (".*")$/.exec(command)?.[1] ?? '';
    // What bash passes on, then what vitest builds from it.
    const argument = spawnSync('bash', ['-c', `printf %s ${quoted}`], { encoding: 'utf8', env: { HOME: '/nowhere' } }).stdout;
    expect(new RegExp(argument).exec(`describe ${name}`)?.[0]).toBe(name);
  });
});

describe('time limits', () => {
  // A vitest run of its own: these tests are meant to fail.
  const run = (() => {
    let output: { status: number | null; stdout: string; stderr: string } | undefined;
    return () => {
      if (output) return output;
      const project = tempDir('vapi-numbers-replay-');
      symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'dir');
      writeFileSync(path.join(project, 'vitest.config.mjs'), `export default { test: { include: ['*.test.ts'] } };\n`);
      writeFileSync(
        path.join(project, 'slow.test.ts'),
        [
          "import { setTimeout as sleep } from 'node:timers/promises';",
          "import fc from 'fast-check';",
          "import { expect, it } from 'vitest';",
          `import { assertReplayable } from ${JSON.stringify(path.join(REPO, 'test/helpers/replay.ts'))};`,
          "it('too many cases', { timeout: 2_000 }, async () => {",
          '  await assertReplayable(fc.asyncProperty(fc.nat(), () => sleep(50)), { numRuns: 100 });',
          '});',
          "it('one case that hangs', { timeout: 300 }, async () => {",
          '  await assertReplayable(fc.asyncProperty(fc.nat(), () => sleep(800)), { numRuns: 2 });',
          '});',
          "it('a limit reached after the property', { timeout: 300 }, async () => {",
          '  await assertReplayable(fc.property(fc.nat(), () => true), { numRuns: 2 });',
          '  await sleep(800);',
          '});',
          "it('an expectation after the property', async () => {",
          '  await assertReplayable(fc.property(fc.nat(), () => true), { numRuns: 2 });',
          '  expect(1).toBe(2);',
          '});',
          '',
        ].join('\n'),
      );
      const result = spawnSync(process.execPath, [path.join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: '1', VAPI_NUMBERS_SEED: '8080' },
        timeout: 60_000,
      });
      output = { status: result.status, stdout: result.stdout, stderr: result.stderr };
      return output;
    };
  })();

  it("a property stops before its test's limit and fails with its replay line", () => {
    const { status, stderr } = run();
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /Replay: VAPI_NUMBERS_SEED=8080 npx vitest run slow\.test\.ts -t "too many cases"\nThe property ran [1-9]\d? of 100 cases, none failing, before the test's time limit \(2 s\) drew near, and was stopped\./,
    );
    // The case in flight finishes first: no test timed out but the two below.
    expect(stderr.match(/Test timed out/g)).toHaveLength(2);
  }, 60_000);

  it('a test that fails otherwise, by its limit or after its properties, prints the seed', () => {
    const { stderr } = run();
    const printed = (name: string) =>
      `Replay (the test failed outside a property's own report): VAPI_NUMBERS_SEED=8080 npx vitest run slow.test.ts -t "${name}"`;
    expect(stderr).toContain('Test timed out in 300ms');
    expect(stderr).toContain(printed('one case that hangs'));
    expect(stderr).toContain(printed('a limit reached after the property'));
    expect(stderr).toContain(printed('an expectation after the property'));
    expect(stderr).not.toContain(printed('too many cases'));
  }, 60_000);
});
