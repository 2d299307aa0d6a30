// The read-only phases of a run: config, inventory, plan. Each is one step of run(), kept here so
// run() reads as the list of steps.
import { loadDesiredState } from './config/load.js';
import { ConfigError, type ConfigProblem, type DesiredNumber, type DesiredState } from './config/types.js';
import { resolveRouting, routingNeeds } from './inventory/resolve-routing.js';
import type { RunLog } from './log.js';
import { cleanupPullRequests, planCleanup, type PullRequestState } from './plan/cleanup.js';
import { planChanges } from './plan/plan.js';
import type { Plan } from './plan/types.js';
import type { Settings } from './settings.js';
import { secretsInAnswer } from './report/scrub.js';
import { ACTION_WORDS } from './shell-words.js';
import { VapiApiError, type VapiWords } from './vapi/errors.js';
import type { RemoteNumber, VapiClient } from './vapi/types.js';

/** Reads the states of pull requests (for `cleanup` with `pr-closed`). */
export type PullRequestReader = (prNumbers: number[]) => Promise<Map<number, PullRequestState>>;

/** Loads and validates the config; masks its secrets before anything else can print them. */
export async function readConfig(
  settings: Settings,
  env: Record<string, string | undefined>,
  log: RunLog,
): Promise<DesiredState> {
  if (settings.command === 'cleanup' && !settings.configPath && !settings.numbersYaml) {
    return { numbers: [], prune: { match: [], protect: [] }, secrets: [], label: `cleanup ${settings.match ?? ''}`.trim() };
  }
  try {
    const state = await loadDesiredState({
      configPath: settings.configPath,
      numbersYaml: settings.numbersYaml,
      workspace: settings.workspace,
      env,
      // A teardown reads names alone, so it needs no provider secrets (SPEC section 4).
      namesOnly: settings.command === 'delete',
      ...(settings.words ? { missingFileHint: settings.words.missingConfigFile } : {}),
    });
    for (const secret of state.secrets) log.setSecret(secret);
    reportWarnings(state.warnings ?? [], log);
    log.info(`${state.numbers.length} number${state.numbers.length === 1 ? '' : 's'} declared in ${state.label}`);
    return state;
  } catch (error) {
    if (error instanceof ConfigError) reportProblems(error, log);
    throw error;
  }
}

/** The inventory's time limit: every page of every listing, retries and their waits included. */
export const INVENTORY_DEADLINE_MS = 60_000;

/**
 * Lists every phone number and, when a number names its assistant or squad, those too. Deleting and
 * cleaning up resolve no names: an assistant removed since must not block a delete. One deadline
 * covers it all, so a run whose every listing hangs ends in a minute saying so, not in three.
 */
export async function readInventory(options: {
  client: VapiClient;
  state: DesiredState;
  log: RunLog;
  resolveNames: boolean;
  deadlineMs?: number;
  /** How advice names base-url: the shell's words; the action's by default. */
  words?: VapiWords;
}): Promise<{ inventory: RemoteNumber[]; desired: DesiredNumber[] }> {
  const { client, state, log, resolveNames, deadlineMs = INVENTORY_DEADLINE_MS, words = ACTION_WORDS } = options;
  const needs = resolveNames ? routingNeeds(state.numbers) : { assistants: false, squads: false };
  const lists = { deadline: AbortSignal.timeout(deadlineMs) };
  const limit = { deadline: lists.deadline, ms: deadlineMs, doing: inventoryWork(needs), baseUrl: words.baseUrl };
  const listed = await withinDeadline(limit, () =>
    Promise.all([
      client.listPhoneNumbers(lists),
      needs.assistants ? client.listAssistants(lists) : Promise.resolve(undefined),
      needs.squads ? client.listSquads(lists) : Promise.resolve(undefined),
    ]),
  );
  const [inventory, assistants, squads] = listed;
  // Values only the API knew (the token of a number the config no longer declares): hidden from
  // here on, before an error of a later request can quote them back.
  for (const secret of secretsInAnswer(inventory)) log.setSecret(secret);
  log.info(`${inventory.length} phone number${inventory.length === 1 ? '' : 's'} in the org`);
  if (!resolveNames) return { inventory, desired: state.numbers };
  const { numbers, problems } = resolveRouting(state.numbers, { assistants, squads });
  if (problems.length > 0) {
    const error = new ConfigError(problems);
    reportProblems(error, log);
    throw error;
  }
  return { inventory, desired: numbers };
}

