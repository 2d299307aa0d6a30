// Reading the whole of one load: the file's document (`version`, `defaults`, `numbers`, `prune`)
// and the `numbers` input, down to checked entries, with every problem found. The same code runs
// after either reader of the YAML text (fast-read.ts or yaml-values.ts), so both decide alike.

import { readNameOnly } from './name-entry.js';
import { locateIn, readDefaults, readEntry } from './number-entry.js';
import type { Defaults, FieldsOrigin } from './number-entry.js';
import {
  NUMBERS_INPUT_LABEL,
  deepestOffset,
  keyOffsetOf,
  locationOf,
  newSource,
  problemAt,
  problemAtOffset,
} from './positions.js';
import type { KeyPath, YamlSource } from './positions.js';
import type { ValueReader } from './scalars.js';
import { pruneSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import type { ConfigProblem, DesiredNumber, PruneRules } from './types.js';
import { issueToProblems } from './zod-issues.js';

/** The only version this release reads. `version:` is required so a future format fails loudly. */
export const CONFIG_VERSION = 1;

const TOP_LEVEL_KEYS = ['version', 'defaults', 'numbers', 'prune'];

/** The texts of one load: the config file's (when it could be read) and the `numbers` input. */
export interface Texts {
  configPath: string | undefined;
  configText: string | undefined;
  numbersYaml: string | undefined;
  env: Record<string, string | undefined>;
  /** For `delete`: each entry's `name` is all that is read (see name-entry.ts). */
  namesOnly?: boolean;
}

/**
 * Reads a whole text into plain values: `failed` when it is not usable YAML (its problems pushed),
 * `empty` when it holds no document.
 */
export type TextReader = (reader: ValueReader, base: KeyPath) => { value: unknown } | 'failed' | 'empty';

/** Everything read from the texts, valid or not. */
export interface Reading {
  numbers: DeclaredNumber[];
  prune: PruneRules;
  secrets: Set<string>;
  variables: Map<string, string>;
  /** Accepted but probably not meant; positioned only by the positioned reader. */
  warnings: ConfigProblem[];
}

/** Reads and checks both texts with one reader of YAML; `problems` collects what is wrong. */
export function readTexts(texts: Texts, readText: TextReader, problems: ConfigProblem[]): Reading {
  const { configPath, configText, numbersYaml, env } = texts;
  const namesOnly = texts.namesOnly ?? false;
  const secrets = new Set<string>();
  const variables = new Map<string, string>();
  const warnings: ConfigProblem[] = [];
  const numbers: DeclaredNumber[] = [];
  let prune: PruneRules = { match: [], protect: [] };
  let defaults: Defaults | undefined;
  const reader = (source: YamlSource): ValueReader => ({ source, env, problems, secrets, variables, warnings, namesOnly });
  const entriesOf = (source: YamlSource, entries: unknown[]): DeclaredNumber[] =>
    readEntries({ source, entries, defaults, problems, namesOnly });

  if (configPath !== undefined && configText !== undefined) {
    const source = newSource(configPath, configText, true);
    const file = tooDeep(source, problems, undefined, () => readFileSource(reader(source), readText));
    if (file) {
      defaults = file.defaults;
      prune = file.prune;
      append(
        numbers,
        tooDeep(source, problems, [], () => entriesOf(source, file.entries)),
      );
    }
  }
  if (numbersYaml !== undefined) {
    const source = newSource(NUMBERS_INPUT_LABEL, numbersYaml, false);
    const entries = tooDeep(source, problems, [], () => readInlineSource(reader(source), readText));
    append(
      numbers,
      tooDeep(source, problems, [], () => entriesOf(source, entries)),
    );
  }
  checkUniqueNames(numbers, problems);
  return { numbers, prune, secrets, variables, warnings };
}

/** Adds `items` to `list` one by one: spread into one call, a long list would run out of stack. */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

/**
 * One entry as read: its name when it has one, and the number when the entry is valid. Names are
 * checked for duplicates even on invalid entries, so that one run reports that problem too.
 */
export interface DeclaredNumber {
  name: string | undefined;
  number: DesiredNumber | undefined;
  origin: FieldsOrigin;
}

function readEntries(options: {
  source: YamlSource;
  entries: unknown[];
  defaults: Defaults | undefined;
  problems: ConfigProblem[];
  namesOnly: boolean;
}): DeclaredNumber[] {
  const { source, entries, defaults, problems, namesOnly } = options;
  return entries.map((entry, index) => {
    const origin: FieldsOrigin = { source, base: ['numbers', index] };
    const name = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)['name'] : undefined;
    const number = namesOnly ? readNameOnly(origin, entry, problems) : readEntry(origin, entry, defaults, problems);
    return { name: typeof name === 'string' && name !== '' ? name : undefined, number, origin };
  });
}

interface FileContents {
  defaults: Defaults | undefined;
  prune: PruneRules;
  entries: unknown[];
}

