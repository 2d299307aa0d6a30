// The one place that turns action inputs into a typed settings object. Nothing else reads inputs.
// The CLI reads its flags through the same function, under the input names, with its own words.
import type { Command } from './plan/types.js';
import { nearestKeys } from './config/suggest.js';
import { ACTION_WORDS, type ShellWords } from './shell-words.js';

/** Everything one run needs to know, read and checked once. */
export interface Settings {
  command: Command;
  /** Vapi private API key. Masked before anything is logged. */
  apiKey: string;
  /** `config` input: path of the YAML config, relative to `workspace`. */
  configPath?: string;
  /** `numbers` input: the inline YAML list. */
  numbersYaml?: string;
  dryRun: boolean;
  prune: boolean;
  /** Globs of names never deleted (input `protect`; the config's `prune.protect` is added later). */
  protect: string[];
  maxDeletions: number;
  failOnChanges: boolean;
  /** Vapi API root without a trailing slash. */
  baseUrl: string;
  /** Where relative config paths start (GITHUB_WORKSPACE, or the current directory). */
  workspace: string;
  // The fields below are always set by readSettings; optional so engine tests can leave them out.
  /** `cleanup`: the glob of names to consider (SPEC section 5). */
  match?: string;
  /** `cleanup`: delete matches created longer ago than this many milliseconds. */
  olderThanMs?: number;
  /** `cleanup`: delete matches whose `{pr}` pull request is closed or gone. */
  prClosed?: boolean;
  /** After creating `vapi` numbers, poll until they are `active`. */
  waitUntilActive?: boolean;
  waitTimeoutMs?: number;
  /** Create or update a sticky comment on pull-request events. */
  comment?: boolean;
  /** For `comment` and `pr-closed`. Masked like the API key. */
  githubToken?: string;
  /** How messages name the settings: the action's inputs (the default) or the CLI's flags. */
  words?: ShellWords;
  /** `export`: the file to write, relative to `workspace`; unset on the CLI means stdout. */
  output?: string;
  /** `export`: whether `output` may lie outside `workspace` (the CLI's user names any file). */
  outputAnywhere?: boolean;
}

/**
 * What differs between the shells beyond their words: where `export` may write. The action has no
 * stdout to hand the config back on and writes only inside the workspace; the CLI prints to stdout
 * unless told a file, which may be anywhere.
 */
export interface ExportRules {
  outputRequired: boolean;
  outputAnywhere: boolean;
}

export const ACTION_EXPORT_RULES: ExportRules = { outputRequired: true, outputAnywhere: false };
export const CLI_EXPORT_RULES: ExportRules = { outputRequired: false, outputAnywhere: true };

/** A bad input value: the message names the input (in the shell's words), the value and what was expected. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

const COMMANDS: readonly Command[] = ['plan', 'apply', 'delete', 'cleanup', 'export'];

/** Reads one input by name; '' when unset. The action passes core.getInput, tests a map. */
export type InputReader = (name: string) => string;

export function readSettings(
  input: InputReader,
  env: Record<string, string | undefined>,
  words: ShellWords = ACTION_WORDS,
  exportRules: ExportRules = ACTION_EXPORT_RULES,
): Settings {
  const command = input('command').trim() || 'apply';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const near = nearestKeys(command, COMMANDS);
    const guess = near.length > 0 ? `; did you mean '${near.join("' or '")}'?` : '';
    throw new SettingsError(`Invalid command '${command}': expected one of ${COMMANDS.join(', ')}${guess}`);
  }
  const apiKey = input('api-key').trim();
  if (!apiKey) {
    throw new SettingsError(
      "Input 'api-key' is empty. Pass your Vapi private key, e.g. api-key: ${{ secrets.VAPI_API_KEY }}. " +
        'If this run was triggered by a pull request from a fork, GitHub does not pass secrets to it: ' +
        'run previews only for branches of this repository, or skip the step when the secret is empty.',
    );
  }
  const configPath = input('config').trim() || undefined;
  const numbersYaml = input('numbers').trim() ? input('numbers') : undefined;
  if (!configPath && !numbersYaml && command !== 'cleanup' && command !== 'export') {
    throw new SettingsError(words.giveNumbers);
  }
  const protect = splitGlobs(input('protect'));
  const match = input('match').trim();
  const olderThan = input('older-than').trim();
  const olderThanMs = olderThan === '' ? undefined : readDuration(words.setting('older-than'), olderThan, ['m', 'h', 'd', 'w']);
  const prClosed = readBoolean(input, 'pr-closed', words);
  if (command === 'cleanup') checkCleanup({ match, protect, olderThanMs, prClosed }, words);
  return {
    command: command as Command,
    apiKey,
    configPath,
    numbersYaml,
    dryRun: readBoolean(input, 'dry-run', words) || command === 'plan',
    prune: readBoolean(input, 'prune', words),
    protect,
    maxDeletions: readWholeNumber(input, 'max-deletions', 10, words),
    failOnChanges: readBoolean(input, 'fail-on-changes', words),
    baseUrl: readBaseUrl(input('base-url').trim() || 'https://api.vapi.ai', words.setting('base-url')),
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
    match,
    olderThanMs,
    prClosed,
    waitUntilActive: readBoolean(input, 'wait-until-active', words),
    waitTimeoutMs: readDuration(words.setting('wait-timeout'), input('wait-timeout').trim() || '5m', ['s', 'm', 'h']),
    comment: readBoolean(input, 'comment', words),
    githubToken: input('github-token').trim(),
    words,
    ...(command === 'export'
      ? { output: exportOutput(input, words, exportRules), outputAnywhere: exportRules.outputAnywhere }
      : {}),
  };
}

