// The command line as the action's inputs: flags are parsed here and handed to readSettings under
// the input names they mirror, so every rule and message is the action's own.
import { parseArgs } from 'node:util';
import { nearestKeys } from '../config/suggest.js';
import type { Command } from '../plan/types.js';
import type { InputReader } from '../settings.js';

/** A command line that cannot be run: unknown flag or command, missing value. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at, when known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A flag as the parser sees it: its name, whether it takes a value, and the value's placeholder. */
export interface FlagShape {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** A one-letter alias, e.g. `h` for `--help`. */
  short?: string;
  /** Placeholder shown in help and messages, e.g. `FILE`. */
  value?: string;
}

/** One flag: how it parses, which commands take it, and how help shows it. */
export interface FlagSpec extends FlagShape {
  /** Commands that accept it; undefined means every engine command. */
  commands?: readonly Command[];
  help: string;
}

export const ENGINE_COMMANDS: readonly Command[] = ['plan', 'apply', 'delete', 'cleanup', 'export'];
/** The commands that read a config and may write numbers: everything but export. */
const RECONCILING: readonly Command[] = ['plan', 'apply', 'delete', 'cleanup'];

// Order is the order of help. Names equal the action's input names wherever there is one.
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'config',
    type: 'string',
    commands: RECONCILING,
    value: 'FILE',
    help: 'YAML config file, relative to the current directory',
  },
  { name: 'numbers', type: 'string', commands: RECONCILING, value: 'YAML', help: "inline YAML list, like the config's numbers:" },
  { name: 'dry-run', type: 'boolean', commands: ['apply', 'delete', 'cleanup'], help: 'report what would change, write nothing' },
  {
    name: 'prune',
    type: 'boolean',
    commands: ['plan', 'apply'],
    help: "also delete undeclared numbers matching the config's prune.match",
  },
  {
    name: 'match',
    type: 'string',
    commands: ['cleanup', 'export'],
    value: 'GLOB',
    help: 'names cleanup may delete, e.g. pr-{pr}-*; names export writes (default: all)',
  },
  {
    name: 'output',
    type: 'string',
    commands: ['export'],
    value: 'FILE',
    help: 'file export writes the config to (default: stdout)',
  },
  {
    name: 'older-than',
    type: 'string',
    commands: ['cleanup'],
    value: 'AGE',
    help: 'delete matches created longer ago (90m, 12h, 7d, 2w)',
  },
  { name: 'pr-closed', type: 'boolean', commands: ['cleanup'], help: 'delete matches whose {pr} pull request is closed or gone' },
  {
    name: 'github-token',
    type: 'string',
    commands: ['cleanup'],
    value: 'TOKEN',
    help: 'for --pr-closed (default: $GITHUB_TOKEN)',
  },
  {
    name: 'repo',
    type: 'string',
    commands: ['cleanup'],
    value: 'OWNER/NAME',
    help: 'repository of the pull requests (default: $GITHUB_REPOSITORY)',
  },
  {
    name: 'protect',
    type: 'string',
    commands: RECONCILING,
    multiple: true,
    value: 'GLOB',
    help: 'names never deleted; repeat or separate with commas',
  },
  {
    name: 'max-deletions',
    type: 'string',
    commands: RECONCILING,
    value: 'N',
    help: 'write nothing if more would be deleted (default 10)',
  },
  {
    name: 'fail-on-changes',
    type: 'boolean',
    commands: RECONCILING,
    help: 'exit 1 when anything changed or would change (drift check)',
  },
  {
    name: 'wait-until-active',
    type: 'boolean',
    commands: ['apply'],
    help: 'after creating vapi numbers, wait until they are active',
  },
  {
    name: 'wait-timeout',
    type: 'string',
    commands: ['apply'],
    value: 'DURATION',
    help: 'how long --wait-until-active waits (default 5m)',
  },
  { name: 'base-url', type: 'string', value: 'URL', help: 'Vapi API root (default: $VAPI_BASE_URL or https://api.vapi.ai)' },
  { name: 'json', type: 'boolean', help: 'print one JSON document on stdout instead of the table' },
  { name: 'debug', type: 'boolean', help: 'show debug lines on stderr (also RUNNER_DEBUG=1); secrets stay hidden' },
  { name: 'help', type: 'boolean', help: 'show this help' },
];

/** A parsed command line. `command` is undefined when none was given. */
export interface ParsedArgs {
  command?: string;
  values: Record<string, string | boolean | string[] | undefined>;
  help: boolean;
  version: boolean;
}

/** The main command line's flags as the parser sees them: the table, `-h` and `--version`. */
const MAIN_FLAGS: readonly FlagShape[] = [
  ...FLAGS.map((flag) => (flag.name === 'help' ? { ...flag, short: 'h' } : flag)),
  { name: 'version', type: 'boolean' },
];

/** Parses argv; throws UsageError. Which flags a command accepts is checked by `checkFlags`. */
export function parseCommandLine(argv: string[]): ParsedArgs {
  const parsed = parseFlags(argv, MAIN_FLAGS, { allowPositionals: true });
  const [command, ...extra] = parsed.positionals;
  const { values } = parsed;
  if (extra.length > 0 && command !== 'help') {
    throw new UsageError(`Unexpected argument '${extra[0]}'. Quote values that contain spaces, e.g. --numbers '...'.`, command);
  }
  if (command === 'help') {
    return { command: extra[0], values: {}, help: true, version: false };
  }
  return { command, values, help: values['help'] === true, version: values['version'] === true };
}

