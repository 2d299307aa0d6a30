// The fast config reader (js-yaml, no positions) against the positioned one (the `yaml` library),
// which was every load before it. Whenever the fast reading returns a state, the positioned reading
// must return the very same state: numbers, fields, each entry's line and column, prune, secrets
// in order, label. When it does not, loadDesiredState is the positioned reading, so every problem
// is what it always was. VAPI_NUMBERS_LONG=1 runs twenty times as many cases.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState, loadQuickly, loadWithPositions } from '../../src/config/load.js';
import type { LoadConfigOptions } from '../../src/config/load.js';
import type { DesiredState } from '../../src/config/types.js';
import { FUZZ_ENV, arbitraryText, mutated, validFile, validInline } from '../helpers/config-arbitraries.js';
import { flowEntries, styledFile } from '../helpers/config-styles.js';
import { assertReplayable } from '../helpers/replay.js';
import { tempDir } from '../helpers/temp.js';

const LONG = process.env['VAPI_NUMBERS_LONG'] === '1';
const scale = (runs: number): number => (LONG ? runs * 20 : runs);
const workspace = tempDir('vapi-numbers-fast-');
const FILE = 'fast.yml';
const stats = { compared: 0, fast: 0 };

afterAll(() => {
  console.info(
    `fast config path: ${stats.compared} documents compared, ${stats.fast} read by the fast path and equal to the positioned reading`,
  );
});

type Outcome = { state: DesiredState } | { error: unknown };

async function outcome(loading: Promise<DesiredState>): Promise<Outcome> {
  return loading.then(
    (state) => ({ state }),
    (error: unknown) => ({ error }),
  );
}

function outOfStack(result: Outcome): boolean {
  return 'error' in result && /Maximum call stack|nested too deeply/.test(String(result.error));
}

/**
 * Loads the texts both ways and holds them equal; also loadDesiredState to the positioned one.
 * Returns whether the fast path read it.
 */
async function compare(texts: { file?: string; inline?: string }): Promise<boolean> {
  const options: LoadConfigOptions = { workspace, env: FUZZ_ENV };
  if (texts.file !== undefined) {
    writeFileSync(path.join(workspace, FILE), texts.file);
    options.configPath = FILE;
  }
  if (texts.inline !== undefined) options.numbersYaml = texts.inline;
  const fast = await loadQuickly(options).catch((error: unknown) => ({ thrown: error }));
  const positioned = await outcome(loadWithPositions(options));
  const loaded = await outcome(loadDesiredState(options));
  stats.compared++;
  // Whether and where the YAML library runs out of stack depends on how far V8 has optimised it
  // (the same text loaded twice can differ, before the fast path as now), so such documents are
  // held only to being refused.
  if (outOfStack(positioned) || outOfStack(loaded)) expect(['error' in loaded, 'error' in positioned]).toEqual([true, true]);
  else expect(loaded).toEqual(positioned);
  if (fast === undefined) return false;
  // Only what comes before reading at all (no input given) may be thrown, as the positioned path does.
  if ('thrown' in fast) {
    expect(positioned).toEqual({ error: fast.thrown });
    return false;
  }
  expect(positioned, JSON.stringify(texts)).toEqual({ state: fast });
  stats.fast++;
  return true;
}

