// The GitHub Action's shell: read inputs, run, report, all through @actions/core (the runner's
// protocol). Everything else lives behind the engine's run(). src/index.ts only calls run(), so
// GitHub's @github/local-action can run this file from source with its own @actions/core.
import * as core from '@actions/core';
import { actionLog } from './action-log.js';
import { renderReport, renderStoppedReport } from './report/markdown.js';
import { DEFAULT_OUTPUTS, outputsFor } from './report/outputs.js';
import { scrubSecrets } from './report/scrub.js';
import { commentOnPullRequest } from './pr-comment.js';
import { run as reconcile, type RunOutcome } from './run.js';
import { readSettings, type Settings } from './settings.js';

/** Runs the action once; every failure ends as a failed step with its outputs set, never a throw. */
export async function run(): Promise<void> {
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
    const outcome = await reconcile(settings, { log, env: process.env });
    for (const [name, value] of Object.entries(outputsFor(outcome))) core.setOutput(name, clean(value));
    await writeSummary(clean(renderReport(outcome, secrets)));
    await commentOnPullRequest({ settings, subject: { outcome }, env: process.env, log, secrets });
    if (outcome.failed) fail(clean(failureMessage(outcome)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack) log.debug(error.stack);
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
  const failed = outcome.results.filter((result) => result.operation === 'failed' || result.operation === 'unknown');
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
