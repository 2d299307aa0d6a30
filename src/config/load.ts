// The config's entry point: reads the `config` file and the `numbers` input, and returns the
// validated DesiredState or throws one ConfigError holding every problem found in both.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { scrubSecrets } from '../report/scrub.js';
import { pruneSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { ConfigError } from './types.js';
import type { ConfigProblem, DesiredNumber, DesiredState, PruneRules } from './types.js';
import { NUMBERS_INPUT_LABEL, deepestOffset, keyOffsetOf, newSource, parseYaml, pathKey, problemAt, problemAtOffset } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';
import { readValue } from './yaml-values.js';
import type { ValueReader } from './yaml-values.js';
import { locateIn, readDefaults, readEntry } from './number-entry.js';
import type { Defaults, FieldsOrigin } from './number-entry.js';
import { issueToProblems } from './zod-issues.js';

/** Where the declared numbers come from. */
export interface LoadConfigOptions {
  /** The `config` input: a YAML file, relative to `workspace` (or absolute). */
  configPath?: string;
  /** The `numbers` input: a YAML list shaped like the file's `numbers:`. */
  numbersYaml?: string;
  /** GITHUB_WORKSPACE, or the current directory for the CLI. */
  workspace: string;
  /** Values for `${VAR}`. */
  env: Record<string, string | undefined>;
}

/** The only version this release reads. `version:` is required so a future format fails loudly. */
export const CONFIG_VERSION = 1;

const TOP_LEVEL_KEYS = ['version', 'defaults', 'numbers', 'prune'];

/**
 * Reads, interpolates and validates the declared numbers; throws ConfigError with all problems.
 * The file's numbers come first, then the input's; the file's `defaults:` apply to both, so a
 * preview workflow can pass just `- name: pr-7-support` and inherit the provider and credentials.
 */
export async function loadDesiredState(options: LoadConfigOptions): Promise<DesiredState> {
  const configPath = options.configPath?.trim() || undefined;
  const numbersYaml = options.numbersYaml?.trim() ? options.numbersYaml : undefined;
  if (configPath === undefined && numbersYaml === undefined) {
    throw new ConfigError([
      {
        file: 'inputs',
        line: 1,
        column: 1,
        path: '',
        message: 'no numbers declared: set the `config` input (a YAML file) or the `numbers` input (an inline YAML list)',
        hint: 'on the command line: --config FILE or --numbers YAML',
      },
    ]);
  }

  const problems: ConfigProblem[] = [];
  const secrets = new Set<string>();
  const variables = new Map<string, string>();
  const numbers: DeclaredNumber[] = [];
  let prune: PruneRules = { match: [], protect: [] };
  let defaults: Defaults | undefined;

  if (configPath !== undefined) {
    const text = await readConfigFile(configPath, options.workspace, problems);
    if (text !== undefined) {
      const source = newSource(configPath, text, true);
      const file = tooDeep(source, problems, undefined, () => readFileSource({ source, env: options.env, problems, secrets, variables }));
      if (file) {
        defaults = file.defaults;
        prune = file.prune;
        numbers.push(...tooDeep(source, problems, [], () => readEntries(source, file.entries, defaults, problems)));
      }
    }
  }
  if (numbersYaml !== undefined) {
    const source = newSource(NUMBERS_INPUT_LABEL, numbersYaml, false);
    const entries = tooDeep(source, problems, [], () => readInlineSource({ source, env: options.env, problems, secrets, variables }));
    numbers.push(...tooDeep(source, problems, [], () => readEntries(source, entries, defaults, problems)));
  }
  checkUniqueNames(numbers, problems);

  if (problems.length > 0) {
    const hide = (text: string): string => scrubSecrets(withVariableNames(text, variables), secrets);
    throw new ConfigError(orderProblems(problems).map((problem) => withoutValues(problem, hide)));
  }
  const label = sourceLabel(configPath, numbersYaml);
  const valid = numbers.flatMap((declared) => (declared.number ? [declared.number] : []));
  return { numbers: valid, prune, secrets: [...secrets], label };
}

/**
 * One entry as read: its name when it has one, and the number when the entry is valid. Names are
 * checked for duplicates even on invalid entries, so that one run reports that problem too.
 */
interface DeclaredNumber {
  name: string | undefined;
  number: DesiredNumber | undefined;
  origin: FieldsOrigin;
}

function readEntries(source: YamlSource, entries: unknown[], defaults: Defaults | undefined, problems: ConfigProblem[]): DeclaredNumber[] {
  return entries.map((entry, index) => {
    const origin: FieldsOrigin = { source, base: ['numbers', index] };
    const name = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)['name'] : undefined;
    const number = readEntry(origin, entry, defaults, problems);
    return { name: typeof name === 'string' && name !== '' ? name : undefined, number, origin };
  });
}

async function readConfigFile(configPath: string, workspace: string, problems: ConfigProblem[]): Promise<string | undefined> {
  const resolved = isAbsolute(configPath) ? configPath : resolve(workspace, configPath);
  const at = { file: configPath, line: 1, column: 1, path: '' };
  try {
    return await readFile(resolved, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      problems.push({
        ...at,
        message: `config file not found: ${resolved}`,
        hint: 'the `config` path is relative to the workspace; check the spelling and that the repository is checked out',
      });
    } else if (code === 'EISDIR') {
      problems.push({ ...at, message: `config path is a directory, not a file: ${resolved}` });
    } else {
      problems.push({ ...at, message: `cannot read the config file ${resolved}: ${code ?? String(error)}` });
    }
    return undefined;
  }
}

