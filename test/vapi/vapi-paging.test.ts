import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VapiApiError, createVapiClient } from '../../src/vapi/client.js';
import { assertReplayable } from '../helpers/replay.js';
import { startScriptedServer, useScriptedServers, type ScriptedServer } from '../helpers/scripted-server.js';
import { seededRandom } from '../../src/sandbox/store.js';

const servers = useScriptedServers();

interface Stored {
  id: string;
  createdAt: string;
  name?: string;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * A list endpoint as Vapi may work (its order is unverified): the newest (or, with `oldestFirst`,
 * the oldest) `limit` items matching `createdAtLe`/`createdAtGe`, `limit` capped by the server,
 * ties and the page itself in random order.
 */
function listing(stored: Stored[], options: { cap: number; seed: number; wrap?: boolean; oldestFirst?: boolean }) {
  const random = seededRandom(options.seed);
  const paths: string[] = [];
  const reply = (request: { path: string }) => {
    paths.push(request.path);
    const query = new URL(request.path, 'http://vapi.test').searchParams;
    const limit = Math.min(Number(query.get('limit') ?? 100), options.cap);
    const le = query.get('createdAtLe');
    const ge = query.get('createdAtGe');
    const matching = stored.filter(
      (item) =>
        (le === null || Date.parse(item.createdAt) <= Date.parse(le)) &&
        (ge === null || Date.parse(item.createdAt) >= Date.parse(ge)),
    );
    const direction = options.oldestFirst ? -1 : 1;
    const page = shuffle(matching, random)
      .sort((a, b) => direction * (Date.parse(b.createdAt) - Date.parse(a.createdAt)))
      .slice(0, limit);
    const items = shuffle(page, random);
    return { status: 200, body: options.wrap ? { results: items } : items };
  };
  return { reply, paths };
}

function client(server: ScriptedServer) {
  const vapi = createVapiClient({ baseUrl: `${server.baseUrl}/`, apiKey: 'test-key-123456', retryBaseMs: 1, maxRetries: 2 });
  servers.defer(() => vapi.close());
  return vapi;
}

/** A scripted server answering every phone-number listing from `stored`, as `listing` describes. */
async function listingServer(stored: Stored[], options: Parameters<typeof listing>[1]) {
  const server = await servers.start();
  const api = listing(stored, options);
  server
    .intercept({ path: (p) => p.startsWith('/phone-number?'), method: 'GET' })
    .reply(api.reply)
    .persist();
  return { server, api };
}

function numbers(count: number, timestampOf: (index: number) => number): Stored[] {
  const base = Date.parse('2024-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => ({
    id: `pn-${i}`,
    createdAt: new Date(base + timestampOf(i)).toISOString(),
    name: `n${i}`,
  }));
}

