// Help text, built from the flag table so it cannot drift from what the parser accepts.
import { ENGINE_COMMANDS, FLAGS } from './args.js';
import type { Command } from '../plan/types.js';

const SUMMARIES: Record<Command | 'sandbox', string> = {
  plan: 'show what apply would do; writes nothing',
  apply: 'create and update the declared numbers (with --prune, delete owned undeclared ones)',
  delete: 'delete the declared numbers by name; a missing one is "absent", not an error',
  cleanup: 'delete numbers matching --match that are --older-than an age or whose PR is --pr-closed',
  export: "write the organisation's numbers as a config (stdout or --output FILE); writes nothing to Vapi",
  sandbox: 'serve a Vapi-compatible API on loopback, to try a config without an account',
};

const EXAMPLES: Record<Command, string[]> = {
  plan: [
    'vapi-numbers plan --config vapi-numbers.yml',
    'vapi-numbers plan --config vapi-numbers.yml --fail-on-changes   # drift check',
  ],
  apply: ['vapi-numbers apply --config vapi-numbers.yml', 'vapi-numbers apply --config vapi-numbers.yml --prune --json'],
  delete: ["vapi-numbers delete --numbers '- name: pr-123-support'"],
  cleanup: ["vapi-numbers cleanup --match 'pr-{pr}-*' --older-than 7d --protect pr-0-demo"],
  export: ['vapi-numbers export --output vapi-numbers.yml', "vapi-numbers export --match 'acme-*' > acme.yml"],
};

const ENVIRONMENT = [
  'Environment:',
  '  VAPI_API_KEY    Vapi private API key (required; never passed as a flag)',
  '  VAPI_BASE_URL   API root when --base-url is not given',
  '  NO_COLOR        no colour; FORCE_COLOR=1 forces it when not on a terminal',
  '  RUNNER_DEBUG=1  same as --debug',
];

const EXIT_CODES = [
  'Exit codes: 0 success, 1 a failure (a failed entry, refused plan, drift with --fail-on-changes, API error), 2 usage or config error.',
];

/** `vapi-numbers --help`. */
export function globalHelp(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((name) => name.length));
  return [
    "vapi-numbers: keep a Vapi organisation's phone numbers equal to a declared YAML list.",
    '',
    'Usage: vapi-numbers <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    "Run 'vapi-numbers <command> --help' for a command's flags. Also: --version.",
    '',
    ...ENVIRONMENT,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** `vapi-numbers <command> --help`: only the flags that command accepts. */
export function commandHelp(command: Command): string {
  const flags = FLAGS.filter((flag) => !flag.commands || flag.commands.includes(command));
  const left = flags.map((flag) => `--${flag.name}${flag.value ? ` ${flag.value}` : ''}${flag.name === 'help' ? ', -h' : ''}`);
  const width = Math.max(...left.map((text) => text.length));
  const needs =
    command === 'cleanup'
      ? 'Needs --match and at least one of --older-than, --pr-closed.'
      : 'Needs --config or --numbers (or both).';
  return [
    `vapi-numbers ${command}: ${SUMMARIES[command]}`,
    '',
    `Usage: vapi-numbers ${command} [flags]`,
    needs,
    '',
    'Flags:',
    ...flags.map((flag, index) => `  ${(left[index] ?? '').padEnd(width)}  ${flag.help}`),
    '',
    'Examples:',
    ...EXAMPLES[command].map((example) => `  ${example}`),
    '',
    ...ENVIRONMENT,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

export function isEngineCommand(name: string | undefined): name is Command {
  return (ENGINE_COMMANDS as readonly (string | undefined)[]).includes(name);
}