interface FileContents {
  defaults: Defaults | undefined;
  prune: PruneRules;
  entries: unknown[];
}

function readFileSource(reader: ValueReader): FileContents | undefined {
  const { source, problems } = reader;
  const parsed = parseYaml(source);
  problems.push(...parsed.problems);
  if (parsed.problems.length > 0) return undefined;
  if (parsed.root === null) {
    problems.push(problemAtOffset(source, 0, [], 'the file is empty; expected `version: 1` and `numbers:`'));
    return undefined;
  }
  const document = readValue(reader, parsed.root, []);
  const root = locateIn({ source, base: [] }, []);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    problems.push(problemAt(source, root.located, [], 'the file must be a map with `version: 1` and `numbers:`'));
    return undefined;
  }
  const top = document as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    const where = locateIn({ source, base: [] }, [key]);
    problems.push(problemAtOffset(source, keyOffsetOf(where.located), [key], `unknown key \`${key}\``, didYouMean(key, TOP_LEVEL_KEYS)));
  }
  checkVersion(source, top['version'], problems);
  const entries = top['numbers'];
  if (entries === undefined) {
    problems.push(problemAt(source, root.located, ['numbers'], 'missing `numbers:`', 'list the numbers under `numbers:`; write `numbers: []` for none'));
  } else if (entries !== null && !Array.isArray(entries)) {
    const where = locateIn({ source, base: ['numbers'] }, []);
    problems.push(problemAt(source, where.located, ['numbers'], '`numbers` must be a list', 'start each number with `- name: ...`'));
  }
  return {
    defaults: readDefaults(source, top['defaults'], problems),
    prune: readPrune(source, top['prune'], problems),
    entries: Array.isArray(entries) ? entries : [],
  };
}

function checkVersion(source: YamlSource, version: unknown, problems: ConfigProblem[]): void {
  if (version === CONFIG_VERSION) return;
  const where = locateIn({ source, base: ['version'] }, []);
  if (version === undefined) {
    problems.push(problemAt(source, where.nearest, ['version'], 'missing `version: 1`', 'add `version: 1` as the first line of the file'));
  } else {
    problems.push(
      problemAt(source, where.located, ['version'], `unsupported version ${JSON.stringify(version)}; this release reads version ${CONFIG_VERSION}`),
    );
  }
}

function readPrune(source: YamlSource, value: unknown, problems: ConfigProblem[]): PruneRules {
  if (value === undefined || value === null) return { match: [], protect: [] };
  const result = pruneSchema.safeParse(value);
  if (result.success) return { match: result.data.match ?? [], protect: result.data.protect ?? [] };
  const context = { schema: pruneSchema, value, locate: (path: readonly (string | number)[]) => locateIn({ source, base: ['prune'] }, path) };
  for (const issue of result.error.issues) problems.push(...issueToProblems(issue, context));
  return { match: [], protect: [] };
}

function readInlineSource(reader: ValueReader): unknown[] {
  const { source, problems } = reader;
  const parsed = parseYaml(source);
  problems.push(...parsed.problems);
  if (parsed.problems.length > 0 || parsed.root === null) return [];
  // The inline list stands where the file's `numbers:` would, so its paths read the same.
  const list = readValue(reader, parsed.root, ['numbers']);
  if (Array.isArray(list)) return list;
  const hint =
    list !== null && typeof list === 'object' && 'numbers' in list
      ? 'give the list itself, without the `numbers:` key'
      : 'start each number with `- name: ...`';
  problems.push(problemAt(source, source.locations.get(pathKey(['numbers'])), [], 'the `numbers` input must be a YAML list', hint));
  return [];
}

function checkUniqueNames(numbers: DeclaredNumber[], problems: ConfigProblem[]): void {
  const first = new Map<string, ConfigProblem>();
  for (const { name, origin } of numbers) {
    if (name === undefined) continue;
    const where = locateIn(origin, ['name']);
    const here = problemAt(where.source, where.located ?? where.nearest, where.path, '');
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, here);
      continue;
    }
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
      problemAtOffset(source, deepestOffset(source.text), [], 'the YAML is nested too deeply to read', 'check the indentation and the brackets around here'),
    );
    return fallback;
  }
}

/**
 * Messages quote what was written, never what a variable held: `${TOKEN}` rather than its value,
 * wherever it was used, and `***` for a literal secret. Nothing is masked yet when config
 * problems are reported, so this is the net under every message.
 */
function withoutValues(problem: ConfigProblem, hide: (text: string) => string): ConfigProblem {
  const clean = { ...problem, message: hide(problem.message) };
  if (problem.hint !== undefined) clean.hint = hide(problem.hint);
  return clean;
}

function withVariableNames(text: string, variables: Map<string, string>): string {
  let named = text;
  const longestFirst = [...variables].filter(([value]) => value.length >= 4).sort(([a], [b]) => b.length - a.length);
  for (const [value, name] of longestFirst) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) named = named.split(form).join(`\${${name}}`);
  }
  return named;
}

/** Problems per file in reading order, deduplicated (a bad default can surface once per number). */
function orderProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const files = [...new Set(problems.map((problem) => problem.file))];
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = JSON.stringify([problem.file, problem.line, problem.column, problem.path, problem.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column);
}

/** How reports and the PR comment's marker name the config sources of a run. */
export function sourceLabel(configPath: string | undefined, numbersYaml: string | undefined): string {
  return [configPath, numbersYaml === undefined ? undefined : NUMBERS_INPUT_LABEL].filter(Boolean).join(' + ');
}
