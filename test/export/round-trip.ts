// The round trip both export tests run: list the fake org with the real client, export it, write
// the text to the workspace, set every variable to the secret the fake holds, and `plan` it.
import { exportConfig, type ExportResult } from '../../src/export/export.js';
import { createVapiClient } from '../../src/vapi/client.js';
import type { FakeVapi } from '../fake-vapi/index.js';
import { API_KEY, countByMethod, type World } from '../helpers/engine.js';

/** What one round trip gave: the export, the plan's outcome and the requests the plan made. */
export interface RoundTrip {
  exported: ExportResult;
  env: Record<string, string>;
  outcome: Awaited<ReturnType<World['engine']>>;
  planRequests: Record<string, number>;
}

/** Exports the fake's org through the real client, as `vapi-numbers export` lists it. */
export async function exportOrg(fake: FakeVapi, match?: string): Promise<ExportResult> {
  const client = createVapiClient({ baseUrl: fake.url, apiKey: API_KEY, retryBaseMs: 5, retryMaxDelayMs: 50 });
  const [numbers, assistants, squads] = await Promise.all([
    client.listPhoneNumbers(),
    client.listAssistants(),
    client.listSquads(),
  ]);
  return exportConfig({ numbers, assistants, squads, ...(match === undefined ? {} : { match }) });
}

/** The secret each variable stands for, read from the fake's store (which keeps what the API withholds). */
export function secretValues(fake: FakeVapi, exported: ExportResult): Record<string, string> {
  const stored = new Map(fake.numbers().map((number) => [number.id, number as Record<string, unknown>]));
  const env: Record<string, string> = {};
  for (const variable of exported.variables) {
    let value: unknown = stored.get(variable.id);
    for (const key of variable.path) value = (value as Record<string, unknown> | undefined)?.[key];
    // A secret the org never had (a withheld slot the loader needs filled): any value will do,
    // as the API returns nothing to compare it with.
    env[variable.name] = typeof value === 'string' ? value : `unset-${variable.name.toLowerCase()}`;
  }
  return env;
}

/** Export, then `plan` of the export with the real secrets, counting the plan's requests. */
export async function roundTrip(
  world: World,
  options: { match?: string; env?: Record<string, string> } = {},
): Promise<RoundTrip> {
  const exported = await exportOrg(world.fake, options.match);
  world.writeConfig(exported.text);
  const env = { ...secretValues(world.fake, exported), ...options.env };
  world.fake.resetLog();
  const outcome = await world.engine({ command: 'plan' }, env);
  return { exported, env, outcome, planRequests: countByMethod(world.fake) };
}

/** Every secret value the fake holds, to prove none reaches the exported text. */
export function storedSecrets(fake: FakeVapi): string[] {
  const secrets: string[] = [];
  for (const number of fake.numbers() as Record<string, unknown>[]) {
    for (const field of ['twilioAuthToken', 'twilioApiKey', 'twilioApiSecret']) {
      if (typeof number[field] === 'string') secrets.push(number[field]);
    }
    const password = (number['authentication'] as { password?: unknown } | undefined)?.password;
    if (typeof password === 'string') secrets.push(password);
    const headers = (number['server'] as { headers?: Record<string, unknown> } | undefined)?.headers ?? {};
    for (const value of Object.values(headers)) if (typeof value === 'string') secrets.push(value);
  }
  return secrets.filter((secret) => secret.length >= 8);
}
