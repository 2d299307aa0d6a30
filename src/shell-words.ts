// How a shell names what the user sets. The engine's messages point at a setting (where the numbers
// come from, the API key, base-url, the GitHub token, the repository), but the action calls them
// inputs and secrets and the CLI flags and environment variables. Each shell hands the engine its
// own words on the settings; the engine never asks which shell runs it.

/** The names the engine's messages use for what the user sets. The action's are ACTION_WORDS. */
export interface ShellWords {
  /** A setting named in a message about its value: `max-deletions` (action), `--max-deletions` (CLI). */
  setting(input: string): string;
  /** A switch turned on, as advice writes it: `pr-closed: true` (action), `--pr-closed` (CLI). */
  switchedOn(input: string): string;
  /** A required setting that was not given, as a clause: `Input 'match' is required`. */
  missing(input: string): string;
  /** The sentence asking for the numbers' source, when neither the config file nor the inline list was given. */
  giveNumbers: string;
  /** The API key, as advice names it: `the api-key secret` (action), `VAPI_API_KEY` (CLI). */
  apiKey: string;
  /** The API root, as advice names it: `base-url` (action), `--base-url (or VAPI_BASE_URL)` (CLI). */
  baseUrl: string;
  /** Advice for a config file that is not there: relative to the workspace, or to the current directory. */
  missingConfigFile: string;
  /** Where requests leave from: `this runner`, `this machine`. */
  thisMachine: string;
  github: GitHubWords;
}

/** How GitHub advice names the token and the repository, and what it asks the user to do about them. */
export interface GitHubWords {
  /** The sentence for no token at all. */
  tokenMissing: string;
  /** What to do when GitHub answered 401. */
  tokenRejected: string;
  /** What to do when the token may not read pull requests (403). */
  tokenCannotRead: string;
  /** What to do after any other refusal. */
  checkToken: string;
  /** Where the repository was given: `GITHUB_REPOSITORY`, or `--repo` when the CLI's flag set it. */
  repository: string;
  /** The sentence for no repository at all. */
  repositoryMissing: string;
  /** What to do when neither the pull request nor the repository is visible. */
  repositoryUnseen: string;
  /** Where requests leave from, after "reachable": `from the runner`, `from this machine`. */
  reachableFrom: string;
}

/** The action's words: inputs and secrets, as `action.yml` and a workflow spell them. */
export const ACTION_WORDS: ShellWords = {
  setting: (input) => input,
  switchedOn: (input) => `${input}: true`,
  missing: (input) => `Input '${input}' is required`,
  giveNumbers: "Set input 'config' (a YAML file) or 'numbers' (an inline YAML list), or both.",
  apiKey: 'the api-key secret',
  baseUrl: 'base-url',
  missingConfigFile: 'the `config` path is relative to the workspace; check the spelling and that the repository is checked out',
  thisMachine: 'this runner',
  github: {
    tokenMissing:
      "Input 'github-token' is empty. Leave it at its default (${{ github.token }}) or pass a token with access to this repository.",
    tokenRejected: 'The github-token was rejected: leave it at its default (${{ github.token }}) or pass a valid token.',
    tokenCannotRead:
      'The token may not read pull requests: add `permissions: pull-requests: read` to the job (with a custom github-token, give it read access to pull requests).',
    checkToken: "Check the github-token and the job's `permissions:`.",
    repository: 'GITHUB_REPOSITORY',
    repositoryMissing: 'GITHUB_REPOSITORY is not set: not running in GitHub Actions? Set it to owner/repo to talk to GitHub.',
    repositoryUnseen:
      'Check GITHUB_REPOSITORY, and give the job `permissions: pull-requests: read` (with a custom github-token, one that can read this repository).',
    reachableFrom: 'from the runner',
  },
};

/** A sentence followed by more text: its own full stop is dropped where the text adds one. */
export function withoutFullStop(sentence: string): string {
  return sentence.replace(/\.+$/, '');
}
