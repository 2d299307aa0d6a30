// One deadline over the whole inventory phase (issue 12, item 5): every page of every listing,
// retries and their waits included. When it passes, the phase fails at once saying what it was
// doing and how long it waited, and no request is sent after it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { DesiredNumber, DesiredState } from '../../src/config/types.js';
import { memoryLog } from '../../src/log.js';
import { readInventory } from '../../src/phases.js';
import { VapiApiError, createVapiClient, type VapiClientOptions } from '../../src/vapi/client.js';
import type { VapiClient } from '../../src/vapi/types.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const servers = useScriptedServers();
const ENDING = 'Nothing was changed: check base-url and the network (and any proxy in between), then run again.';

function state(numbers: Partial<DesiredNumber>[] = []): DesiredState {
  const full = numbers.map((number) => ({
    name: 'support',
    provider: 'vapi' as const,
    fields: {},
    source: { file: 'vapi-numbers.yml', line: 3, column: 5 },
    ...number,
  }));
  return { numbers: full, prune: { match: [], protect: [] }, secrets: [], label: 'vapi-numbers.yml' };
}

/** A server that reads every request and never answers; counts them. */
async function hangingServer(): Promise<{ baseUrl: string; requests: () => number }> {
  let requests = 0;
  const server = createServer(() => void requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.defer(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

function client(baseUrl: string, options: Partial<VapiClientOptions> = {}): VapiClient {
  const made = createVapiClient({ baseUrl, apiKey: 'test-key-123456', random: () => 0, ...options });
  servers.defer(() => made.close());
  return made;
}

async function failure(promise: Promise<unknown>): Promise<{ error: VapiApiError; ms: number }> {
  const started = performance.now();
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VapiApiError);
  return { error: error as VapiApiError, ms: performance.now() - started };
}

describe('the inventory deadline', () => {
  it('every listing hangs: fails at the deadline naming the request and the attempt it was waiting for', async () => {
    const server = await hangingServer();
    const vapi = client(server.baseUrl, { requestTimeoutMs: 10_000 });
    const { error, ms } = await failure(
      readInventory({ client: vapi, state: state(), log: memoryLog(), resolveNames: true, deadlineMs: 300 }),
    );
    expect(error.message).toBe(
      'The inventory did not finish within 0.3 s (listing every page of the phone numbers): GET /phone-number?limit=1000 ' +
        `was stopped waiting for the answer to attempt 1 of 6. ${ENDING}`,
    );
    expect(error.kind).toBe('deadline');
    expect(ms).toBeGreaterThanOrEqual(290);
    // Not the 10 s of the request's own timeout (nor, with the defaults, 190 s of retries).
    expect(ms).toBeLessThan(3_000);
    const sent = server.requests();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests(), 'a request after the deadline').toBe(sent);
  });

  it('says why the attempts before the deadline failed', async () => {
    const server = await hangingServer();
    const vapi = client(server.baseUrl, { requestTimeoutMs: 100, retryBaseMs: 1 });
    const { error } = await failure(
      readInventory({ client: vapi, state: state(), log: memoryLog(), resolveNames: true, deadlineMs: 350 }),
    );
    // Where the deadline falls (in an attempt or in the wait after one) depends on the machine's load.
    expect(error.message).toMatch(
      /: GET \/phone-number\?limit=1000 was stopped waiting (for the answer to|[\d.]+ s to send) attempt (\d) of 6 \(\d earlier attempts?, the last timed out after 100 ms \(requestTimeoutMs\)\)\. Nothing was changed/,
    );
  });

  it('stops a wait before a retry at once, and says which attempt it was waiting to send', async () => {
    const pool = await servers.start();
    pool.intercept({ method: 'GET', path: '/phone-number?limit=1000' }).reply(503, { message: 'busy' }).persist();
    // The default sleep: the 4 s backoff must end with the deadline, not hold the run.
    const vapi = client(pool.baseUrl, { retryBaseMs: 8_000 });
    const { error, ms } = await failure(
      readInventory({ client: vapi, state: state(), log: memoryLog(), resolveNames: true, deadlineMs: 800 }),
    );
    expect(error.message).toBe(
      'The inventory did not finish within 0.8 s (listing every page of the phone numbers): GET /phone-number?limit=1000 ' +
        'was stopped waiting 4 s to send attempt 2 of 6 (1 earlier attempt, the last answered 503 Service Unavailable). ' +
        ENDING,
    );
    expect(ms).toBeLessThan(3_500);
    expect(pool.requests).toHaveLength(1);
  });

  it('covers the assistant and squad lookups, and ends a client that ignores the deadline', async () => {
    const never = new Promise<never>(() => undefined);
    const stuck: VapiClient = {
      listPhoneNumbers: async () => [],
      listAssistants: () => never,
      listSquads: () => never,
      getPhoneNumber: () => never,
      createPhoneNumber: () => never,
      updatePhoneNumber: () => never,
      deletePhoneNumber: () => never,
    };
    const declared = state([
      { name: 'a', assistantName: 'Support Bot' },
      { name: 'b', squadName: 'Sales' },
    ]);
    const { error, ms } = await failure(
      readInventory({ client: stuck, state: declared, log: memoryLog(), resolveNames: true, deadlineMs: 100 }),
    );
    expect(error.message).toBe(
      'The inventory did not finish within 0.1 s (listing every page of the phone numbers and of the assistants and ' +
        `squads, to resolve names). ${ENDING}`,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it('registers the secrets the listing revealed, so a later error cannot show them', async () => {
    const pool = await servers.start();
    const old = 'old-twilio-token-only-the-api-knows';
    pool.intercept({ method: 'GET', path: '/phone-number?limit=1000' }).reply(200, [{ id: 'pn-1', twilioAuthToken: old }]);
    const log = memoryLog();
    const registered: string[] = [];
    await readInventory({
      client: client(pool.baseUrl),
      state: state(),
      log: { ...log, setSecret: (value) => registered.push(value) },
      resolveNames: false,
    });
    expect(registered).toEqual([old]);
  });
});
