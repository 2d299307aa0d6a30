// The one place that turns action inputs into a typed settings object. Nothing else reads inputs.
import type { Command } from './plan/types.js';

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
}

/** A bad input value: the message names the input, the value and what was expected. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

const COMMANDS: readonly Command[] = ['plan', 'apply', 'delete', 'cleanup'];

/** Reads one input by name; '' when unset. The action passes core.getInput, tests a map. */
export type InputReader = (name: string) => string;

export function readSettings(input: InputReader, env: Record<string, string | undefined>): Settings {
  const command = input('command').trim() || 'apply';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new SettingsError(`Invalid command '${command}': expected one of ${COMMANDS.join(', ')}`);
  }
  if (command === 'cleanup') {
    throw new SettingsError(
      "The 'cleanup' command is not available in this release yet. Use 'delete' with the names to remove.",
    );
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
  if (!configPath && !numbersYaml) {
    throw new SettingsError("Set input 'config' (a YAML file) or 'numbers' (an inline YAML list), or both.");
  }
  return {
    command: command as Command,
    apiKey,
    configPath,
    numbersYaml,
    dryRun: readBoolean(input, 'dry-run') || command === 'plan',
    prune: readBoolean(input, 'prune'),
    protect: splitGlobs(input('protect')),
    maxDeletions: readWholeNumber(input, 'max-deletions', 10),
    failOnChanges: readBoolean(input, 'fail-on-changes'),
    baseUrl: readBaseUrl(input('base-url').trim() || 'https://api.vapi.ai'),
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
  };
}

/** Globs separated by newlines or commas; blanks dropped. */
export function splitGlobs(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

function readBoolean(input: InputReader, name: string): boolean {
  const raw = input(name).trim();
  if (raw === '') return false;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new SettingsError(`Invalid ${name} '${raw}': expected true or false`);
}

function readWholeNumber(input: InputReader, name: string, fallback: number): number {
  const raw = input(name).trim();
  if (raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new SettingsError(`Invalid ${name} '${raw}': expected a whole number >= 0`);
  return Number(raw);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** The key travels in a header: refuse plain http except to this machine (tests, the sandbox). */
export function readBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`Invalid base-url '${raw}': expected a URL such as https://api.vapi.ai`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SettingsError(
      `Invalid base-url '${raw}': the API key would be sent unencrypted. Use https:// (plain http:// is allowed only for localhost or 127.0.0.1).`,
    );
  }
  if (url.search || url.hash) {
    throw new SettingsError(`Invalid base-url '${raw}': expected no query or fragment`);
  }
  return url.toString().replace(/\/+$/, '');
}
