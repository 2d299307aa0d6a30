// A listing the engine cannot trust stops the run before any write, with a message that says what
// was wrong: a partial or garbled inventory would read as numbers to create (bought twice) or to
// prune (deleted). Also: only connection-level failures count as network errors, which decides
// what is retried and whether a failed POST is known never to have been sent.
import { describe, expect, it } from 'vitest';
import { createVapiClient } from '../../src/vapi/client.js';
import { networkErrorCode } from '../../src/vapi/retry.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const servers = useScriptedServers();

async function listWith(firstPage: unknown) {
  const server = await servers.start();
  server
    .intercept({ path: (p) => p.startsWith('/phone-number?limit=1000'), method: 'GET' })
    .reply(200, firstPage)
    .persist();
  const vapi = createVapiClient({ baseUrl: `${server.baseUrl}/`, apiKey: 'test-key-123456', retryBaseMs: 1, maxRetries: 0 });
  servers.defer(() => vapi.close());
  return { result: vapi.listPhoneNumbers(), requests: server.requests };
}

describe('listings the engine refuses', () => {
  it('a full page without createdAt: it cannot be paged, so the listing fails after that one page', async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({ id: `pn-${i}`, name: `n${i}` }));
    const { result, requests } = await listWith(page);
    await expect(result).rejects.toThrow(/cannot be shown complete: a full page of 100 carries no createdAt to page by/);
    expect(requests).toHaveLength(1);
  });

  it('a full page whose only createdAt values are unreadable: the same', async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({ id: `pn-${i}`, createdAt: i === 0 ? 'yesterday' : undefined }));
    const { result } = await listWith(page);
    await expect(result).rejects.toThrow(/carries no createdAt to page by/);
  });

  it('pages from a readable createdAt even when the first items carry unreadable ones', async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({
      id: `pn-${i}`,
      createdAt: i < 2 ? 'not a date' : new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    }));
    const { result, requests } = await listWith(page);
    await expect(result).rejects.toThrow(/brought no new items/); // the same page again: no progress
    expect(requests[1]?.path).toContain(
      `createdAtLe=${encodeURIComponent(new Date(Date.UTC(2025, 0, 1, 0, 0, 2)).toISOString())}`,
    );
  });

  for (const [title, item, message] of [
    ['null', null, /item 1 is not an object/],
    ['a list', ['pn-x'], /item 1 is not an object/],
    ['a string', 'pn-x', /item 1 is not an object/],
    ['an item without an id', { name: 'x' }, /item 1 has no string id/],
    ['an item with an empty id', { id: '' }, /item 1 has no string id/],
  ] as const) {
    it(`an item that is ${title}: a malformed listing, named`, async () => {
      const { result } = await listWith([{ id: 'pn-0', createdAt: '2025-01-01T00:00:00Z' }, item]);
      await expect(result).rejects.toThrow(message);
      await expect(result).rejects.toThrow(/returned a malformed listing/);
    });
  }

  it('a body that is neither a list nor {results: [...]}', async () => {
    const { result } = await listWith({ data: [] });
    await expect(result).rejects.toThrow(/malformed listing: expected a JSON array or \{results: \[\.\.\.\]\}/);
  });
});

describe('networkErrorCode', () => {
  it('finds a connection failure through the cause chain', () => {
    expect(networkErrorCode(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    const wrapped = Object.assign(new Error('fetch failed'), {
      code: 'UND_ERR_SOCKET',
      cause: { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) },
    });
    expect(networkErrorCode(wrapped)).toBe('ECONNREFUSED');
  });

  it('does not count other errors with a code, or errors without one', () => {
    expect(networkErrorCode(Object.assign(new Error('bad cert'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBeUndefined();
    expect(networkErrorCode(Object.assign(new Error('odd'), { code: 42 }))).toBeUndefined();
    expect(networkErrorCode(new Error('plain'))).toBeUndefined();
    expect(networkErrorCode(undefined)).toBeUndefined();
  });
});
