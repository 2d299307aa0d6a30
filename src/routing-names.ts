// The Routing column by name: a row that routes by ID (a deleted or cleaned-up number, an entry that
// declares assistantId) shows the assistant's or squad's name when the org lists one. Read after
// the writes and only as a courtesy: a listing that fails or hangs leaves the IDs and fails nothing,
// so an assistant removed since can never block a delete.
import type { NumberResult } from './apply/types.js';
import type { RunLog } from './log.js';
import type { Plan } from './plan/types.js';
import type { NamedResource, VapiClient } from './vapi/types.js';

/** How long the listings may take, retries included, before the report goes out with IDs. */
export const ROUTING_NAMES_DEADLINE_MS = 5_000;

/** The results with each routing ID the org can name replaced by that name. */
export async function routingByName(
  results: NumberResult[],
  options: { plan: Plan; client: VapiClient; log: RunLog; stopped: () => boolean; deadlineMs?: number },
): Promise<NumberResult[]> {
  const { plan, client, log, stopped } = options;
  const shown = new Set(results.map((result) => result.routing).filter((routing) => routing !== undefined));
  const ids = routingIds(plan);
  const wanted = {
    assistants: [...ids.assistants].some((id) => shown.has(id)),
    squads: [...ids.squads].some((id) => shown.has(id)),
  };
  if ((!wanted.assistants && !wanted.squads) || stopped()) return results;

  const listing = { deadline: AbortSignal.timeout(options.deadlineMs ?? ROUTING_NAMES_DEADLINE_MS) };
  const names = new Map<string, string>();
  const read = async (kind: string, list: () => Promise<NamedResource[]>): Promise<void> => {
    try {
      for (const resource of await list()) if (resource.name) names.set(resource.id, resource.name);
    } catch (error) {
      log.info(`The Routing column shows ${kind} IDs: listing the ${kind}s failed (${messageOf(error)}).`);
    }
  };
  await Promise.all([
    wanted.assistants ? read('assistant', () => client.listAssistants(listing)) : undefined,
    wanted.squads ? read('squad', () => client.listSquads(listing)) : undefined,
  ]);
  return results.map((result) => {
    const name = result.routing === undefined ? undefined : names.get(result.routing);
    return name === undefined ? result : { ...result, routing: name };
  });
}

/** The assistant and squad IDs the plan's numbers route to, declared or live. */
function routingIds(plan: Plan): { assistants: Set<string>; squads: Set<string> } {
  const assistants = new Set<string>();
  const squads = new Set<string>();
  for (const change of plan.changes) {
    const sources = ['desired' in change ? change.desired?.fields : undefined, 'remote' in change ? change.remote : undefined];
    for (const source of sources) {
      if (typeof source?.['assistantId'] === 'string') assistants.add(source['assistantId']);
      if (typeof source?.['squadId'] === 'string') squads.add(source['squadId']);
    }
  }
  return { assistants, squads };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
