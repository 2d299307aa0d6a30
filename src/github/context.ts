// Where the GitHub API is and which repository and pull request a run is about, read from the
// runner's environment. Deliberately free of @actions/github: deciding whether GitHub is needed at
// all must not cost the library's start-up time.
import { readFileSync } from 'node:fs';
import { ACTION_WORDS, type GitHubWords } from '../shell-words.js';

/** What every GitHub request needs: the token, the REST API root and the repository. */
export interface GitHubAccess {
  token: string;
  /** REST API root without a trailing slash: `https://api.github.com`, or `https://ghe.example/api/v3`. */
  apiUrl: string;
  owner: string;
  repo: string;
}

/** The environment variables this module reads (a plain map, so tests pass their own). */
export type GitHubEnv = Record<string, string | undefined>;

const DEFAULT_API_URL = 'https://api.github.com';
const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);

/**
 * Access to the current repository's API, or undefined when something is missing; `why` is told
 * what and how to fix it, in the shell's `words` (the caller decides whether that is a warning, an
 * error or debug).
 */
export function gitHubAccess(
  token: string | undefined,
  env: GitHubEnv,
  why: (reason: string) => void = () => undefined,
  words: GitHubWords = ACTION_WORDS.github,
): GitHubAccess | undefined {
  const trimmed = token?.trim() ?? '';
  if (!trimmed) {
    why(words.tokenMissing);
    return undefined;
  }
  const repository = env['GITHUB_REPOSITORY']?.trim() ?? '';
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (!match) {
    why(repository ? `${words.repository} is '${repository}', not 'owner/repo'.` : words.repositoryMissing);
    return undefined;
  }
  const apiUrl = normaliseApiUrl(env['GITHUB_API_URL']);
  if (!apiUrl) {
    why(
      `GITHUB_API_URL is '${env['GITHUB_API_URL'] ?? ''}', not an http(s) URL (e.g. https://api.github.com or https://ghe.example.com/api/v3).`,
    );
    return undefined;
  }
  return { token: trimmed, apiUrl, owner: match[1] as string, repo: match[2] as string };
}

/**
 * The pull request a `pull_request` or `pull_request_target` event is about, read from the event
 * payload; undefined for any other event, or when the payload cannot be read (`why` says which).
 */
export function pullRequestOfEvent(env: GitHubEnv, why: (reason: string) => void = () => undefined): number | undefined {
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  if (!PULL_REQUEST_EVENTS.has(eventName)) {
    why(eventName ? `the event is '${eventName}', not a pull request` : 'GITHUB_EVENT_NAME is not set');
    return undefined;
  }
  const eventPath = env['GITHUB_EVENT_PATH'];
  if (!eventPath) {
    why('GITHUB_EVENT_PATH is not set, so the pull request number is unknown');
    return undefined;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8')) as unknown;
  } catch (error) {
    why(`could not read the event payload ${eventPath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const number = payloadNumber(payload);
  if (number === undefined) why(`the event payload ${eventPath} holds no pull request number`);
  return number;
}

function payloadNumber(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as { pull_request?: { number?: unknown }; number?: unknown };
  // pull_request.number is the documented field; the top-level `number` is the same value.
  const candidate = record.pull_request?.number ?? record.number;
  return typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate > 0 ? candidate : undefined;
}

function normaliseApiUrl(raw: string | undefined): string | undefined {
  const text = raw?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Octokit joins baseUrl and route by string, so a trailing slash would give `//repos/...`.
  return text.replace(/\/+$/, '');
}

/** The link to the current workflow run (for the comment's footer), when the runner says where it is. */
export function workflowRunUrl(env: GitHubEnv): string | undefined {
  const server = env['GITHUB_SERVER_URL']?.trim().replace(/\/+$/, '');
  const repository = env['GITHUB_REPOSITORY']?.trim();
  const runId = env['GITHUB_RUN_ID']?.trim();
  if (!server || !repository || !runId || !/^\d+$/.test(runId)) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}
