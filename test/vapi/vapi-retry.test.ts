import { describe, expect, it } from 'vitest';
import { VapiApiError, createVapiClient, type VapiClientOptions } from '../../src/vapi/client.js';
import { backoffDelay, parseRetryAfter } from '../../src/vapi/retry.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const NUMBER = { id: 'pn-1', name: 'support', provider: 'vapi' };
const servers = useScriptedServers();

async function setup(options: Partial<VapiClientOptions> = {}) {
  const pool = await servers.start();
  const vapi = createVapiClient({
    baseUrl: pool.baseUrl,
    apiKey: 'test-key-123456',
    retryBaseMs: 1,
    random: () => 0,
    ...options,
  });
  servers.defer(() => vapi.close());
  return { pool, vapi };
}

// Node's timers run on a loop clock that can be up to a millisecond behind performance.now().
const TIMER_SLACK_MS = 2;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('retries of GET, PATCH and DELETE', () => {
  it('retries a GET on 503 and then succeeds', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(503, 'upstream down');
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(502, '');
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(200, NUMBER);

    await expect(vapi.getPhoneNumber('pn-1')).resolves.toEqual(NUMBER);
    expect(vapi.stats).toEqual({ requests: 3, retries: 2, byMethod: { GET: 3 } });
  });

  it('waits at least Retry-After seconds after a 429', async () => {
    const { pool, vapi } = await setup();
    pool
      .intercept({ path: '/phone-number/pn-1', method: 'PATCH' })
      .reply(429, { statusCode: 429, message: 'Too many requests' }, { 'retry-after': '1' });
    pool.intercept({ path: '/phone-number/pn-1', method: 'PATCH' }).reply(200, NUMBER);

    const { result, ms } = await timed(() => vapi.updatePhoneNumber('pn-1', { name: 'support' }));
    expect(result).toEqual(NUMBER);
    expect(ms).toBeGreaterThanOrEqual(1000 - TIMER_SLACK_MS);
    expect(ms).toBeLessThan(1500);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const { pool, vapi } = await setup();
    const until = new Date(Date.now() + 2000);
    const header = until.toUTCString(); // whole seconds: the wait is 1-2 s
    const expected = Date.parse(header) - Date.now();
    pool.intercept({ path: '/phone-number/pn-1', method: 'DELETE' }).reply(503, '', { 'retry-after': header });
    pool.intercept({ path: '/phone-number/pn-1', method: 'DELETE' }).reply(200, NUMBER);

    const { result, ms } = await timed(() => vapi.deletePhoneNumber('pn-1'));
    expect(result).toBe('deleted');
    expect(ms).toBeGreaterThanOrEqual(expected - TIMER_SLACK_MS - 3); // Date.now() counts whole ms
    expect(ms).toBeLessThan(expected + 1_500); // loose: a loaded machine answers late
  });

  it.each([
    ['absent', undefined],
    ['garbage', 'soon'],
    ['zero', '0'],
    ['a past date', 'Wed, 21 Oct 2015 07:28:00 GMT'],
  ])('falls back to jittered backoff when Retry-After is %s', async (_label, header) => {
    const { pool, vapi } = await setup({ retryBaseMs: 100, random: () => 1 });
    const headers: Record<string, string> = header === undefined ? {} : { 'retry-after': header };
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(429, '', headers);
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(200, NUMBER);

    const { ms } = await timed(() => vapi.getPhoneNumber('pn-1'));
    // First retry: step 100 ms, equal jitter with random() = 1 waits the whole step.
    expect(ms).toBeGreaterThanOrEqual(100 - TIMER_SLACK_MS);
    expect(ms).toBeLessThan(600);
  });

  it('fails at once, saying so, when Retry-After is longer than the run allows', async () => {
    const { pool, vapi } = await setup({ maxRetryAfterMs: 5000 });
    pool
      .intercept({ path: '/phone-number/pn-1', method: 'GET' })
      .reply(429, { message: 'Rate limit exceeded' }, { 'retry-after': '3600' });

    const { result: error, ms } = await timed(() => vapi.getPhoneNumber('pn-1').catch((e: unknown) => e));
    expect(ms).toBeLessThan(200);
    expect(error).toBeInstanceOf(VapiApiError);
    expect((error as VapiApiError).kind).toBe('retry-after');
    expect((error as Error).message).toBe(
      'GET /phone-number/pn-1 failed: 429 Too Many Requests: Rate limit exceeded (Vapi asked to wait 3600 s ' +
        '(Retry-After) before retrying, more than the 5 s this run allows: try again later)',
    );
    expect(vapi.stats.requests).toBe(1);
  });

  it('gives up after maxRetries retries: maxRetries + 1 requests, then the last error', async () => {
    const { pool, vapi } = await setup({ maxRetries: 3 });
    pool
      .intercept({ path: '/phone-number/pn-1', method: 'PATCH' })
      .reply(500, { statusCode: 500, message: 'Internal server error' })
      .persist();

    const error = (await vapi.updatePhoneNumber('pn-1', { name: 'x' }).catch((e: unknown) => e)) as VapiApiError;
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(4);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe(
      'PATCH /phone-number/pn-1 failed: 500 Internal Server Error: Internal server error (Vapi kept failing (4 attempts): try again later)',
    );
    expect(vapi.stats).toEqual({ requests: 4, retries: 3, byMethod: { PATCH: 4 } });
  });

  it('never retries a 4xx other than 429', async () => {
    const { pool, vapi } = await setup();
    pool
      .intercept({ path: '/phone-number/pn-1', method: 'PATCH' })
      .reply(400, { message: ['a', 'b'] })
      .persist();
    await expect(vapi.updatePhoneNumber('pn-1', {})).rejects.toThrow('400 Bad Request: a; b');
    expect(vapi.stats.requests).toBe(1);
  });

  it("treats a DELETE answered 404 as 'gone', also after a retried 5xx", async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number/pn-1', method: 'DELETE' }).reply(404, { message: 'Not Found' });
    await expect(vapi.deletePhoneNumber('pn-1')).resolves.toBe('gone');

    pool.intercept({ path: '/phone-number/pn-2', method: 'DELETE' }).reply(504, '');
    pool.intercept({ path: '/phone-number/pn-2', method: 'DELETE' }).reply(404, '');
    await expect(vapi.deletePhoneNumber('pn-2')).resolves.toBe('gone');
  });
});