// Time limits hold on a loaded 2-core machine: at a load average of 13 to 14 the styled configs took 24 to
// 35 s and the mutated and arbitrary texts 180 s.
describe('the fast config path reads what the positioned one reads', () => {
  it(
    'takes every generated valid config, file and input alike, with the same result',
    async () => {
      await assertReplayable(
        fc.asyncProperty(validFile, fc.option(validInline, { nil: undefined }), async (file, inline) => {
          expect(
            await compare({
              file: file.join('\n'),
              ...(inline ? { inline: inline.join('\n').replaceAll('name: n', 'name: i') } : {}),
            }),
          ).toBe(true);
        }),
        { numRuns: scale(300) },
      );
      await assertReplayable(
        fc.asyncProperty(validInline, async (inline) => {
          expect(await compare({ inline: inline.join('\n') })).toBe(true);
        }),
        { numRuns: scale(100) },
      );
    },
    LONG ? 600_000 : 60_000,
  );

  it(
    'valid configs in many YAML styles and value spellings: equal whenever the fast path reads them',
    async () => {
      let fast = 0;
      let runs = 0;
      await assertReplayable(
        fc.asyncProperty(styledFile, async (file) => {
          runs++;
          if (await compare({ file })) fast++;
        }),
        { numRuns: scale(1_500) },
      );
      await assertReplayable(
        fc.asyncProperty(flowEntries, async (file) => void expect(await compare({ file })).toBe(true)),
        { numRuns: scale(50) },
      );
      // The fast path must not quietly decline what it was built for.
      console.info(`styled valid configs: ${fast} of ${runs} read by the fast path`);
      expect(fast / runs).toBeGreaterThan(0.3);
    },
    LONG ? 1_200_000 : 120_000,
  );

  it(
    'mutated and arbitrary texts: never a different result, never a different error',
    async () => {
      await assertReplayable(
        fc.asyncProperty(mutated(validFile), async (file) => void (await compare({ file }))),
        { numRuns: scale(400) },
      );
      await assertReplayable(
        fc.asyncProperty(mutated(styledFile.map((text) => text.split('\n'))), async (file) => void (await compare({ file }))),
        { numRuns: scale(500) },
      );
      await assertReplayable(
        fc.asyncProperty(mutated(validInline), async (inline) => void (await compare({ inline }))),
        { numRuns: scale(250) },
      );
      await assertReplayable(
        fc.asyncProperty(arbitraryText, async (text) => void (await compare({ file: text, inline: text }))),
        { numRuns: scale(200) },
      );
    },
    LONG ? 1_200_000 : 480_000,
  );
});

