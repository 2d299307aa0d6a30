// One run, whatever the shell: inputs -> config -> inventory -> plan -> apply -> verify -> outcome.
// main.ts (the action) and cli.ts only read settings, call run() and report its outcome.
import { setTimeout as delay } from 'node:timers/promises';
import { guardClient, type Cancellation } from './cancel.js';
import type { DesiredState } from './config/types.js';
import { readPullRequestsFromGitHub } from './github-pulls.js';
import type { RunLog } from './log.js';
import { createScrubber, scrubError, type Scrubber } from './report/scrub.js';
import { makePlan, readConfig, readInventory, type PullRequestReader } from './phases.js';
import { applyPlan } from './apply/apply.js';
import { resultFromPlan } from './apply/results.js';
import { cancelFailure, settleAfterCancel, unknownCreates } from './apply/settle.js';
import { CHANGING_OPERATIONS, isProblem, type NumberResult } from './apply/types.js';
import { verifyResults } from './apply/verify.js';
import { routingByName } from './routing-names.js';
import { waitUntilActive } from './apply/wait-active.js';
import type { Command, Plan } from './plan/types.js';
import type { Settings } from './settings.js';
import { ACTION_WORDS } from './shell-words.js';
import { createVapiClient, type VapiClientOptions } from './vapi/client.js';
import type { RemoteNumber, VapiClient } from './vapi/types.js';

/** What the shells report: one value, from which outputs, summary and exit status are derived. */
export interface RunOutcome {
  command: Command;
  dryRun: boolean;
  /** The config source(s), e.g. `vapi-numbers.yml`. */
  label: string;
  results: NumberResult[];
  plan: Plan;
  /** Failures of the run as a whole (a refused plan, a verification that could not list, drift). */
  failures: string[];
  /** Something changed, or with dry-run would change. */
  changed: boolean;
  failed: boolean;
}

/** What a run needs from its surroundings; tests replace the pieces. */
export interface RunDependencies {
  log: RunLog;
  env: Record<string, string | undefined>;
  createClient?: (options: VapiClientOptions) => VapiClient;
  /** Creates in flight at once; CREATE_WINDOW (4) unless a test needs them one at a time. */
  createWindow?: number;
  /** Waits between re-listings (after an ambiguous create, and to verify); tests shorten them. */
  relistDelaysMs?: number[];
  /** How the engine waits between re-listings; tests pass a recorder instead of real time. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock cleanup ages and wait-until-active deadlines are measured with. */
  now?: () => number;
  /** Pull-request states for `cleanup` with `pr-closed`; by default GitHub's API is asked. */
  readPullRequests?: PullRequestReader;
  /** Set by the shell's SIGINT/SIGTERM listener: see src/cancel.ts for what a cancelled run does. */
  cancel?: Cancellation;
}

/**
 * Throws ConfigError before any request, and Vapi errors when the inventory cannot be read. A
 * thrown error never carries a secret this run knows: the API may quote one back in its message.
 */
export async function run(settings: Settings, deps: RunDependencies): Promise<RunOutcome> {
  const secrets = new Set<string>();
  const log: RunLog = {
    ...deps.log,
    setSecret: (value) => {
      if (value) secrets.add(value);
      deps.log.setSecret(value);
    },
  };
  try {
    return await runPhases(settings, { ...deps, log }, createScrubber(secrets));
  } catch (error) {
    throw scrubError(error, secrets);
  }
}

async function runPhases(settings: Settings, deps: RunDependencies, scrub: Scrubber): Promise<RunOutcome> {
  const { log } = deps;
  log.setSecret(settings.apiKey);
  if (settings.githubToken) log.setSecret(settings.githubToken);

  const { cancel } = deps;
  const makeClient = deps.createClient ?? createVapiClient;
  const clientOptions: VapiClientOptions = {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    env: deps.env,
    debug: (message) => log.debug(message),
    info: (message) => log.info(message),
    scrub,
    revealed: (secret) => log.setSecret(secret),
    ...(settings.words ? { words: settings.words } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  };
  if (settings.command === 'export') {
    // Reads only: a cancel simply stops it, with nothing in flight worth waiting for.
    const client = cancel
      ? guardClient(makeClient({ ...clientOptions, signal: cancel.signal }), cancel)
      : makeClient(clientOptions);
    // Loaded only for export: it brings the YAML writer, which no other command needs at start-up.
    const { runExport } = await import('./export/run-export.js');
    return runExport(settings, client, log);
  }
  const desiredState = await log.group('Config', () => readConfig(settings, deps.env, log));
  if (!cancel) return runWith(settings, deps, desiredState, makeClient(clientOptions), deps.sleep);

  const sleep = cancel.sleeper(deps.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined)));
  const raw = makeClient({ ...clientOptions, sleep, signal: cancel.signal });
  try {
    return await runWith(settings, { ...deps, cancel }, desiredState, guardClient(raw, cancel), sleep, (timeoutMs) =>
      // The one request after a cancel: a fresh client, as the run's own refuses to send.
      listOnce(makeClient({ ...clientOptions, requestTimeoutMs: timeoutMs, maxRetries: 0 })),
    );
  } finally {
    // Ends requests still in flight after the grace, so that they do not keep the process alive.
    if (cancel.cancelled) await closeClient(raw);
  }
}

