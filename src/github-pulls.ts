// The default pull-request reader of `cleanup`: GitHub's API, loaded only when a run needs it so
// that other runs do not pay @actions/github's start-up cost.
import type { RunLog } from './log.js';
import type { PullRequestState } from './plan/cleanup.js';
import type { Settings } from './settings.js';
import { ACTION_WORDS, withoutFullStop } from './shell-words.js';

export async function readPullRequestsFromGitHub(
  prNumbers: number[],
  settings: Settings,
  env: Record<string, string | undefined>,
  log: RunLog,
): Promise<Map<number, PullRequestState>> {
  const { gitHubAccess } = await import('./github/context.js');
  const { readPullRequestStates } = await import('./github/pulls.js');
  const words = settings.words ?? ACTION_WORDS;
  let reason = 'github-token and GITHUB_REPOSITORY must be set';
  const access = gitHubAccess(settings.githubToken, env, (why) => (reason = why), words.github);
  if (!access) {
    // Nothing may be deleted on a guess about pull requests: the run stops before any write.
    const needs = `${words.setting('pr-closed')} needs the GitHub API, which cannot be reached`;
    throw new Error(`${needs}: ${withoutFullStop(reason)}. Nothing was deleted.`);
  }
  return readPullRequestStates(access, prNumbers, log, words.github);
}