describe('POST is sent once unless refused with 429', () => {
  it('does not retry a POST answered 500: one request, outcome unknown', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(500, { message: 'Internal server error' }).persist();

    const error = (await vapi.createPhoneNumber({ provider: 'vapi' }).catch((e: unknown) => e)) as VapiApiError;
    expect(error).toBeInstanceOf(VapiApiError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(
      /^POST \/phone-number failed: 500 Internal Server Error: Internal server error \(the request may have been processed/,
    );
    expect(vapi.stats.requests).toBe(1);
  });

  it('retries a POST answered 429 after its wait and then succeeds', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(429, '', { 'retry-after': '1' });
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(201, NUMBER);

    const { result, ms } = await timed(() => vapi.createPhoneNumber({ provider: 'vapi', name: 'support' }));
    expect(result).toEqual(NUMBER);
    expect(ms).toBeGreaterThanOrEqual(1000 - TIMER_SLACK_MS);
    expect(vapi.stats).toEqual({ requests: 2, retries: 1, byMethod: { POST: 2 } });
  });

  it('reports a 2xx POST without a number as outcome unknown', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(201, 'ok', { 'content-type': 'text/plain' });
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(201, '');
    for (const detail of ['a body that is not JSON (content-type text/plain, 2 characters, beginning "ok")', 'an empty body']) {
      const error = (await vapi.createPhoneNumber({ provider: 'vapi' }).catch((e: unknown) => e)) as VapiApiError;
      expect(error.outcomeUnknown).toBe(true);
      expect(error.message).toBe(
        `POST /phone-number answered 201 with ${detail} (the number may have been created: list the numbers before trying again)`,
      );
    }
  });
});

describe('backoff and Retry-After parsing', () => {
  it('grows exponentially, jitters within the upper half of the step, and is capped', () => {
    const options = { baseMs: 500, maxDelayMs: 20_000 };
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(250);
    expect(backoffDelay(1, { ...options, random: () => 1 })).toBe(500);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(1500);
    expect(backoffDelay(12, { ...options, random: () => 1 })).toBe(20_000);
    expect(backoffDelay(12, { ...options, random: () => 0 })).toBe(10_000);
  });

  it('reads seconds and HTTP dates, and ignores what it cannot use', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    for (const unusable of [undefined, '', '0', '-1', 'soon', 'Tue, 31 Dec 2024 23:00:00 GMT']) {
      expect(parseRetryAfter(unusable, now)).toBeUndefined();
    }
  });

  // Edges the mutation run found unheld (paging and retry survivors, issue 12).
  it('reads any number of decimals, rounding up to the next millisecond', () => {
    expect(parseRetryAfter('0.25', 0)).toBe(250);
    expect(parseRetryAfter('1.0004', 0)).toBe(1001);
    expect(parseRetryAfter('0.0001', 0)).toBe(1);
  });

  it('takes only a whole value: digits with text around them are not seconds, and a date must look like one', () => {
    for (const partial of ['2s', 'x2', '2 3', '1.', '.5', '1e3', '-1.5']) expect(parseRetryAfter(partial, 0)).toBeUndefined();
  });

  it('a date equal to now, or "0.0", asks for no wait; the first of several headers is read', () => {
    const now = Date.parse('2025-01-01T00:00:30Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:31 GMT', now)).toBe(1000);
    expect(parseRetryAfter('0.0', now)).toBeUndefined();
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });
});