async function runWith(
  settings: Settings,
  deps: RunDependencies,
  desiredState: DesiredState,
  client: VapiClient,
  sleep: ((ms: number) => Promise<void>) | undefined,
  listAfterCancel?: (timeoutMs: number) => Promise<RemoteNumber[]>,
): Promise<RunOutcome> {
  const { log, cancel } = deps;
  const stopped = (): boolean => cancel?.cancelled ?? false;

  const resolveNames = settings.command === 'plan' || settings.command === 'apply';
  const { inventory, desired } = await log.group('Inventory', () =>
    readInventory({ client, state: desiredState, log, resolveNames, words: settings.words }),
  );

  const plan = await log.group('Plan', async () => {
    const planned = await makePlan({
      settings,
      state: desiredState,
      desired,
      inventory,
      readPullRequests: deps.readPullRequests ?? ((prs) => readPullRequestsFromGitHub(prs, settings, deps.env, log)),
      now: (deps.now ?? Date.now)(),
    });
    for (const change of planned.changes) log.info(`${change.action.padEnd(9)} ${change.name}`);
    // Said once, as the run's failure at the end (step error, summary, CLI report), not here too.
    if (planned.refusal) log.info('The plan is refused: nothing will be written. The reason follows with the results.');
    return planned;
  });

  const failures: string[] = [];
  let results: NumberResult[];
  const writes = plan.changes.some((c) => c.action === 'create' || c.action === 'update' || c.action === 'delete');
  if (settings.dryRun || plan.refusal || !writes) {
    results = plan.changes.map((change) => resultFromPlan(change));
    if (plan.refusal) failures.push(plan.refusal);
  } else {
    const applied = await log.group('Apply', () =>
      applyPlan(plan, {
        client,
        log,
        inventory,
        adoptDelaysMs: deps.relistDelaysMs,
        sleep,
        cancel,
        ...(deps.createWindow ? { createWindow: deps.createWindow } : {}),
      }),
    );
    results = applied;
    if (!stopped()) {
      const verified = await log.group('Verify', () =>
        verifyResults(applied, { client, log, desired, delaysMs: deps.relistDelaysMs, sleep, stopped }),
      );
      results = verified.results;
      if (verified.error && !stopped()) failures.push(verified.error);
    }
    if (cancel?.cancelled && listAfterCancel && unknownCreates(plan.changes, results).length > 0) {
      const unsettled = results;
      results = await log.group('After the cancel', () =>
        settleAfterCancel(plan.changes, unsettled, { cancel, log, inventory, list: listAfterCancel }),
      );
    }
  }
  if (settings.waitUntilActive && !settings.dryRun && !stopped()) {
    const waited = await log.group('Wait until active', () =>
      waitUntilActive(results, {
        client,
        log,
        timeoutMs: settings.waitTimeoutMs ?? 300_000,
        now: deps.now,
        sleep,
        stopped,
      }),
    );
    results = waited.results;
    if (waited.error) failures.push(waited.error);
  }
  if (cancel?.cancelled) failures.push(cancelFailure(cancel, results));

  results = await routingByName(results, { plan, client, log, stopped });

  const changed = results.some((result) => CHANGING_OPERATIONS.has(result.operation));
  if (settings.failOnChanges && changed) {
    const count = results.filter((result) => CHANGING_OPERATIONS.has(result.operation)).length;
    const flag = (settings.words ?? ACTION_WORDS).setting('fail-on-changes');
    failures.push(`${flag}: the live numbers differ from the config (${count} change${count === 1 ? '' : 's'}).`);
  }
  const failed = failures.length > 0 || results.some(isProblem);
  return {
    command: settings.command,
    dryRun: settings.dryRun,
    label: desiredState.label,
    results,
    plan,
    failures,
    changed,
    failed,
  };
}

async function listOnce(client: VapiClient): Promise<RemoteNumber[]> {
  try {
    return await client.listPhoneNumbers();
  } finally {
    await closeClient(client);
  }
}

/** Clients made by createVapiClient can be closed; a test's stand-in may not have close(). */
async function closeClient(client: VapiClient): Promise<void> {
  const closable = client as VapiClient & { close?: () => Promise<void> };
  if (typeof closable.close === 'function') await closable.close().catch(() => undefined);
}
