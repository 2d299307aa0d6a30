// The closing line CI reads (`Tests: N passed, N failed, N skipped`) counts a known limit (a test
// marked `it.fails`, which passes while the limit holds) on its own lines, never as a pass; and it
// keeps the one format CI's judge accepts: 'N passed, N failed', optionally ', N skipped', alone on
// the line with at most one word and a colon before it.
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closingLines, countTests } from '../helpers/closing-line-reporter.js';
import { tempDir } from '../helpers/temp.js';

const JUDGED = /^(?:\w+: )?\d+ passed, \d+ failed(?:, \d+ skipped)?$/;
const REPO = path.resolve(import.meta.dirname, '../..');

type State = 'passed' | 'failed' | 'skipped' | 'pending';
const test = (name: string, state: State, fails = false) => ({
  fullName: name,
  options: { fails } as never,
  result: () => ({ state }) as never,
  module: { moduleId: `${REPO}/test/example.test.ts` },
});
const module = (state: string, tests: ReturnType<typeof test>[]) => ({ state: () => state, children: { allTests: () => tests } });

describe('closing lines', () => {
  it('counts it.fails tests as known limits, named, and not as passed', () => {
    const counts = countTests(
      [
        module('passed', [
          test('a > works', 'passed'),
          test('a > a known limit', 'passed', true),
          test('a > skipped', 'skipped'),
          test('a > a limit that was fixed', 'failed', true), // it.fails that passed: vitest fails it
        ]),
        module('failed', []), // a file that did not load
      ],
      REPO,
    );
    expect(counts).toEqual({ passed: 1, failed: 2, skipped: 1, knownLimits: ['test/example.test.ts > a > a known limit'] });
    const lines = closingLines(counts);
    expect(lines).toEqual([
      'Known limit (it.fails, failing as expected): test/example.test.ts > a > a known limit',
      'Known limits: 1 (not counted as passed)',
      'Tests: 1 passed, 2 failed, 1 skipped',
    ]);
    // Only the last line has the judged shape, so no other line can be read as the count.
    expect(lines.filter((line) => JUDGED.test(line))).toEqual(['Tests: 1 passed, 2 failed, 1 skipped']);
  });

  it('without known limits prints the closing line alone', () => {
    expect(closingLines({ passed: 650, failed: 0, skipped: 0, knownLimits: [] })).toEqual([
      'Tests: 650 passed, 0 failed, 0 skipped',
    ]);
  });

  it('a real vitest run ends with them', () => {
    const project = tempDir('vapi-numbers-reporter-');
    symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    writeFileSync(
      path.join(project, 'vitest.config.mjs'),
      `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(path.join(REPO, 'test/helpers/closing-line-reporter.ts'))}] } };\n`,
    );
    writeFileSync(
      path.join(project, 'sample.test.mjs'),
      [
        "import { describe, expect, it } from 'vitest';",
        "describe('sample', () => {",
        "  it('passes', () => expect(1).toBe(1));",
        "  it.fails('is a known limit', () => expect(1).toBe(2));",
        "  it.skip('is skipped', () => {});",
        "  it('fails', () => expect(1).toBe(2));",
        '});',
        '',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [path.join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const tail = run.stdout.trimEnd().split('\n').slice(-3);
    expect(tail).toEqual([
      'Known limit (it.fails, failing as expected): sample.test.mjs > sample > is a known limit',
      'Known limits: 1 (not counted as passed)',
      'Tests: 1 passed, 1 failed, 1 skipped',
    ]);
    expect(tail.at(-1)).toMatch(JUDGED);
  }, 60_000);
});
