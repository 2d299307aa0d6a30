// Config fuzzing (issue 3, item 6): generated and mutated YAML, and arbitrary text, through the
// loader, as the config file and as the `numbers` input. Whatever the text: only ConfigError is
// thrown, within a second, and every problem points at a real line and column with a message
// that quotes no secret. VAPI_NUMBERS_LONG=1 runs twenty times as many cases; under mutation
// testing (VAPI_NUMBERS_MUTATION=1, set by stryker.config.mjs) a tenth. Each run prints its seed;
// VAPI_NUMBERS_SEED=<seed> replays it (test/helpers/replay.ts).
//
// Time limit: 1 s of CPU time per document, measured with process.cpuUsage(), not wall time. The
// slowest generated document costs about 0.35 s on an idle 2-core machine, so the limit still
// catches any step that grows faster than linearly (one over a 190,000-character document would
// take minutes); wall time also counts the time other processes hold the cores, and once failed
// a run in ten on a busy machine. Wall time is still held to 30 s, so a document that blocks on
// something other than the CPU is caught too.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/load.js';
import { ConfigError, type ConfigProblem } from '../../src/config/types.js';
import { assertReplayable, propertySeed } from '../helpers/replay.js';
import {
  FUZZ_ENV,
  FUZZ_SECRETS,
  INLINE_SECRETS,
  arbitraryText,
  mutated,
  validFile,
  validInline,
} from '../helpers/config-arbitraries.js';
import { tempDir } from '../helpers/temp.js';

const LONG = process.env['VAPI_NUMBERS_LONG'] === '1';
const MUTATION = process.env['VAPI_NUMBERS_MUTATION'] === '1';
const RUNS = { mutatedFile: 1_200, mutatedInline: 800, text: 600 };
const scale = (runs: number): number => (LONG ? runs * 20 : MUTATION ? Math.ceil(runs / 10) : runs);
const MAX_CPU_MS = 1_000;
const MAX_WALL_MS = 30_000;
const { seed: SEED, fixed: SEED_FIXED } = propertySeed();
const SECRETS = [...FUZZ_SECRETS, ...INLINE_SECRETS];

const workspace = tempDir('vapi-numbers-fuzz-');
const FILE = 'fuzz.yml';
const stats = {
  cases: 0,
  accepted: 0,
  rejected: 0,
  problems: 0,
  slowestMs: 0,
  slowestWallMs: 0,
  slowest: '',
  started: performance.now(),
};

afterAll(() => {
  const seconds = ((performance.now() - stats.started) / 1000).toFixed(1);
  console.info(
    `config fuzz: ${stats.cases} cases (${stats.accepted} accepted, ${stats.rejected} rejected with ${stats.problems} problems), ` +
      `slowest ${stats.slowestMs.toFixed(0)} ms of CPU time (${stats.slowestWallMs.toFixed(0)} ms wall; ${stats.slowest}), ` +
      `${seconds} s${LONG ? ' (long mode)' : MUTATION ? ' (mutation mode)' : ''}; ` +
      `seed ${SEED}${SEED_FIXED ? ' (from VAPI_NUMBERS_SEED)' : ''}`,
  );
});

/** Why a problem is malformed, or undefined when it is fine. */
function badProblem(problem: ConfigProblem, lines: string[], labels: string[]): string | undefined {
  const { line, column, message, hint, file } = problem;
  if (!labels.includes(file)) return `file ${JSON.stringify(file)} is not one of ${labels.join(', ')}`;
  if (!Number.isInteger(line) || line < 1 || line > Math.max(1, lines.length)) return `line ${line} outside 1..${lines.length}`;
  const width = (lines[line - 1] ?? '').length + 1;
  if (!Number.isInteger(column) || column < 1 || column > width) return `column ${column} outside 1..${width} of line ${line}`;
  if (typeof message !== 'string' || message.trim() === '') return 'empty message';
  for (const secret of SECRETS) {
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      if (message.includes(form) || hint?.includes(form)) return `a secret in the message: ${message} (${hint ?? ''})`;
    }
  }
  return undefined;
}

