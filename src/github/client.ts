// The one door to @actions/github. It is imported lazily, here only, so a run that neither comments
// nor checks pull requests never loads Octokit (see the start-up measurement in the report).
import type { getOctokit } from '@actions/github';
import type { RunLog } from '../log.js';
import type { GitHubAccess } from './context.js';

/** An Octokit instance as @actions/github builds it (REST methods, paginate, proxy-aware fetch). */
export type GitHubOctokit = ReturnType<typeof getOctokit>;

/** How long one GitHub request may take before it counts as failed: a hung API must not hang the step. */
export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;

let loading: Promise<typeof import('@actions/github')> | undefined;

/**
 * An Octokit for `access`. `baseUrl` is passed explicitly: @actions/github reads GITHUB_API_URL
 * once, when it is first imported, and tests (and any caller with its own env map) must win over
 * whatever process.env held then.
 */
export async function gitHubClient(access: GitHubAccess, log: RunLog): Promise<GitHubOctokit> {
  loading ??= import('@actions/github');
  const github = await loading;
  return github.getOctokit(access.token, {
    baseUrl: access.apiUrl,
    userAgent: 'vapi-numbers',
    // Octokit's own warnings (deprecations) are not the user's business at warning level.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.debug(`octokit: ${message}`),
      error: (message: string) => log.debug(`octokit: ${message}`),
    },
  });
}

/** Per-request options: a timeout, merged by Octokit with its own request options (fetch, hook). */
export function requestOptions(): { request: { signal: AbortSignal } } {
  return { request: { signal: AbortSignal.timeout(GITHUB_REQUEST_TIMEOUT_MS) } };
}

/** A failed GitHub request, reduced to what a message needs. */
export interface GitHubFailure {
  /** HTTP status; undefined when no response arrived (network error, timeout, bad URL). */
  status?: number;
  /** GitHub's own message, or the network error's. */
  message: string;
  /** A primary or secondary rate limit, not a permission problem. */
  rateLimited: boolean;
  /** When the primary rate limit resets, if GitHub said. */
  resetAt?: Date;
}

/** Reads an Octokit RequestError (or anything else thrown) without trusting its shape. */
export function describeFailure(error: unknown): GitHubFailure {
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    message?: unknown;
    response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown };
  };
  const message = typeof record.message === 'string' && record.message ? record.message : String(error);
  // Octokit gives network errors and timeouts status 500 but no response: they are not GitHub's 500.
  if (!record.response) return { message, rateLimited: false };
  const status = typeof record.response.status === 'number' ? record.response.status : Number(record.status);
  const headers = record.response.headers ?? {};
  const remaining = headers['x-ratelimit-remaining'];
  const reset = Number(headers['x-ratelimit-reset']);
  const rateLimited =
    status === 429 ||
    (status === 403 && (String(remaining) === '0' || /rate limit/i.test(message) || headers['retry-after'] !== undefined));
  return {
    status,
    message: firstLine(message),
    rateLimited,
    ...(rateLimited && Number.isFinite(reset) && reset > 0 ? { resetAt: new Date(reset * 1000) } : {}),
  };
}

/** The failure in a few words, e.g. `403 Resource not accessible by integration`. */
export function failureText(failure: GitHubFailure, apiUrl: string): string {
  if (failure.status === undefined) return `no response from ${apiUrl} (${failure.message})`;
  return `HTTP ${failure.status}: ${failure.message}`;
}

/** What to do about a rate limit, with the reset time when known. */
export function rateLimitAdvice(failure: GitHubFailure): string {
  const when = failure.resetAt ? ` (it resets at ${failure.resetAt.toISOString()})` : '';
  return `GitHub's API rate limit was hit${when}: run again later, or spread scheduled runs out.`;
}

function firstLine(text: string): string {
  // RequestError messages append " - https://docs.github.com/..." after GitHub's message; keep it, it helps.
  const line = text.split(/\r?\n/)[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