/** Refuses flags the command does not use, and empty values: a silent default would surprise. */
export function checkFlags(command: Command, values: ParsedArgs['values']): void {
  for (const flag of FLAGS) {
    const value = values[flag.name];
    if (value === undefined) continue;
    if (flag.commands && !flag.commands.includes(command)) {
      throw new UsageError(`--${flag.name} is for ${listOf(flag.commands)}, not ${command}.`, command);
    }
    const texts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    if (texts.some((text) => text.trim() === '')) {
      throw new UsageError(`--${flag.name} needs a non-empty value${flag.value ? ` (${flag.value})` : ''}.`, command);
    }
  }
}

/**
 * The flags as the action's inputs. The key is never a flag (it would land in shell history and
 * `ps`): only VAPI_API_KEY. Inputs the CLI has no flag for read as empty, i.e. the action's default.
 */
export function inputsOf(command: Command, values: ParsedArgs['values'], env: Record<string, string | undefined>): InputReader {
  const flagText = (name: string): string => {
    const value = values[name];
    if (value === true) return 'true';
    if (Array.isArray(value)) return value.join('\n');
    return typeof value === 'string' ? value : '';
  };
  return (name) => {
    switch (name) {
      case 'command':
        return command;
      case 'api-key':
        return env['VAPI_API_KEY'] ?? '';
      case 'base-url':
        return flagText('base-url') || env['VAPI_BASE_URL'] || '';
      case 'github-token':
        return flagText('github-token') || env['GITHUB_TOKEN'] || '';
      case 'comment':
        return '';
      default:
        return FLAGS.some((flag) => flag.name === name) ? flagText(name) : '';
    }
  };
}

/**
 * Parses argv against a flag table (the main command line's, or a subcommand's such as the
 * sandbox's), with every parser complaint in this tool's words. Throws UsageError naming
 * `options.command` (or the first word of argv) for the help to point at.
 */
export function parseFlags(
  argv: string[],
  flags: readonly FlagShape[],
  options: { allowPositionals: boolean; command?: string },
): { values: ParsedArgs['values']; positionals: string[] } {
  const parserOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const flag of flags) {
    parserOptions[flag.name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  try {
    const parsed = parseArgs({
      args: attachValues(argv, flags),
      options: parserOptions,
      allowPositionals: options.allowPositionals,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw usageErrorOf(error, { argv, flags, command: options.command ?? argv.find((arg) => !arg.startsWith('-')) });
  }
}

/**
 * `--numbers '- name: x'` is how a YAML list is naturally written, and `--latency -5` a mistake
 * best answered by the flag's own check, but parseArgs refuses a value that starts with a dash as
 * ambiguous. A value flag followed by anything but another `--flag` takes it, so `--config --json`
 * (a forgotten value) is still caught.
 */
function attachValues(argv: string[], flags: readonly FlagShape[]): string[] {
  const valued = new Set(flags.filter((flag) => flag.type === 'string').map((flag) => `--${flag.name}`));
  const result: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const next = argv[index + 1];
    if (arg === '--') {
      result.push(...argv.slice(index));
      break;
    }
    if (valued.has(arg) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      result.push(`${arg}=${next}`);
      index++;
    } else {
      result.push(arg);
    }
  }
  return result;
}

/** Node's parseArgs messages, reworded for this tool and given a did-you-mean. */
function usageErrorOf(error: unknown, context: { argv: string[]; flags: readonly FlagShape[]; command?: string }): UsageError {
  const { argv, flags, command } = context;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = quoted.replace(/^-+/, '').split('=')[0] ?? '';
    const near = nearestKeys(
      name,
      flags.map((flag) => flag.name),
    );
    const hint = near.length > 0 ? ` Did you mean --${near.join(' or --')}?` : '';
    return new UsageError(`Unknown flag '${quoted}'.${hint}`, command);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // Node names the flag as `'--config <value>'`, or `'-h, --help'` when it has a short alias.
    const name = /--([\w-]+)/.exec(message)?.[1] ?? quoted.replace(/^-+/, '');
    const flag = flags.find((candidate) => candidate.name === name);
    if (flag?.type === 'boolean') return new UsageError(`--${flag.name} takes no value.`, command);
    return new UsageError(`--${flag?.name ?? name} needs a value${flag?.value ? ` (${flag.value})` : ''}.`, command);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const extra = /'([^']*)'/.exec(message)?.[1] ?? argv.find((arg) => !arg.startsWith('-')) ?? '';
    return new UsageError(`Unexpected argument '${extra}': this command takes only flags.`, command);
  }
  return new UsageError(message, command);
}

/**
 * The command word, found before any parsing (a subcommand such as `sandbox` has flags of its own):
 * the first argument that is neither a flag nor the value of one.
 */
export function firstPositional(argv: string[]): string | undefined {
  const valued = new Set(FLAGS.filter((flag) => flag.type === 'string').map((flag) => `--${flag.name}`));
  return argv.find((arg, index) => !arg.startsWith('-') && !valued.has(argv[index - 1] ?? ''));
}

/** The closest known command to a mistyped one, for the error message. */
export function suggestCommand(word: string, commands: readonly string[]): string {
  const near = nearestKeys(word, commands);
  return near.length > 0 ? ` Did you mean '${near.join("' or '")}'?` : '';
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