/** Cleanup deletes by pattern, so every way it could reach too far is refused before any request. */
function checkCleanup(
  cleanup: { match: string; protect: string[]; olderThanMs?: number; prClosed: boolean },
  words: ShellWords,
): void {
  const { match, protect, olderThanMs, prClosed } = cleanup;
  const [matchName, protectName, prClosedName] = [words.setting('match'), words.setting('protect'), words.setting('pr-closed')];
  if (match === '') {
    throw new SettingsError(`${words.missing('match')} for cleanup: a glob of the names it may delete, e.g. pr-{pr}-*`);
  }
  if ((match.match(/\{pr\}/g) ?? []).length > 1) {
    throw new SettingsError(`Invalid ${matchName} '${match}': {pr} may appear once`);
  }
  if (/^\*+$/.test(match) && protect.length === 0) {
    throw new SettingsError(
      `Refusing ${matchName} '${match}' without ${protectName}: it matches every number in the organisation. ` +
        `Use a prefix that only temporary numbers carry (e.g. pr-{pr}-*), or list what must stay in ${protectName}.`,
    );
  }
  if (olderThanMs === undefined && !prClosed) {
    throw new SettingsError(
      `cleanup needs a criterion: set ${words.setting('older-than')} (e.g. 7d), ${words.switchedOn('pr-closed')}, or both.`,
    );
  }
  if (prClosed && !match.includes('{pr}')) {
    throw new SettingsError(
      `${prClosedName} needs {pr} in ${matchName} to know each number's pull request; '${match}' has none (e.g. pr-{pr}-*).`,
    );
  }
}

const DURATION_UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `12h`, `7d`, `2w` (and `s` where allowed) as milliseconds. */
export function readDuration(name: string, raw: string, units: string[]): number {
  const parsed = /^(\d+)\s*([a-z])$/.exec(raw);
  const unit = parsed?.[2];
  if (!parsed || unit === undefined || !units.includes(unit) || Number(parsed[1]) <= 0) {
    throw new SettingsError(
      `Invalid ${name} '${raw}': expected a whole number and a unit, one of ${units.join(', ')} (e.g. ${units.map((u) => `${u === 's' ? 90 : u === 'm' ? 90 : u === 'h' ? 12 : u === 'd' ? 7 : 2}${u}`).join(', ')})`,
    );
  }
  return Number(parsed[1]) * (DURATION_UNITS_MS[unit] as number);
}

/** Globs separated by newlines or commas; blanks dropped. */
export function splitGlobs(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

function readBoolean(input: InputReader, name: string, words: ShellWords): boolean {
  const raw = input(name).trim();
  if (raw === '') return false;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new SettingsError(`Invalid ${words.setting(name)} '${raw}': expected true or false`);
}

function readWholeNumber(input: InputReader, name: string, fallback: number, words: ShellWords): number {
  const raw = input(name).trim();
  if (raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new SettingsError(`Invalid ${words.setting(name)} '${raw}': expected a whole number >= 0`);
  return Number(raw);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** The key travels in a header: refuse plain http except to this machine (tests, the sandbox). */
export function readBaseUrl(raw: string, name = 'base-url'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`Invalid ${name} '${raw}': expected a URL such as https://api.vapi.ai`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SettingsError(
      `Invalid ${name} '${raw}': the API key would be sent unencrypted. Use https:// (plain http:// is allowed only for localhost or 127.0.0.1).`,
    );
  }
  if (url.search || url.hash) {
    throw new SettingsError(`Invalid ${name} '${raw}': expected no query or fragment`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** `export`'s file, required where the shell cannot print the config instead. */
function exportOutput(input: InputReader, words: ShellWords, rules: ExportRules): string | undefined {
  const output = input('output').trim();
  if (output === '' && rules.outputRequired) {
    throw new SettingsError(
      `${words.missing('output')} for export: the path of the config file to write, relative to the workspace, e.g. vapi-numbers.yml`,
    );
  }
  return output || undefined;
}
