// The CLI's words for the engine's messages: flags and environment variables, never the action's
// inputs and secrets. A setting the environment can also give is named where it came from, so
// `Invalid VAPI_BASE_URL '...'` points at the variable the user exported rather than a flag never typed.
import type { ShellWords } from '../shell-words.js';
import type { ParsedArgs } from './args.js';

/** The environment variable behind each setting that has one. */
const ENVIRONMENT_OF: Record<string, string> = {
  'api-key': 'VAPI_API_KEY',
  'base-url': 'VAPI_BASE_URL',
  'github-token': 'GITHUB_TOKEN',
  repo: 'GITHUB_REPOSITORY',
};

/** The words of one command line: which flags were given decides how a setting is named. */
export function cliWords(values: ParsedArgs['values'], env: Record<string, string | undefined>): ShellWords {
  const setting = (input: string): string => {
    const variable = ENVIRONMENT_OF[input];
    if (input === 'api-key') return 'VAPI_API_KEY';
    const fromEnvironment = variable !== undefined && values[input] === undefined && (env[variable] ?? '').trim() !== '';
    return fromEnvironment ? variable : `--${input}`;
  };
  const token = setting('github-token');
  const repository = setting('repo');
  return {
    setting,
    switchedOn: (input) => `--${input}`,
    missing: (input) => `${setting(input)} is required`,
    giveNumbers: 'Pass --config FILE (a YAML file) or --numbers YAML (an inline YAML list), or both.',
    apiKey: 'VAPI_API_KEY',
    baseUrl: setting('base-url'),
    missingConfigFile: 'the --config path is relative to the current directory (or absolute); check the spelling',
    thisMachine: 'this machine',
    github: {
      tokenMissing:
        '--pr-closed reads the pull requests from GitHub and needs a token: pass --github-token TOKEN or set GITHUB_TOKEN.',
      tokenRejected: `GitHub rejected the token in ${token}: pass a valid one (--github-token TOKEN or GITHUB_TOKEN).`,
      tokenCannotRead: `The token in ${token} may not read pull requests: give it read access to this repository's pull requests.`,
      checkToken: `Check the token in ${token} and that it can read this repository's pull requests.`,
      repository,
      repositoryMissing:
        '--pr-closed needs the repository of the pull requests: pass --repo OWNER/NAME or set GITHUB_REPOSITORY.',
      repositoryUnseen: `Check ${repository}, and that the token in ${token} can read that repository.`,
      reachableFrom: 'from this machine',
    },
  };
}
