// The sticky pull-request comment: one per marker, found again through every page of comments and
// edited in place. Commenting is a courtesy: every failure is a warning with the fix, never a throw.
import type { RunLog } from '../log.js';
import type { GitHubAccess } from './context.js';
import { describeFailure, failureText, gitHubClient, rateLimitAdvice, requestOptions } from './client.js';
import type { GitHubFailure, GitHubOctokit } from './client.js';

/** What `upsertStickyComment` needs; `marker` is a hidden HTML comment, e.g. from commentMarker(). */
export interface StickyCommentRequest {
  access: GitHubAccess;
  prNumber: number;
  marker: string;
  body: string;
  log: RunLog;
}

/** What happened to the comment; `failed` has already been reported as a warning. */
export type StickyCommentResult = 'created' | 'updated' | 'failed';

/** GitHub refuses comment bodies longer than this many characters. */
export const COMMENT_BODY_LIMIT = 65_536;

/** Stops a runaway `Link` chain; 200 pages of 100 is far beyond any real pull request. */
const MAX_PAGES = 200;

type Step = 'load the GitHub client' | 'list the comments of' | 'create a comment on' | 'edit the comment on';

/** Creates the PR's comment holding `marker`, or edits the one that already does. Never throws. */
export async function upsertStickyComment(request: StickyCommentRequest): Promise<StickyCommentResult> {
  const { access, prNumber, marker, log } = request;
  const body = withMarker(request.body, marker);
  let step: Step = 'load the GitHub client';
  try {
    const octokit = await gitHubClient(access, log);
    step = 'list the comments of';
    const existing = await findComment(octokit, access, prNumber, marker);
    if (existing !== undefined) {
      step = 'edit the comment on';
      try {
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner: access.owner,
          repo: access.repo,
          comment_id: existing,
          body,
          ...requestOptions(),
        });
        log.info(`Updated the vapi-numbers comment on PR #${prNumber}.`);
        return 'updated';
      } catch (error) {
        // Deleted by someone between the listing and the edit: post a new one instead.
        if (describeFailure(error).status !== 404) throw error;
        log.debug(`The vapi-numbers comment ${existing} on PR #${prNumber} was deleted meanwhile; creating a new one.`);
      }
    }
    step = 'create a comment on';
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: access.owner,
      repo: access.repo,
      issue_number: prNumber,
      body,
      ...requestOptions(),
    });
    log.info(`Created the vapi-numbers comment on PR #${prNumber}.`);
    return 'created';
  } catch (error) {
    log.warning(commentFailureMessage(step, prNumber, error, access));
    return 'failed';
  }
}

/**
 * The id of the oldest comment containing `marker`, reading every page: a busy PR can push the
 * comment far past the first page, and missing it would post a duplicate on every run.
 */
async function findComment(
  octokit: GitHubOctokit,
  access: GitHubAccess,
  prNumber: number,
  marker: string,
): Promise<number | undefined> {
  let query: Record<string, string> = {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: access.owner,
      repo: access.repo,
      issue_number: prNumber,
      per_page: 100,
      ...query,
      ...requestOptions(),
    });
    const found = response.data.find((comment) => typeof comment.body === 'string' && comment.body.includes(marker));
    // Typed int64 (number | bigint); GitHub's comment ids are far below 2^53.
    if (found) return Number(found.id);
    const next = nextLink(response.headers.link);
    if (!next) return undefined;
    // Only the next link's query (page, or a cursor) is taken: the host and path stay access.apiUrl's,
    // so the token never follows a Link header anywhere else.
    query = Object.fromEntries(new URL(next, access.apiUrl).searchParams);
  }
  return undefined;
}

/** The `rel="next"` target of a Link header (RFC 8288), if any. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /^<([^>]*)>(.*)$/.exec(part.trim());
    const rel = /;\s*rel="?([^";]*)"?/i.exec(match?.[2] ?? '')?.[1] ?? '';
    if (match && rel.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

/** The body as sent: the marker first, so the next run finds it, and never over GitHub's limit. */
function withMarker(body: string, marker: string): string {
  const marked = body.includes(marker) ? body : `${marker}\n${body}`;
  if (marked.length <= COMMENT_BODY_LIMIT) return marked;
  // renderComment keeps under the limit itself; this only guards callers that build their own body.
  const note = "\n\n_(truncated: the comment exceeded GitHub's size limit; see the job summary)_";
  const head = `${marker}\n`;
  const rest = marked.startsWith(head) ? marked.slice(head.length) : marked.split(marker).join('');
  return head + rest.slice(0, COMMENT_BODY_LIMIT - head.length - note.length) + note;
}

function commentFailureMessage(step: Step, prNumber: number, error: unknown, access: GitHubAccess): string {
  if (step === 'load the GitHub client') {
    return `Could not load the GitHub client to comment on PR #${prNumber} (${error instanceof Error ? error.message : String(error)}). The run itself is not affected.`;
  }
  const failure = describeFailure(error);
  const what = `Could not ${step} PR #${prNumber} (${failureText(failure, access.apiUrl)}). The run itself is not affected; the result is in the job summary.`;
  return `${what} ${commentFix(failure, access)}`;
}

function commentFix(failure: GitHubFailure, access: GitHubAccess): string {
  if (failure.rateLimited) return rateLimitAdvice(failure);
  switch (failure.status) {
    case undefined:
      return `Check that GITHUB_API_URL (${access.apiUrl}) is reachable from the runner.`;
    case 401:
      return 'The github-token was rejected: leave it at its default (${{ github.token }}) or pass a valid token.';
    case 403:
      return (
        'The token may not write to pull requests. Add `permissions: pull-requests: write` to the job. ' +
        'On pull requests from forks GitHub gives a read-only token whatever the workflow asks for: skip commenting there ' +
        '(`comment: ${{ github.event.pull_request.head.repo.full_name == github.repository }}`), or use `pull_request_target` ' +
        "with care (it runs with a write token and secrets: never check out or run the fork's code in that job)."
      );
    case 404:
      return (
        `GitHub did not find the pull request in ${access.owner}/${access.repo}, or the token cannot see it: check ` +
        'GITHUB_REPOSITORY and give the job `permissions: pull-requests: write`.'
      );
    case 422:
      return 'GitHub refused the comment body; please report this as a vapi-numbers bug with the job summary attached.';
    default:
      return failure.status >= 500
        ? 'GitHub had a server error; the next run updates the comment.'
        : "Check the github-token and the job's `permissions: pull-requests: write`.";
  }
}
