// Pull-request states for `cleanup --pr-closed`. The safe direction is "keep": only a definite
// answer from GitHub (closed, or not there at all) lets the caller delete a PR's numbers.
import { mapLimited } from '../apply/map-limited.js';
import type { RunLog } from '../log.js';
import { ACTION_WORDS, type GitHubWords } from '../shell-words.js';
import type { GitHubAccess } from './context.js';
import { describeFailure, failureText, gitHubClient, rateLimitAdvice, requestOptions } from './client.js';
import type { GitHubFailure, GitHubOctokit } from './client.js';

/** What GitHub says about one pull request; `error` means "unknown", and nothing is deleted for it. */
export type PullRequestState =
  { state: 'open' } | { state: 'closed' } | { state: 'missing' } | { state: 'error'; message: string };

/** How many PR lookups run at once: quick for 40 PRs, gentle on the secondary rate limit. */
const CONCURRENCY = 4;

/**
 * The state of every PR in `prNumbers`, one GET per distinct number. Merged counts as `closed`;
 * a 404 is `missing` only once the repository itself is known to be readable (a token that cannot
 * see a private repository also gets 404s, and must not make every preview number look orphaned).
 * Never throws.
 */
export async function readPullRequestStates(
  access: GitHubAccess,
  prNumbers: Iterable<number>,
  log: RunLog,
  words: GitHubWords = ACTION_WORDS.github,
): Promise<Map<number, PullRequestState>> {
  const states = new Map<number, PullRequestState>();
  const distinct = [...new Set(prNumbers)];
  const valid: number[] = [];
  for (const number of distinct) {
    if (Number.isSafeInteger(number) && number > 0) valid.push(number);
    else states.set(number, { state: 'error', message: `'${number}' is not a pull request number; its numbers are kept.` });
  }
  if (valid.length === 0) return states;

  let octokit: GitHubOctokit;
  try {
    octokit = await gitHubClient(access, log);
  } catch (error) {
    const message = `Could not load the GitHub client (${error instanceof Error ? error.message : String(error)}); no pull request was checked, nothing is deleted for pr-closed.`;
    for (const number of valid) states.set(number, { state: 'error', message });
    return states;
  }

  const notFound: number[] = [];
  await mapLimited(valid, CONCURRENCY, async (number) => {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner: access.owner,
        repo: access.repo,
        pull_number: number,
        ...requestOptions(),
      });
      // `merged` implies `closed` on GitHub; checking both guards against a payload that disagrees.
      const closed = data.state === 'closed' || data.merged === true;
      states.set(number, { state: closed ? 'closed' : 'open' });
      log.debug(`PR #${number}: ${data.state}${data.merged ? ' (merged)' : ''}`);
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.status === 404) {
        notFound.push(number);
        return;
      }
      states.set(number, { state: 'error', message: pullFailureMessage(number, failure, access, words) });
    }
  });

  if (notFound.length > 0) {
    const repoProblem = await repositoryProblem(octokit, access, words);
    for (const number of notFound) {
      states.set(number, repoProblem ? { state: 'error', message: `PR #${number}: ${repoProblem}` } : { state: 'missing' });
    }
  }
  // Callers index by the numbers they passed; keep the map in that order for stable reports.
  return new Map(distinct.map((number) => [number, states.get(number) as PullRequestState]));
}

/** Why a PR's 404 cannot be trusted, or undefined when the repository itself answers. */
async function repositoryProblem(octokit: GitHubOctokit, access: GitHubAccess, words: GitHubWords): Promise<string | undefined> {
  const repository = `${access.owner}/${access.repo}`;
  try {
    await octokit.request('GET /repos/{owner}/{repo}', { owner: access.owner, repo: access.repo, ...requestOptions() });
    return undefined;
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.status === 404) {
      return (
        `GitHub answered 404 for the pull request and for the repository ${repository} itself, so the token cannot see it. ` +
        `Nothing is deleted for this PR. ${words.repositoryUnseen}`
      );
    }
    return `GitHub answered 404 for the pull request, and checking the repository ${repository} failed (${failureText(failure, access.apiUrl)}); nothing is deleted for this PR.`;
  }
}

function pullFailureMessage(number: number, failure: GitHubFailure, access: GitHubAccess, words: GitHubWords): string {
  const what = `Could not read PR #${number} from GitHub (${failureText(failure, access.apiUrl)}); its numbers are kept.`;
  if (failure.rateLimited) return `${what} ${rateLimitAdvice(failure)}`;
  switch (failure.status) {
    case undefined:
      return `${what} Check that GITHUB_API_URL (${access.apiUrl}) is reachable ${words.reachableFrom}; the next run tries again.`;
    case 401:
      return `${what} ${words.tokenRejected}`;
    case 403:
      return `${what} ${words.tokenCannotRead}`;
    default:
      return failure.status >= 500
        ? `${what} GitHub had a server error; the next run tries again.`
        : `${what} ${words.checkToken}`;
  }
}
