// The config's entry point: reads the `config` file and the `numbers` input, and returns the
// validated DesiredState (with any warnings) or throws one ConfigError holding every problem found in both.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { readTexts } from './document.js';
import type { Reading, Texts } from './document.js';
import { readFast } from './fast-read.js';
import { NUMBERS_INPUT_LABEL } from './positions.js';
import { cleanProblems, configError } from './problem-list.js';
import { ConfigError } from './types.js';
import type { ConfigProblem, DesiredNumber, DesiredState } from './types.js';

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
  /**
   * For `delete`: read each entry's `name` only; other keys are neither checked nor interpolated.
   * The document's shape, `version`, `prune:`, name lengths and duplicate names are still checked.
   */
  namesOnly?: boolean;
  /** Advice for a config file that is not there, in the shell's words (the action's by default). */
  missingFileHint?: string;
}

/**
 * Reads, interpolates and validates the declared numbers; throws ConfigError with all problems.
 * The file's numbers come first, then the input's; the file's `defaults:` apply to both, so a
 * preview workflow can pass just `- name: pr-7-support` and inherit the provider and credentials.
 */
export async function loadDesiredState(options: LoadConfigOptions): Promise<DesiredState> {
  const { texts, problems } = await readInputs(options);
  if (problems.length === 0) {
    const state = readQuickly(texts);
    if (state !== undefined) return state;
  }
  return readWithPositions(texts, problems);
}

/**
 * The fast reading alone: the state, or undefined where only the positioned one may decide. This
 * and loadWithPositions exist for the property test that holds the two readings equal.
 */
export async function loadQuickly(options: LoadConfigOptions): Promise<DesiredState | undefined> {
  const { texts, problems } = await readInputs(options);
  return problems.length === 0 ? readQuickly(texts) : undefined;
}

/** The positioned reading alone, which was every load before the fast one existed. */
export async function loadWithPositions(options: LoadConfigOptions): Promise<DesiredState> {
  const { texts, problems } = await readInputs(options);
  return readWithPositions(texts, problems);
}

async function readInputs(options: LoadConfigOptions): Promise<{ texts: Texts; problems: ConfigProblem[] }> {
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
  const configText =
    configPath === undefined ? undefined : await readConfigFile(configPath, options.workspace, problems, options.missingFileHint);
  const texts: Texts = { configPath, configText, numbersYaml, env: options.env, namesOnly: options.namesOnly ?? false };
  return { texts, problems };
}

/**
 * Reads the texts keeping every node's position, and throws every problem found. The library
 * that does so is loaded only now: a valid config never needs it.
 */
async function readWithPositions(texts: Texts, problems: ConfigProblem[]): Promise<DesiredState> {
  const { readPositioned } = await import('./yaml-values.js');
  const reading = readTexts(texts, readPositioned, problems);
  if (problems.length > 0) throw configError(problems, reading.secrets, reading.variables, reading.warnings);
  return stateOf(texts, reading);
}

/**
 * The happy path: js-yaml and the same checks, without positions but each number's start. Any
 * problem or warning, anything the fast reader declines, anything thrown: undefined, and the caller
 * reads the texts again with positions, which is the one source of every message.
 */
function readQuickly(texts: Texts): DesiredState | undefined {
  const problems: ConfigProblem[] = [];
  try {
    const reading = readTexts(texts, (reader, base) => ({ value: readFast(reader, base) }), problems);
    const unusable = problems.length > 0 || reading.warnings.length > 0;
    if (unusable || reading.numbers.some((declared) => declared.number === undefined)) return undefined;
    return stateOf(texts, reading);
  } catch {
    return undefined;
  }
}

function stateOf(texts: Texts, reading: Reading): DesiredState {
  const label = sourceLabel(texts.configPath, texts.numbersYaml);
  const valid: DesiredNumber[] = [];
  for (const declared of reading.numbers) if (declared.number) valid.push(declared.number);
  const warnings = cleanProblems(reading.warnings, reading.secrets, reading.variables);
  return { numbers: valid, prune: reading.prune, secrets: [...reading.secrets], label, warnings };
}

async function readConfigFile(
  configPath: string,
  workspace: string,
  problems: ConfigProblem[],
  missingFileHint = 'the `config` path is relative to the workspace; check the spelling and that the repository is checked out',
): Promise<string | undefined> {
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
        hint: missingFileHint,
      });
    } else if (code === 'EISDIR') {
      problems.push({ ...at, message: `config path is a directory, not a file: ${resolved}` });
    } else {
      problems.push({ ...at, message: `cannot read the config file ${resolved}: ${code ?? String(error)}` });
    }
    return undefined;
  }
}

/** How reports and the PR comment's marker name the config sources of a run. */
export function sourceLabel(configPath: string | undefined, numbersYaml: string | undefined): string {
  return [configPath, numbersYaml === undefined ? undefined : NUMBERS_INPUT_LABEL].filter(Boolean).join(' + ');
}