/** Loads one text as the config file or the `numbers` input and checks every property. */
async function check(text: string, as: 'file' | 'inline'): Promise<void> {
  let written = text;
  if (as === 'file') {
    writeFileSync(path.join(workspace, FILE), text);
    written = readFileSync(path.join(workspace, FILE), 'utf8'); // lone surrogates come back replaced
  }
  const options =
    as === 'file' ? { configPath: FILE, workspace, env: FUZZ_ENV } : { numbersYaml: text, workspace, env: FUZZ_ENV };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let error: unknown;
  try {
    await loadDesiredState(options);
  } catch (caught) {
    error = caught;
  }
  const cpu = process.cpuUsage(cpuStarted);
  const ms = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - started;
  stats.cases++;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowestWallMs = wallMs;
    const count = error instanceof ConfigError ? error.problems.length : 0;
    stats.slowest = `${as}, ${text.length} characters, ${text.split('\n').length} lines, ${count} problems`;
  }
  if (ms > MAX_CPU_MS) throw new Error(`loading took ${ms.toFixed(0)} ms of CPU time (limit ${MAX_CPU_MS})`);
  if (wallMs > MAX_WALL_MS) throw new Error(`loading took ${wallMs.toFixed(0)} ms (wall-time limit ${MAX_WALL_MS})`);
  if (error === undefined) {
    stats.accepted++;
    return;
  }
  if (!(error instanceof ConfigError))
    throw new Error(`not a ConfigError: ${String((error as Error)?.stack ?? error).slice(0, 2_000)}`);
  stats.rejected++;
  stats.problems += error.problems.length;
  if (error.problems.length === 0) throw new Error('a ConfigError without problems');
  const lines = written.split('\n');
  const labels = as === 'file' ? [FILE, 'inputs'] : ['numbers input', 'inputs'];
  for (const problem of error.problems) {
    const bad = badProblem(problem, lines, labels);
    if (bad) throw new Error(`${bad}\n${JSON.stringify(problem)}`);
  }
  for (const secret of SECRETS) expect(error.message).not.toContain(secret);
}

const params = (numRuns: number): fc.Parameters<[string]> => ({ numRuns: scale(numRuns) });
const assertSeeded = <Ts>(property: fc.IAsyncProperty<Ts>, parameters: fc.Parameters<Ts>) =>
  assertReplayable(property, parameters, SEED);

// Time limits hold on a loaded 2-core machine: at a load average of 13 to 14 the mutated files took 78 s
// and the mutated inputs 89 s (another run's pace: about 85 s and 105 s).
describe('config fuzzing through loadDesiredState', () => {
  it('the generated configs are valid before mutation', async () => {
    await assertSeeded(
      fc.asyncProperty(validFile, async (lines) => {
        writeFileSync(path.join(workspace, FILE), lines.join('\n'));
        await loadDesiredState({ configPath: FILE, workspace, env: FUZZ_ENV });
      }),
      { numRuns: scale(100) },
    );
    await assertSeeded(
      fc.asyncProperty(validInline, async (lines) => {
        await loadDesiredState({ numbersYaml: lines.join('\n'), workspace, env: FUZZ_ENV });
      }),
      { numRuns: scale(100) },
    );
  });

  it(
    'mutated config files',
    async () => {
      await assertSeeded(
        fc.asyncProperty(mutated(validFile), (text) => check(text, 'file')),
        params(RUNS.mutatedFile),
      );
    },
    LONG ? 1_200_000 : 240_000,
  );

  it(
    'mutated numbers inputs, literal secrets included',
    async () => {
      await assertSeeded(
        fc.asyncProperty(mutated(validInline), (text) => check(text, 'inline')),
        params(RUNS.mutatedInline),
      );
    },
    LONG ? 1_200_000 : 240_000,
  );

  it(
    'arbitrary text as a file and as the numbers input',
    async () => {
      await assertSeeded(
        fc.asyncProperty(arbitraryText, (text) => check(text, 'file')),
        params(RUNS.text / 2),
      );
      await assertSeeded(
        fc.asyncProperty(arbitraryText, (text) => check(text, 'inline')),
        params(RUNS.text / 2),
      );
    },
    LONG ? 1_200_000 : 60_000,
  );

  it('known shapes: empty, huge nesting, a long line, a billion laughs', async () => {
    const cases = [
      '',
      '\n\n\n',
      '#only a comment',
      `version: 1\nnumbers: ${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `version: 1\nnumbers:\n${Array.from({ length: 2_000 }, (_, d) => `${' '.repeat(d + 2)}- `).join('\n')}x`,
      `version: 1\nnumbers: []\nx: ${'z'.repeat(1_000_000)}`,
      'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: [*d, *d]\n',
      `version: 1\nnumbers:\n  - name: t\n    provider: twilio\n    twilioAuthToken: !${INLINE_SECRETS[0]}\n`,
      // Found by this battery, each once a failure: a stack overflow, positions past the line end,
      // a secret quoted by the parser, and variables' values quoted in messages.
      `version: 1\nnumbers: []\n${Array.from({ length: 5_000 }, (_, d) => `${' '.repeat(d)}a:`).join('\n')}`,
      '{${}name\n|',
      '  - name: a\nnumbers:\nversion: 1\n    provider: vapi\n',
      `- name: a\n  provider: vapi\n  authentication:\n  password: "${INLINE_SECRETS[1]}"\n    "${INLINE_SECRETS[1]}"\n`,
      'version: "${TWILIO_API_KEY}"\nnumbers: []\n',
      '- name: a\n  provider: "${SIP_PASSWORD}"\n',
      `- name: a\n  provider: twilio\n  twilioAuthToken: >${INLINE_SECRETS[0]}\n    x\n`,
      // A lone surrogate in a literal secret made the scrubber's encodeURIComponent throw.
      `- name: ${'y'.repeat(50)}\n  provider: vapi\n  authentication:\n    password: "\\ud800${INLINE_SECRETS[1]}"\n`,
    ];
    for (const text of cases) {
      await check(text, 'file');
      await check(text, 'inline');
    }
  });
});
