// `comment: true`: the result as one sticky comment on the pull request. Everything GitHub-related
// is imported only here, and only when a comment is due, so other runs do not load it.
import { sourceLabel } from './config/load.js';
import type { RunLog } from './log.js';
import { renderStoppedReport } from './report/markdown.js';
import { scrubSecrets } from './report/scrub.js';
import type { RunOutcome } from './run.js';
import type { Settings } from './settings.js';

/** What to comment: a run's outcome, or why it stopped before it had one. */
export type CommentSubject = { outcome: RunOutcome } | { stopped: { command: string; message: string } };

/** Creates or edits the run's comment; never throws (a comment is a courtesy, not the job). */
export async function commentOnPullRequest(options: {
  settings: Settings;
  subject: CommentSubject;
  env: Record<string, string | undefined>;
  log: RunLog;
  /** The run's secrets, or with an outcome its report matcher (SecretMatcher.forReport), used as it is. */
  secrets: Iterable<string>;
}): Promise<void> {
  const { settings, subject, env, log } = options;
  if (!settings.comment) return;
  try {
    const { gitHubAccess, pullRequestOfEvent, workflowRunUrl } = await import('./github/context.js');
    const prNumber = pullRequestOfEvent(env, (why) => log.debug(`comment: ${why}`));
    if (prNumber === undefined) {
      log.debug('comment: not a pull_request or pull_request_target event, so no comment was made');
      return;
    }
    const access = gitHubAccess(settings.githubToken, env, (why) =>
      log.warning(`Could not comment on pull request #${prNumber}: ${why}`),
    );
    if (!access) return;
    const { commentMarker, renderComment } = await import('./report/comment.js');
    const { upsertStickyComment } = await import('./github/comment.js');
    const { secrets } = options;
    const label =
      'outcome' in subject ? subject.outcome.label : sourceLabel(settings.configPath, settings.numbersYaml) || 'cleanup';
    const marker = commentMarker(label);
    const body =
      'outcome' in subject
        ? renderComment(subject.outcome, marker, { runUrl: workflowRunUrl(env), secrets })
        : `${marker}\n${scrubSecrets(renderStoppedReport(subject.stopped.command, subject.stopped.message), secrets)}`;
    const result = await upsertStickyComment({ access, prNumber, marker, body, log });
    if (result !== 'failed') log.info(`Pull request #${prNumber}: comment ${result}`);
  } catch (error) {
    log.warning(`Could not comment on the pull request: ${error instanceof Error ? error.message : String(error)}`);
  }
}
