import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeVapi } from './server.js';

let fake: FakeVapi;
beforeEach(async () => {
  fake = await FakeVapi.start({ seed: 3 });
});
afterEach(() => fake.close());

const BODY = { provider: 'vonage', name: 'line', number: '+14155550100', credentialId: 'c' };

function send(method: string, path: string, body?: unknown, timeoutMs = 2000): Promise<Response> {
  return fetch(fake.url + path, {
    method,
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

const create = (timeoutMs?: number) => send('POST', '/phone-number', BODY, timeoutMs);

describe('faults on POST', () => {
  it('status-before: 500, nothing created', async () => {
    fake.injectFault({ method: 'POST', kind: 'status-before' });
    const res = await create();
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ statusCode: 500 });
    expect(fake.numbers()).toHaveLength(0);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', status: 500, fault: 'status-before' });
  });

  it('status-after: the given status, but the number exists', async () => {
    fake.injectFault({ method: 'POST', kind: 'status-after', status: 503 });
    expect((await create()).status).toBe(503);
    expect(fake.numbers()).toHaveLength(1);
  });

  it('reset-before: the fetch rejects, nothing created', async () => {
    fake.injectFault({ method: 'POST', kind: 'reset-before' });
    await expect(create()).rejects.toThrow();
    expect(fake.numbers()).toHaveLength(0);
    expect(fake.requests[0]).toMatchObject({ status: 0, fault: 'reset-before' });
  });

  it('reset-after: the fetch rejects, but the number exists', async () => {
    fake.injectFault({ method: 'POST', kind: 'reset-after' });
    await expect(create()).rejects.toThrow();
    expect(fake.numbers()).toHaveLength(1);
    expect((await create()).status).toBe(201);
    expect(fake.numbers()).toHaveLength(2);
  });

  it('hang-before and hang-after never answer; only -after makes the change', async () => {
    fake.injectFault({ method: 'POST', kind: 'hang-before' });
    await expect(create(150)).rejects.toThrow();
    expect(fake.numbers()).toHaveLength(0);
    fake.injectFault({ method: 'POST', kind: 'hang-after' });
    await expect(create(150)).rejects.toThrow();
    expect(fake.numbers()).toHaveLength(1);
    expect(fake.mutatingRequests().map((r) => r.fault)).toEqual(['hang-before', 'hang-after']);
  });

  it('rate-limit: 429 with the Retry-After given, nothing created', async () => {
    fake.injectFault({ method: 'POST', kind: 'rate-limit', retryAfter: '3' });
    fake.injectFault({ method: 'POST', kind: 'rate-limit' });
    const first = await create();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    const second = await create();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(fake.numbers()).toHaveLength(0);
    expect((await create()).status).toBe(201);
  });
});

describe('fault matching', () => {
  it('matches method and path prefix, and repeats `times` times', async () => {
    const id = fake.seedNumber(BODY).id;
    fake.injectFault({ method: 'GET', path: '/v2/', kind: 'status-before', status: 502, times: 2 });
    expect((await send('GET', '/phone-number')).status).toBe(200);
    expect((await send('GET', '/v2/phone-number')).status).toBe(502);
    expect((await send('GET', '/v2/phone-number')).status).toBe(502);
    expect((await send('GET', '/v2/phone-number')).status).toBe(200);
    expect(fake.pendingFaults()).toEqual([]);

    fake.injectFault({ method: 'PATCH', kind: 'status-after' });
    expect((await send('PATCH', `/phone-number/${id}`, { name: 'renamed' })).status).toBe(500);
    expect(fake.numbers()[0]?.name).toBe('renamed');

    fake.injectFault({ method: 'DELETE', kind: 'reset-after' });
    await expect(send('DELETE', `/phone-number/${id}`)).rejects.toThrow();
    expect(fake.numbers()).toHaveLength(0);
  });

  it('records requests, filters mutating ones and resets the log', async () => {
    await send('GET', '/phone-number?limit=5');
    await create();
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/phone-number', 200],
      ['POST', '/phone-number', 201],
    ]);
    expect(fake.requests[0]?.query).toEqual({ limit: '5' });
    expect(fake.mutatingRequests()).toHaveLength(1);
    expect(fake.mutatingRequests()[0]?.body).toEqual(BODY);
    fake.resetLog();
    expect(fake.requests).toHaveLength(0);
  });
});

describe('out-of-band changes', () => {
  it('seeds, edits and removes numbers; seeded createdAt values may repeat', async () => {
    const at = '2024-01-01T00:00:00.000Z';
    const a = fake.seedNumber({ ...BODY, name: 'a', createdAt: at });
    const b = fake.seedNumber({ ...BODY, name: 'b', createdAt: at });
    expect(a.createdAt).toBe(b.createdAt);
    expect(b.status).toBe('active');
    fake.editNumber(a.id, { name: 'a2', credentialId: null });
    expect(fake.numbers().find((n) => n.id === a.id)).not.toHaveProperty('credentialId');
    fake.removeNumber(b.id);
    const listed = (await (await send('GET', '/phone-number')).json()) as { name: string }[];
    expect(listed.map((n) => n.name)).toEqual(['a2']);
    const fresh = fake.seedNumber(BODY);
    expect(Date.parse(fresh.createdAt)).toBeGreaterThan(Date.parse(at));
  });
});

describe('fault pickers, listeners, delays and messages', () => {
  it('asks the picker for requests no queued fault matched, and tells the listener after the change', async () => {
    const fake = await FakeVapi.start({ apiKey: 'k' });
    try {
      const seen: string[] = [];
      fake.setFaultPicker((request) =>
        request.method === 'POST'
          ? { method: 'POST', kind: 'status-after', status: 502, message: ['echo', String(request.index)] }
          : undefined,
      );
      fake.setFaultListener((fault) => seen.push(`${fault.kind}:${fake.numbers().length}`));
      const response = await fetch(`${fake.url}/phone-number`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'vonage', number: '+15550000001', credentialId: 'c' }),
      });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { message: string[] }).message).toEqual(['echo', '0']);
      expect(seen).toEqual(['status-after:1']);
    } finally {
      await fake.close();
    }
  });

  it('delays a request before making its change', async () => {
    const fake = await FakeVapi.start({ apiKey: 'k' });
    try {
      fake.injectFault({ method: 'GET', kind: 'delay', delayMs: 150 });
      const started = Date.now();
      const response = await fetch(`${fake.url}/phone-number`, { headers: { authorization: 'Bearer k' } });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await fake.close();
    }
  });
});