describe('listPhoneNumbers paging', () => {
  it('returns 2,500 numbers in shuffled order, each exactly once, when the server caps limit at 100', async () => {
    const stored = shuffle(
      numbers(2500, (i) => i * 1000),
      seededRandom(1),
    );
    const { server, api } = await listingServer(stored, { cap: 100, seed: 2 });
    const vapi = client(server);

    const listed = await vapi.listPhoneNumbers();

    expect(listed).toHaveLength(2500);
    expect(new Set(listed.map((n) => n.id)).size).toBe(2500);
    expect(listed.find((n) => n.id === 'pn-7')).toMatchObject({ name: 'n7' });
    expect(api.paths[0]).toBe('/phone-number?limit=1000');
    expect(api.paths[1]).toMatch(/^\/phone-number\?limit=1000&createdAtLe=2024-/);
    // 25 full pages, each overlapping the last by the boundary number, the short last page, and
    // one look upwards from the newest number in case the server lists the oldest first.
    expect(vapi.stats.requests).toBeLessThanOrEqual(28);
  });

  it('ends a direction at a page shorter than the largest seen: 2,500 numbers in the fewest pages plus the look upwards', async () => {
    const stored = numbers(2500, (i) => i * 1000);
    const { server, api } = await listingServer(stored, { cap: 1000, seed: 4 });
    const vapi = client(server);
    const listed = await vapi.listPhoneNumbers();
    expect(listed.map((n) => n.id).sort()).toEqual(stored.map((n) => n.id).sort());
    // 1,000 + 1,000 (+1 boundary) + 502: the last page is shorter than the 1,000 the server gave,
    // so it is the end (before, only a page under 100 was, and a fourth page down was asked for).
    expect(api.paths.filter((path) => !path.includes('createdAtGe'))).toHaveLength(3);
    expect(vapi.stats.requests).toBe(4);
  });

  it('looks upwards while it pages down: the look goes out with the second page, not after the last', async () => {
    const stored = numbers(2500, (i) => i * 1000);
    const { server, api } = await listingServer(stored, { cap: 1000, seed: 6 });
    const listed = await client(server).listPhoneNumbers();
    expect(listed.map((n) => n.id).sort()).toEqual(stored.map((n) => n.id).sort());
    const upwards = api.paths.findIndex((path) => path.includes('createdAtGe'));
    const down = api.paths.filter((path) => path.includes('createdAtLe'));
    expect(down).toHaveLength(2);
    // Sent with the first page down, so it arrives before the second (which waits for the first).
    expect(upwards).toBeGreaterThan(0);
    expect(upwards).toBeLessThan(api.paths.indexOf(down[1] as string));
  });

  it('fails the listing when the look upwards fails while the walk down goes on', async () => {
    const stored = numbers(2500, (i) => i * 1000);
    const server = await servers.start();
    const api = listing(stored, { cap: 1000, seed: 7 });
    server
      .intercept({ path: (p) => p.startsWith('/phone-number?') && !p.includes('createdAtGe'), method: 'GET' })
      .reply(api.reply)
      .persist();
    server
      .intercept({ path: (p) => p.includes('createdAtGe'), method: 'GET' })
      .reply(400, { statusCode: 400, message: 'createdAtGe must be a date', error: 'Bad Request' });
    await expect(client(server).listPhoneNumbers()).rejects.toThrow(/createdAtGe=.* failed: 400 Bad Request/);
    // The walk down was not abandoned half-way: it ran to its end before the failure was thrown.
    expect(api.paths.filter((path) => path.includes('createdAtLe'))).toHaveLength(2);
  });

  it('misses none of 2,500 numbers when the server lists the oldest first', async () => {
    const stored = numbers(2500, (i) => i * 1000);
    const { server, api } = await listingServer(stored, { cap: 1000, seed: 9, oldestFirst: true });
    const listed = await client(server).listPhoneNumbers();
    expect(listed.map((n) => n.id).sort()).toEqual(stored.map((n) => n.id).sort());
    expect(api.paths.some((path) => path.includes('createdAtGe'))).toBe(true);
  });

  it('misses none of the numbers that share a createdAt across a page boundary', async () => {
    // Newest first, positions 95..104 (indexes 204..195) share one instant: the first page ends among them.
    const stored = numbers(300, (i) => (i >= 195 && i <= 204 ? 195_000 : i * 1000));
    const server = await servers.start();
    server
      .intercept({ path: (p) => p.startsWith('/phone-number?'), method: 'GET' })
      .reply(listing(stored, { cap: 100, seed: 3 }).reply)
      .persist();

    const listed = await client(server).listPhoneNumbers();

    expect(listed.map((n) => n.id).sort()).toEqual(stored.map((n) => n.id).sort());
  });

  it('lists exactly the stored set for any sizes, ties and server caps (property)', async () => {
    await assertReplayable(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(100, 150, 1000),
        fc.integer(),
        fc.boolean(),
        async (count, tieSpan, cap, seed, oldestFirst) => {
          // Runs of up to `tieSpan` numbers share a timestamp: fewer than a page, so pageable.
          const stored = numbers(count, (i) => Math.floor(i / tieSpan) * 1000);
          // A server per run, closed at its end: 40 runs need not stay open until the test ends.
          const server = await startScriptedServer();
          const vapi = createVapiClient({ baseUrl: server.baseUrl, apiKey: 'test-key-123456', retryBaseMs: 1, maxRetries: 2 });
          try {
            server
              .intercept({ path: (p) => p.startsWith('/phone-number?'), method: 'GET' })
              .reply(listing(stored, { cap, seed, oldestFirst }).reply)
              .persist();
            const listed = await vapi.listPhoneNumbers();
            expect(listed.map((n) => n.id).sort()).toEqual(stored.map((n) => n.id).sort());
          } finally {
            await vapi.close();
            await server.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('throws when a full page shares one createdAt, since it cannot be shown complete', async () => {
    const stored = numbers(150, () => 0);
    const server = await servers.start();
    server
      .intercept({ path: (p) => p.startsWith('/phone-number?'), method: 'GET' })
      .reply(listing(stored, { cap: 100, seed: 4 }).reply)
      .persist();

    const error = await client(server)
      .listPhoneNumbers()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VapiApiError);
    expect((error as VapiApiError).kind).toBe('incomplete');
    expect((error as Error).message).toMatch(/cannot be shown complete.*share createdAt/);
  });

  it('fails the whole listing when one page fails, returning nothing partial', async () => {
    const stored = numbers(250, (i) => i * 1000);
    const server = await servers.start();
    const api = listing(stored, { cap: 100, seed: 5 });
    server.intercept({ path: '/phone-number?limit=1000', method: 'GET' }).reply(api.reply);
    server
      .intercept({ path: (p) => p.includes('createdAtLe'), method: 'GET' })
      .reply(400, { statusCode: 400, message: 'createdAtLe must be a date', error: 'Bad Request' });

    await expect(client(server).listPhoneNumbers()).rejects.toThrow(
      /GET \/phone-number\?limit=1000&createdAtLe=.* failed: 400 Bad Request: createdAtLe must be a date/,
    );
  });

  it('accepts the {results: [...]} shape, empty included', async () => {
    const server = await servers.start();
    server.intercept({ path: '/phone-number?limit=1000', method: 'GET' }).reply(200, { results: [] });
    await expect(client(server).listPhoneNumbers()).resolves.toEqual([]);

    const wrapped = await servers.start();
    wrapped
      .intercept({ path: (p) => p.startsWith('/phone-number?'), method: 'GET' })
      .reply(
        listing(
          numbers(230, (i) => i),
          { cap: 100, seed: 6, wrap: true },
        ).reply,
      )
      .persist();
    await expect(client(wrapped).listPhoneNumbers()).resolves.toHaveLength(230);
  });

  it('keeps every field of a number and rejects an item without a string id', async () => {
    const server = await servers.start();
    server
      .intercept({ path: '/phone-number?limit=1000', method: 'GET' })
      .reply(200, [{ id: 'a', provider: 'vapi', hooks: [{ on: 'call.ringing' }], futureField: 1 }]);
    await expect(client(server).listPhoneNumbers()).resolves.toEqual([
      { id: 'a', provider: 'vapi', hooks: [{ on: 'call.ringing' }], futureField: 1 },
    ]);

    server.intercept({ path: '/phone-number?limit=1000', method: 'GET' }).reply(200, [{ id: 'a' }, { id: 7 }]);
    await expect(client(server).listPhoneNumbers()).rejects.toThrow(/malformed listing: item 1 has no string id/);

    server.intercept({ path: '/phone-number?limit=1000', method: 'GET' }).reply(200, { numbers: [] });
    await expect(client(server).listPhoneNumbers()).rejects.toThrow(/malformed listing/);
  });

  it('pages assistants and squads the same way and reduces them to id and name', async () => {
    const server = await servers.start();
    const assistants = numbers(120, (i) => i * 10).map((a) => ({ ...a, model: { provider: 'openai' } }));
    server
      .intercept({ path: (p) => p.startsWith('/assistant?'), method: 'GET' })
      .reply(listing(assistants, { cap: 100, seed: 7 }).reply)
      .persist();
    server.intercept({ path: '/squad?limit=1000', method: 'GET' }).reply(200, [{ id: 's1', name: 'Sales' }, { id: 's2' }]);
    const vapi = client(server);

    const listed = await vapi.listAssistants();
    expect(listed).toHaveLength(120);
    expect(listed.find((a) => a.id === 'pn-3')).toEqual({ id: 'pn-3', name: 'n3' });
    await expect(vapi.listSquads()).resolves.toEqual([{ id: 's1', name: 'Sales' }, { id: 's2' }]);
  });
});