describe('the fast config path', () => {
  const entry = (i: number): string =>
    `  - name: bench-${String(i).padStart(4, '0')}\n    provider: vonage\n    number: "+1555${String(i).padStart(7, '0')}"\n    credentialId: bench-credential\n`;

  it('reads a 1,000-number file, each number at its line and column', async () => {
    const file = `version: 1\nnumbers:\n${Array.from({ length: 1_000 }, (_, i) => entry(i)).join('')}`;
    expect(await compare({ file })).toBe(true);
    writeFileSync(path.join(workspace, FILE), file);
    const state = await loadQuickly({ configPath: FILE, workspace, env: {} });
    expect(state?.numbers[999]?.source).toEqual({ file: FILE, line: 3 + 999 * 4, column: 5 });
  });

  // Its places are found when asked for, not recorded per value: each entry's start and where its
  // `assistant:` is written, in the entry or under `defaults:`.
  it('places 1,000 numbers and where each names its assistant, here or under defaults', async () => {
    const named = (i: number): string => `${entry(i)}${i % 2 === 0 ? `    assistant: support-${i % 7}\n` : ''}`;
    const file = `version: 1\ndefaults:\n  assistant: front-desk\nnumbers:\n${Array.from({ length: 1_000 }, (_, i) => named(i)).join('')}`;
    expect(await compare({ file })).toBe(true);
    writeFileSync(path.join(workspace, FILE), file);
    const state = await loadQuickly({ configPath: FILE, workspace, env: {} });
    // Entries alternate five lines (with `assistant:`) and four, from line 5.
    const start998 = 5 + 499 * 5 + 499 * 4;
    expect(state?.numbers[998]?.source).toEqual({ file: FILE, line: start998, column: 5 });
    expect(state?.numbers[998]?.routingSource).toEqual({
      file: FILE,
      line: start998 + 4,
      column: 5,
      path: 'numbers[998].assistant',
    });
    expect(state?.numbers[999]?.routingSource).toEqual({ file: FILE, line: 3, column: 3, path: 'defaults.assistant' });
  });

  it('reads a line of 1,000 characters, the longest it vouches for', async () => {
    const file = `version: 1\n#${'x'.repeat(999)}\nnumbers:\n  - name: a\n    provider: vapi`;
    expect(await compare({ file })).toBe(true);
  });

  it('places entries written after a comment, on the next line, or as flow maps', async () => {
    const file = [
      'version: 1',
      'numbers:',
      '  - # the first',
      '    name: a',
      '    provider: vapi',
      '  -',
      '    name: b',
      '    provider: vapi',
      '  - {name: c, provider: vapi}',
      '  -   name: d',
      '      provider: vapi',
    ].join('\n');
    expect(await compare({ file })).toBe(true);
    writeFileSync(path.join(workspace, FILE), file);
    const state = await loadQuickly({ configPath: FILE, workspace, env: {} });
    expect(state?.numbers.map((number) => [number.source.line, number.source.column])).toEqual([
      [4, 5],
      [7, 5],
      [9, 5],
      [10, 7],
    ]);
  });

  // Each would read differently in js-yaml, or is refused by the positioned reader, or both.
  const v1 = (body: string): string => `version: 1\n${body}`;
  const declined: [string, string][] = [
    ['an anchor and an alias', v1('defaults: &d\n  provider: vapi\nnumbers:\n  - name: a\n    provider: *d')],
    ['an anchor hidden behind a quoted #', v1('numbers:\n  - name: "a #" \n    provider: &p vapi')],
    ['a tag', v1('numbers:\n  - name: !!str a\n    provider: vapi')],
    ['the non-specific tag', v1('numbers:\n  - name: ! a\n    provider: vapi')],
    ['a directive', '%YAML 1.1\n---\nversion: 1\nnumbers:\n  - name: a\n    provider: vapi'],
    ['a second document', v1('numbers: []\n---\nnumbers: []')],
    ['an explicit key', v1('numbers:\n  - ? name\n    : a\n    provider: vapi')],
    ['a merge key (to both, an unknown key)', v1('numbers:\n  - name: a\n    <<: {provider: vapi}')],
    ['a tab', v1('numbers:\n  - name: a\n    provider:\tvapi')],
    ['a carriage return not before a line feed', v1('numbers:\n  - name: a\r    provider: vapi')],
    ['a line of 1,001 characters', v1(`#${'x'.repeat(1_000)}\nnumbers:\n  - name: a\n    provider: vapi`)],
    ['an escape', v1('numbers:\n  - name: "\\x61"\n    provider: vapi')],
    ['a kept block scalar', v1('numbers:\n  - name: |+\n      a\n\n    provider: vapi')],
    ['a duplicate key', v1('numbers:\n  - name: a\n    name: b\n    provider: vapi')],
    [
      'a null key',
      v1('numbers:\n  - name: a\n    provider: vapi\n    fallbackDestination: {type: sip, sipUri: s, sipHeaders: {~: x}}'),
    ],
    [
      'a number key',
      v1(
        'numbers:\n  - name: a\n    provider: vapi\n    fallbackDestination: {type: sip, sipUri: s, sipHeaders: {"2": x, b: y}}',
      ),
    ],
    [
      'a list as a key',
      v1('numbers:\n  - name: a\n    provider: vapi\n    fallbackDestination: {type: sip, sipUri: s, sipHeaders: {[a, b]: x}}'),
    ],
    ['an empty file', ''],
    ['a missing version', 'numbers:\n  - name: a\n    provider: vapi'],
  ];
  it.each(declined)('leaves %s to the positioned reader, with the same outcome', async (_what, file) => {
    writeFileSync(path.join(workspace, FILE), file);
    expect(await loadQuickly({ configPath: FILE, workspace, env: {} })).toBeUndefined();
    expect(await compare({ file })).toBe(false);
  });
});
