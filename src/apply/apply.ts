// Executes a plan against Vapi. Every create is one POST; after an ambiguous failure the number is
// looked for, never bought again blindly (SPEC section 3, step 4). Creates run a few at a time under
// the rules of create-window.ts; updates and deletes four at a time.
import { InFlightAbandonedError, RunCancelledError, type Cancellation } from '../cancel.js';
import type { RunLog } from '../log.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import type { RemoteNumber, VapiClient } from '../vapi/types.js';
import { findAdoptable } from './adopt.js';
import { CREATE_WINDOW, runCreateWindow, type CreateDoubts } from './create-window.js';
import { mapLimited } from './map-limited.js';
import { WAIT_THEN_RERUN, describeError, isOutcomeUnknown } from './errors.js';
import { resultFromPlan, resultFromRemote } from './results.js';
import type { NumberResult } from './types.js';

/** What applying a plan needs besides the plan. */
export interface ApplyOptions {
  client: VapiClient;
  log: RunLog;
  /** The inventory the plan was made from: numbers in it are never "adopted" as new. */
  inventory: RemoteNumber[];
  /** Updates and deletes run this many at a time. */
  concurrency?: number;
  /** Creates in flight at once (CREATE_WINDOW unless a test says otherwise): see create-window.ts. */
  createWindow?: number;
  /** Waits before each re-listing that looks for a number whose create failed ambiguously. */
  adoptDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** A cancelled run starts no create, and reports one in flight as `unknown` (src/cancel.ts). */
  cancel?: Cancellation;
}

/** Applies every change of the plan; one entry's failure does not stop the others. */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<NumberResult[]> {
  if (plan.refusal) throw new Error(`applyPlan called with a refused plan: ${plan.refusal}`);
  const resultsByChange = new Map<PlannedChange, NumberResult>();
  const creates = plan.changes.filter((change) => change.action === 'create');
  const others = plan.changes.filter((change) => change.action === 'update' || change.action === 'delete');

  const created = await runCreateWindow(creates, options.createWindow ?? CREATE_WINDOW, {
    create: (change, doubts) => createOne(change, options, doubts),
    notStarted: (change) => (options.cancel?.cancelled ? notSent(change, options.cancel) : undefined),
    halted: (change) => ({
      ...resultFromPlan(change),
      operation: 'failed',
      problem: {
        message: 'Not created: an earlier create in this run ended with an unknown outcome.',
        hint:
          'No further numbers are bought in a run after an unknown outcome. Wait about a minute, then run again: ' +
          'the next run lists first and creates only what is still missing (started at once, it may not see ' +
          'the number whose outcome is unknown yet, and buy it again).',
      },
    }),
  });
  for (const [change, result] of created) resultsByChange.set(change, result);

  await mapLimited(others, options.concurrency ?? 4, async (change) => {
    resultsByChange.set(change, await updateOrDeleteOne(change, options));
  });

  return plan.changes.map((change) => resultsByChange.get(change) ?? resultFromPlan(change));
}

