// One run, whatever the shell: inputs -> config -> inventory -> plan -> apply -> verify -> outcome.
// main.ts (the action) and cli.ts only read settings, call run() and report its outcome.
import { loadDesiredState } from './config/load.js';
import { ConfigError, type DesiredNumber, type DesiredState } from './config/types.js';
import { resolveRouting, routingNeeds, type RoutingDirectory } from './inventory/resolve-routing.js';
import type { RunLog } from './log.js';
import { applyPlan } from './apply/apply.js';
import { resultFromPlan } from './apply/results.js';
import type { NumberResult } from './apply/types.js';
import { verifyResults } from './apply/verify.js';
import { planChanges } from './plan/plan.js';
import type { Command, Plan } from './plan/types.js';
import type { Settings } from './settings.js';
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
  /** Waits between re-listings (after an ambiguous create, and to verify); tests shorten them. */
  relistDelaysMs?: number[];
  /** How the engine waits between re-listings; tests pass a recorder instead of real time. */
  sleep?: (ms: number) => Promise<void>;
}

const CHANGING: ReadonlySet<string> = new Set([
  'created',
  'updated',
  'deleted',
  'would-create',
  'would-update',
  'would-delete',
]);

/** Throws ConfigError before any request, and Vapi errors when the inventory cannot be read. */
export async function run(settings: Settings, deps: RunDependencies): Promise<RunOutcome> {
  const { log } = deps;
  log.setSecret(settings.apiKey);

  const desiredState = await log.group('Config', () => readConfig(settings, deps));
  const client = (deps.createClient ?? createVapiClient)({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    debug: (message) => log.debug(message),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });

  // Deleting by name needs no routing: an assistant removed since must not block the delete.
  const resolveNames = settings.command !== 'delete';
  const { inventory, desired } = await log.group('Inventory', () =>
    readInventory({ client, state: desiredState, log, resolveNames }),
  );

  const plan = await log.group('Plan', async () => {
    const planned = planChanges(desired, inventory, {
      command: settings.command,
      prune: settings.prune,
      pruneMatch: desiredState.prune.match,
      protect: [...settings.protect, ...desiredState.prune.protect],
      maxDeletions: settings.maxDeletions,
    });
    for (const change of planned.changes) log.info(`${change.action.padEnd(9)} ${change.name}`);
    if (planned.refusal) log.error(planned.refusal);
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
      applyPlan(plan, { client, log, inventory, adoptDelaysMs: deps.relistDelaysMs, sleep: deps.sleep }),
    );
    const verified = await log.group('Verify', () =>
      verifyResults(applied, { client, log, desired, delaysMs: deps.relistDelaysMs, sleep: deps.sleep }),
    );
    results = verified.results;
    if (verified.error) failures.push(verified.error);
  }

  const changed = results.some((result) => CHANGING.has(result.operation));
  if (settings.failOnChanges && changed) {
    const count = results.filter((result) => CHANGING.has(result.operation)).length;
    failures.push(`fail-on-changes: the live numbers differ from the config (${count} change${count === 1 ? '' : 's'}).`);
  }
  const failed =
    failures.length > 0 || results.some((result) => result.operation === 'failed' || result.operation === 'unknown');
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

async function readConfig(settings: Settings, deps: RunDependencies): Promise<DesiredState> {
  try {
    const state = await loadDesiredState({
      configPath: settings.configPath,
      numbersYaml: settings.numbersYaml,
      workspace: settings.workspace,
      env: deps.env,
    });
    for (const secret of state.secrets) deps.log.setSecret(secret);
    deps.log.info(`${state.numbers.length} number${state.numbers.length === 1 ? '' : 's'} declared in ${state.label}`);
    return state;
  } catch (error) {
    if (error instanceof ConfigError) reportProblems(error, deps.log);
    throw error;
  }
}

async function readInventory({
  client,
  state,
  log,
  resolveNames,
}: {
  client: VapiClient;
  state: DesiredState;
  log: RunLog;
  resolveNames: boolean;
}): Promise<{ inventory: RemoteNumber[]; desired: DesiredNumber[] }> {
  const needs = resolveNames ? routingNeeds(state.numbers) : { assistants: false, squads: false };
  const [inventory, assistants, squads] = await Promise.all([
    client.listPhoneNumbers(),
    needs.assistants ? client.listAssistants() : Promise.resolve(undefined),
    needs.squads ? client.listSquads() : Promise.resolve(undefined),
  ]);
  log.info(`${inventory.length} phone number${inventory.length === 1 ? '' : 's'} in the org`);
  if (!resolveNames) return { inventory, desired: state.numbers };
  const directory: RoutingDirectory = { assistants, squads };
  const { numbers, problems } = resolveRouting(state.numbers, directory);
  if (problems.length > 0) {
    const error = new ConfigError(problems);
    reportProblems(error, log);
    throw error;
  }
  return { inventory, desired: numbers };
}

function reportProblems(error: ConfigError, log: RunLog): void {
  for (const problem of error.problems) {
    const text = `${problem.path ? `${problem.path}: ` : ''}${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
    log.error(text, { file: problem.file, line: problem.line, column: problem.column, title: 'vapi-numbers config' });
  }
}
