import type { PlannedChange } from '../plan/types.js';
import type { RemoteNumber } from '../vapi/types.js';
import type { NumberResult, Operation } from './types.js';

const DRY_RUN_OPERATION: Record<PlannedChange['action'], Operation> = {
  create: 'would-create',
  update: 'would-update',
  delete: 'would-delete',
  unchanged: 'unchanged',
  absent: 'absent',
  fail: 'failed',
};

/** The result a change has before (or without) being applied: `would-*` for the writes. */
export function resultFromPlan(change: PlannedChange): NumberResult {
  const remote = 'remote' in change ? change.remote : undefined;
  const desired = 'desired' in change ? change.desired : undefined;
  const result: NumberResult = {
    name: change.name,
    operation: DRY_RUN_OPERATION[change.action],
    declared: change.action !== 'delete' || change.reason === 'declared',
    provider: desired?.provider ?? remote?.provider,
    routing: routingOf(desired?.assistantName ?? desired?.squadName, remote, desired?.fields),
  };
  // A create has no live number yet; an imported line's number (or a SIP URI) is declared.
  if (change.action === 'create') Object.assign(result, declaredLine(change.desired.fields));
  if (change.action === 'update') result.changes = change.changes;
  if (change.action === 'fail') result.problem = { message: change.message, hint: change.hint, ids: change.ids };
  return remote ? resultFromRemote(result, remote) : result;
}

/** Fills id, number, sipUri, provider and status from what the API returned. */
export function resultFromRemote(result: NumberResult, remote: RemoteNumber): NumberResult {
  return {
    ...result,
    id: remote.id,
    number: stringOr(remote.number, result.number),
    sipUri: stringOr(remote.sipUri, result.sipUri),
    provider: stringOr(remote.provider, result.provider),
    status: stringOr(remote.status, result.status),
    routing: result.routing ?? routingOf(undefined, remote),
  };
}

function routingOf(
  declaredName: string | undefined,
  remote: RemoteNumber | undefined,
  fields?: Record<string, unknown>,
): string | undefined {
  if (declaredName) return declaredName;
  for (const key of ['assistantId', 'squadId', 'workflowId']) {
    const value = fields?.[key] ?? remote?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

function declaredLine(fields: Record<string, unknown>): Pick<NumberResult, 'number' | 'sipUri'> {
  return {
    ...(typeof fields['number'] === 'string' ? { number: fields['number'] } : {}),
    ...(typeof fields['sipUri'] === 'string' ? { sipUri: fields['sipUri'] } : {}),
  };
}

function stringOr(value: unknown, fallback: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