async function createOne(
  change: Extract<PlannedChange, { action: 'create' }>,
  options: ApplyOptions,
  doubts: CreateDoubts,
): Promise<NumberResult> {
  const { client, log } = options;
  const base = resultFromPlan(change);
  try {
    log.info(`Creating '${change.name}' (${change.desired.provider})`);
    const created = await client.createPhoneNumber(change.body);
    return { ...resultFromRemote(base, created), operation: 'created', createdAt: created.createdAt };
  } catch (error) {
    if (error instanceof RunCancelledError) return notSent(change, options.cancel);
    if (options.cancel?.cancelled && isOutcomeUnknown(error)) {
      // No re-listing now: its requests would not be sent. run() lists once for every such create.
      return {
        ...base,
        operation: 'unknown',
        problem: {
          message: `Creating '${change.name}' ${inFlightPhrase(error)}: whether the number was made is not known.`,
          hint: WAIT_THEN_RERUN,
          cancelled: 'in-flight',
        },
      };
    }
    if (!isOutcomeUnknown(error)) {
      return { ...base, operation: 'failed', problem: describeError(error, `Creating '${change.name}'`) };
    }
    log.warning(
      `Creating '${change.name}' may or may not have succeeded (${describeError(error).message}); listing to find out.`,
    );
    // No other create starts while this one is in doubt, nor at all if it stays unknown.
    const settle = doubts.open();
    let found: Awaited<ReturnType<typeof findAdoptable>> | undefined;
    try {
      found = await findAdoptable(change.name, options);
    } finally {
      settle({ unknown: found?.kind !== 'adopted' && found?.kind !== 'several' });
    }
    if (found.kind === 'adopted') {
      log.info(`'${change.name}' was created after all (${found.remote.id}); adopting it.`);
      return { ...resultFromRemote(base, found.remote), operation: 'created', createdAt: found.remote.createdAt };
    }
    if (found.kind === 'several') {
      return {
        ...base,
        operation: 'failed',
        problem: {
          message: `After an ambiguous create, '${change.name}' exists ${found.ids.length} times: ${found.ids.join(', ')}.`,
          hint: 'Delete the extra numbers in the Vapi dashboard (keep one), then run again.',
          ids: found.ids,
        },
      };
    }
    return {
      ...base,
      operation: 'unknown',
      problem: {
        message: `Creating '${change.name}' failed in a way that does not tell whether the number was made (${describeError(error).message}), and ${found.why}.`,
        hint: `Nothing more was bought in this run. ${WAIT_THEN_RERUN} Check the Vapi dashboard if it keeps happening.`,
      },
    };
  }
}

async function updateOrDeleteOne(change: PlannedChange, options: ApplyOptions): Promise<NumberResult> {
  const { client, log } = options;
  const base = resultFromPlan(change);
  try {
    if (change.action === 'update') {
      log.info(`Updating '${change.name}' (${change.id}): ${change.changes.map((c) => c.field).join(', ')}`);
      const updated = await client.updatePhoneNumber(change.id, change.body);
      return { ...resultFromRemote(base, updated), operation: 'updated' };
    }
    if (change.action === 'delete') {
      log.info(`Deleting '${change.name}' (${change.id})`);
      const outcome = await client.deletePhoneNumber(change.id);
      if (outcome === 'gone') log.info(`'${change.name}' (${change.id}) was already gone.`);
      return { ...base, operation: 'deleted' };
    }
    return base;
  } catch (error) {
    if (error instanceof RunCancelledError) return notSent(change, options.cancel);
    const verb = change.action === 'update' ? 'Updating' : 'Deleting';
    if (error instanceof InFlightAbandonedError) {
      return {
        ...base,
        operation: 'unknown',
        problem: {
          message: `${verb} '${change.name}' (${base.id ?? 'no ID'}) ${error.phrase}: whether Vapi did it is not known.`,
          hint: 'Run again: the next run lists first, then compares and sends only what is still needed.',
          cancelled: 'in-flight',
        },
      };
    }
    return { ...base, operation: 'failed', problem: describeError(error, `${verb} '${change.name}'`) };
  }
}

/** A change the cancel stopped before its request was sent: nothing happened to the number. */
function notSent(change: PlannedChange, cancel: Cancellation | undefined): NumberResult {
  const done = { create: 'created', update: 'updated', delete: 'deleted' }[change.action as 'create' | 'update' | 'delete'];
  return {
    ...resultFromPlan(change),
    operation: 'failed',
    problem: {
      message: `Not ${done}: ${cancel?.cause ?? 'The run was cancelled'} before this request was sent.`,
      hint:
        change.action === 'create'
          ? 'Wait about a minute, then run again: the next run lists first and creates only what is still missing.'
          : 'Run again: the next run lists first and does only what is still needed.',
      cancelled: 'not-sent',
    },
  };
}

function inFlightPhrase(error: unknown): string {
  if (error instanceof InFlightAbandonedError) return error.phrase;
  return `failed after the cancel in a way that does not tell whether it was done (${describeError(error).message})`;
}