function inventoryWork(needs: { assistants: boolean; squads: boolean }): string {
  const lookups = [needs.assistants ? 'assistants' : '', needs.squads ? 'squads' : ''].filter((what) => what !== '');
  return `listing every page of the phone numbers${lookups.length > 0 ? ` and of the ${lookups.join(' and ')}, to resolve names` : ''}`;
}

/**
 * Runs `work` until `limit.deadline` aborts, then fails naming what was being done and for how long.
 * The race also ends a stand-in client that ignores the deadline.
 */
async function withinDeadline<T>(
  limit: { deadline: AbortSignal; ms: number; doing: string; baseUrl: string },
  work: () => Promise<T>,
): Promise<T> {
  const { deadline, ms, doing } = limit;
  let onAbort = (): void => undefined;
  const expired = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('deadline'));
    deadline.addEventListener('abort', onAbort, { once: true });
  });
  const running = work();
  try {
    return await Promise.race([running, expired]);
  } catch (error) {
    if (!deadline.aborted) throw error;
    // The client stops at the same moment and says which request it was waiting for: worth a moment.
    const cause = isStop(error)
      ? error
      : await Promise.race([
          running.then(
            () => undefined,
            (e: unknown) => e,
          ),
          moment(),
        ]);
    throw new VapiApiError(
      `The inventory did not finish within ${ms / 1000} s (${doing})${isStop(cause) ? `: ${cause.message}` : ''}. ` +
        `Nothing was changed: check ${limit.baseUrl} and the network (and any proxy in between), then run again.`,
      { method: 'GET', path: '/phone-number', kind: 'deadline', attempts: 0, outcomeUnknown: false },
    );
  } finally {
    deadline.removeEventListener('abort', onAbort);
  }
}

function isStop(error: unknown): error is VapiApiError {
  return error instanceof VapiApiError && error.kind === 'deadline';
}

function moment(): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), 1_000).unref());
}

/** The plan of any command; cleanup asks GitHub for the pull requests it needs, once each. */
export async function makePlan(options: {
  settings: Settings;
  state: DesiredState;
  desired: DesiredNumber[];
  inventory: RemoteNumber[];
  readPullRequests: PullRequestReader;
  now: number;
}): Promise<Plan> {
  const { settings, state, desired, inventory } = options;
  const protect = [...settings.protect, ...state.prune.protect];
  if (settings.command !== 'cleanup') {
    return planChanges(desired, inventory, {
      command: settings.command,
      prune: settings.prune,
      pruneMatch: state.prune.match,
      protect,
      maxDeletions: settings.maxDeletions,
    });
  }
  const criteria = {
    match: settings.match ?? '',
    olderThanMs: settings.olderThanMs,
    prClosed: settings.prClosed ?? false,
    now: options.now,
    protect,
    declared: desired.map((number) => number.name),
    maxDeletions: settings.maxDeletions,
  };
  const prNumbers = cleanupPullRequests(inventory, criteria);
  const pullRequests = prNumbers.length > 0 ? await options.readPullRequests(prNumbers) : new Map<number, PullRequestState>();
  return planCleanup(inventory, { ...criteria, pullRequests });
}

/** One error annotation per config problem, on its file and line; the reading's warnings beside them. */
export function reportProblems(error: ConfigError, log: RunLog): void {
  reportWarnings(error.warnings, log);
  for (const problem of error.problems) {
    log.error(problemText(problem), {
      file: problem.file,
      line: problem.line,
      column: problem.column,
      title: 'vapi-numbers config',
    });
  }
}

/** One warning annotation per config warning (`$NAME` without braces), on its file and line. */
function reportWarnings(warnings: ConfigProblem[], log: RunLog): void {
  for (const warning of warnings) {
    log.warning(problemText(warning), {
      file: warning.file,
      line: warning.line,
      column: warning.column,
      title: 'vapi-numbers config',
    });
  }
}

function problemText(problem: ConfigProblem): string {
  return `${problem.path ? `${problem.path}: ` : ''}${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
}
