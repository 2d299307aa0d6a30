// The GitHub Action's shell: read inputs, run, report, all through @actions/core (the runner's
// protocol). Everything else lives behind the engine's run(). src/index.ts only calls run(), so
// GitHub's @github/local-action can run this file from source with its own @actions/core.
import * as core from '@actions/core';
import { actionLog } from './action-log.js';
import { Cancellation, isCancellation } from './cancel.js';
import { renderReport, renderStoppedReport } from './report/markdown.js';
import { DEFAULT_OUTPUTS, outputsFor } from './report/outputs.js';
import { SecretMatcher, scrubSecrets } from './report/scrub.js';
import { commentOnPullRequest } from './pr-comment.js';
import { run as reconcile, type RunOutcome } from './run.js';
import { isProblem } from './apply/types.js';
import { readSettings, type Settings } from './settings.js';

/** Runs the action once; every failure ends as a failed step with its outputs set, never a throw. */
export async function run(): Promise<void> {
  // Listening first: GitHub cancels with SIGINT (SIGTERM 7.5 s later), and Node's default would end
  // the run at once, reporting nothing, with a create perhaps in flight.
  const cancel = new Cancellation();
  const stopListening = cancel.listen();
  cancel.onCancel((signal, repeated) => core.warning(cancelNotice(cancel, signal, repeated)));
  try {
    await runAction(cancel);
  } finally {
    stopListening();
  }
}

async function runAction(cancel: Cancellation): Promise<void> {
  // The key is masked before anything else runs, so nothing can print it unmasked.
  const secrets = new Set<string>();
  const log = actionLog(secrets);
  log.setSecret(core.getInput('api-key'));
  log.setSecret(core.getInput('github-token'));

  // Outputs next, so a step that fails early still leaves every output defined.
  for (const [name, value] of Object.entries(DEFAULT_OUTPUTS)) core.setOutput(name, value);
  const clean = (text: string): string => scrubSecrets(text, secrets);

  const command = core.getInput('command') || 'apply';
  let settings: Settings | undefined;
  try {
    settings = readSettings((name) => core.getInput(name), process.env);
    // The inline list is not shown: its literal secrets are only known (and masked) once it is parsed.
    const numbersYaml = settings.numbersYaml === undefined ? undefined : `(${settings.numbersYaml.split('\n').length} lines)`;
    log.debug(`Settings: ${JSON.stringify({ ...settings, apiKey: '***', githubToken: '***', numbersYaml })}`);
    const outcome = await Promise.race([reconcile(settings, { log, env: process.env, cancel }), notAfterHardStop(cancel)]);
    // Every secret of the run is known by now: one matcher of all their forms serves each document.
    const report = SecretMatcher.forReport(outcome.plan, secrets);
    for (const [name, value] of Object.entries(outputsFor(outcome))) core.setOutput(name, report.scrub(value));
    await writeSummary(report.scrub(renderReport(outcome, report)));
    // A comment is one more request, and GitHub's SIGTERM is near: the summary has it all.
    if (cancel.cancelled) log.info('No pull-request comment: the run was cancelled.');
    else await commentOnPullRequest({ settings, subject: { outcome }, env: process.env, log, secrets: report });
    if (outcome.failed) fail(report.scrub(failureMessage(outcome)));
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack) log.debug(error.stack);
    if (cancel.cancelled) {
      const stopped = stoppedByCancel(cancel);
      message = isCancellation(error) ? stopped.message : `${stopped.message}\n${message}`;
      await writeSummary(clean(renderStoppedReport(command, message, stopped.heading)));
      fail(clean(message));
      return;
    }
    await writeSummary(clean(renderStoppedReport(command, message)));
    if (settings) {
      await commentOnPullRequest({ settings, subject: { stopped: { command, message } }, env: process.env, log, secrets });
    }
    fail(clean(message));
  }
}

function fail(message: string): void {
  core.setFailed(message);
  // core.setFailed sets it on a runner; @github/local-action's stand-in for core does not, and a
  // failed run would exit 0 there.
  process.exitCode = 1;
}

function failureMessage(outcome: RunOutcome): string {
  const failed = outcome.results.filter(isProblem);
  const parts = [...outcome.failures];
  for (const result of failed) parts.push(`${result.name}: ${result.operation}: ${result.problem?.message ?? ''}`);
  return `${parts.join('\n')}\nSee the job summary for every number and what to do.`;
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    // No summary file outside a runner; the failure itself is still reported through setFailed.
    core.summary.emptyBuffer();
    core.debug(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function cancelNotice(cancel: Cancellation, signal: string, repeated: boolean): string {
  if (repeated) return `${signal} again: reporting now, without waiting any longer for requests in flight.`;
  const waiting =
    cancel.inFlight === 0
      ? 'none is in flight'
      : `the ${cancel.inFlight} in flight get up to ${cancel.graceMs / 1000} s to finish`;
  return `${signal}: cancelling. No new request is sent; ${waiting}. Then the outputs and the job summary are written.`;
}

/** Rejects `hardStopMs` after a signal: past it, GitHub's SIGTERM would find nothing written. */
async function notAfterHardStop(cancel: Cancellation): Promise<never> {
  await cancel.hardStop();
  throw new Error(`The run did not stop within ${cancel.hardStopMs / 1000} s of the cancel.`);
}

/** The report of a cancel that came before the run had an outcome. */
function stoppedByCancel(cancel: Cancellation): { message: string; heading: string } {
  const cause = cancel.causeSentence;
  if (cancel.writesStarted === 0) {
    return {
      message: `${cause} before it changed anything: nothing was written. Run it again when you are ready.`,
      heading: '**Cancelled before any change.** Nothing was written.',
    };
  }
  return {
    message:
      `${cause} after ${cancel.writesStarted} write request${cancel.writesStarted === 1 ? ' was' : 's were'} sent, and ` +
      'it could not tell in time which of them Vapi carried out. Run the plan to see the live state; wait about a ' +
      "minute before applying again: Vapi's list can lag behind a create, and a run that does not see a number yet " +
      'buys it a second time.',
    heading: '**Cancelled.** Some changes may have been made.',
  };
}