function readFileSource(reader: ValueReader, readText: TextReader): FileContents | undefined {
  const { source, problems } = reader;
  const read = readText(reader, []);
  if (read === 'failed') return undefined;
  if (read === 'empty') {
    problems.push(problemAtOffset(source, 0, [], 'the file is empty; expected `version: 1` and `numbers:`'));
    return undefined;
  }
  const document = read.value;
  const root = locateIn({ source, base: [] }, []);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    problems.push(problemAt(source, root.located, [], 'the file must be a map with `version: 1` and `numbers:`'));
    return undefined;
  }
  const top = document as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    const where = locateIn({ source, base: [] }, [key]);
    problems.push(
      problemAtOffset(source, keyOffsetOf(where.located), [key], `unknown key \`${key}\``, didYouMean(key, TOP_LEVEL_KEYS)),
    );
  }
  checkVersion(source, top['version'], problems);
  const entries = top['numbers'];
  if (entries === undefined) {
    problems.push(
      problemAt(
        source,
        root.located,
        ['numbers'],
        'missing `numbers:`',
        'list the numbers under `numbers:`; write `numbers: []` for none',
      ),
    );
  } else if (entries !== null && !Array.isArray(entries)) {
    const where = locateIn({ source, base: ['numbers'] }, []);
    problems.push(
      problemAt(source, where.located, ['numbers'], '`numbers` must be a list', 'start each number with `- name: ...`'),
    );
  }
  return {
    // `delete` merges nothing into names, so it leaves `defaults:` unread.
    defaults: reader.namesOnly ? undefined : readDefaults(source, top['defaults'], problems),
    prune: readPrune(source, top['prune'], problems),
    entries: Array.isArray(entries) ? entries : [],
  };
}

function checkVersion(source: YamlSource, version: unknown, problems: ConfigProblem[]): void {
  if (version === CONFIG_VERSION) return;
  const where = locateIn({ source, base: ['version'] }, []);
  if (version === undefined) {
    problems.push(
      problemAt(source, where.nearest, ['version'], 'missing `version: 1`', 'add `version: 1` as the first line of the file'),
    );
  } else {
    problems.push(
      problemAt(
        source,
        where.located,
        ['version'],
        `unsupported version ${JSON.stringify(version)}; this release reads version ${CONFIG_VERSION}`,
        version === String(CONFIG_VERSION)
          ? `write \`version: ${CONFIG_VERSION}\` without quotes: the version is a number`
          : undefined,
      ),
    );
  }
}

function readPrune(source: YamlSource, value: unknown, problems: ConfigProblem[]): PruneRules {
  if (value === undefined || value === null) return { match: [], protect: [] };
  const result = pruneSchema.safeParse(value);
  if (result.success) return { match: result.data.match ?? [], protect: result.data.protect ?? [] };
  const context = {
    schema: pruneSchema,
    value,
    locate: (path: readonly (string | number)[]) => locateIn({ source, base: ['prune'] }, path),
  };
  for (const issue of result.error.issues) problems.push(...issueToProblems(issue, context));
  return { match: [], protect: [] };
}

function readInlineSource(reader: ValueReader, readText: TextReader): unknown[] {
  const { source, problems } = reader;
  // The inline list stands where the file's `numbers:` would, so its paths read the same.
  const read = readText(reader, ['numbers']);
  if (typeof read === 'string') return [];
  const list = read.value;
  if (Array.isArray(list)) return list;
  const hint =
    list !== null && typeof list === 'object' && 'numbers' in list
      ? 'give the list itself, without the `numbers:` key'
      : 'start each number with `- name: ...`';
  problems.push(problemAt(source, locationOf(source, ['numbers']), [], 'the `numbers` input must be a YAML list', hint));
  return [];
}

function checkUniqueNames(numbers: DeclaredNumber[], problems: ConfigProblem[]): void {
  // Positions are worked out only for a duplicate: a valid config has none to report.
  const at = (origin: FieldsOrigin): ConfigProblem => {
    const where = locateIn(origin, ['name']);
    return problemAt(where.source, where.located ?? where.nearest, where.path, '');
  };
  const first = new Map<string, FieldsOrigin>();
  for (const { name, origin } of numbers) {
    if (name === undefined) continue;
    const earlierOrigin = first.get(name);
    if (earlierOrigin === undefined) {
      first.set(name, origin);
      continue;
    }
    const [here, earlier] = [at(origin), at(earlierOrigin)];
    problems.push({
      ...here,
      message: `duplicate name \`${name}\`; first declared at ${earlier.file}:${earlier.line}:${earlier.column}`,
      hint: 'names are how numbers are matched, so each must be unique across the file and the numbers input',
    });
  }
}

/**
 * Runs one reading step; a document nested deeper than the parser (or validation) can recurse
 * becomes a problem instead of a stack overflow. No config needs more than a few levels.
 */
function tooDeep<T>(source: YamlSource, problems: ConfigProblem[], fallback: T, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    problems.push(
      problemAtOffset(
        source,
        deepestOffset(source.text),
        [],
        'the YAML is nested too deeply to read',
        'check the indentation and the brackets around here',
      ),
    );
    return fallback;
  }
}
