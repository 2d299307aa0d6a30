// Naming the source of an answer (issue 12, item 5): a proxy's page is not Vapi failing, a redirect
// is shown and not followed, a success that is not JSON says so, a 401 after an accepted page is a
// change of answer, and a request that keeps being retried says so at the normal log level.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../src/report/scrub.js';
import { VapiApiError, createVapiClient, type VapiClientOptions } from '../../src/vapi/client.js';
import { ConnectProxy } from '../helpers/connect-proxy.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const API_KEY = 'sk-live-5f0c2a9e-aaaa-bbbb-cccc-0123456789ab';
const TOKEN = 'tw-token-of-the-run-0001';
const LIST = '/phone-number?limit=1000';
const servers = useScriptedServers();

async function setup(options: Partial<VapiClientOptions> = {}) {
  const pool = await servers.start();
  const debug: string[] = [];
  const info: string[] = [];
  const vapi = createVapiClient({
    baseUrl: pool.baseUrl,
    apiKey: API_KEY,
    retryBaseMs: 1,
    random: () => 0,
    scrub: createScrubber([TOKEN]),
    debug: (line) => debug.push(line),
    info: (line) => info.push(line),
    ...options,
  });
  servers.defer(() => vapi.close());
  return { pool, vapi, debug, info };
}

async function failure(promise: Promise<unknown>): Promise<VapiApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VapiApiError);
  return error as VapiApiError;
}

const GATEWAY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway &amp; ${TOKEN}</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

describe('an answer that is not Vapi JSON is named as a proxy or gateway', () => {
  it('an HTML 502 on the listing: status and <title>, scrubbed, after the retries', async () => {
    const { pool, vapi } = await setup({ maxRetries: 2 });
    pool.intercept({ method: 'GET', path: LIST }).reply(502, GATEWAY_PAGE, { 'content-type': 'text/html' }).persist();
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toBe(
      `GET ${LIST} failed: a proxy or gateway answered 502 Bad Gateway with an HTML page titled "502 Bad Gateway & ***" ` +
        '(Vapi answers errors in JSON, so something between this runner and Vapi answered, 3 times: check base-url, or try again later)',
    );
    expect(error).toMatchObject({ status: 502, attempts: 3, kind: 'http', apiMessage: '502 Bad Gateway & ***' });
    expect(error.message).not.toContain('Vapi kept failing');
  });

  it('quotes a text answer, and names the proxy variable in force for base-url', async () => {
    const { pool } = await setup();
    const proxy = await ConnectProxy.start({ 'vapi.test:80': Number(new URL(pool.baseUrl).port) });
    servers.defer(() => proxy.close());
    const vapi = createVapiClient({
      baseUrl: 'http://vapi.test',
      apiKey: API_KEY,
      maxRetries: 0,
      env: { HTTP_PROXY: proxy.url },
    });
    servers.defer(() => vapi.close());
    pool.intercept({ method: 'GET', path: LIST }).reply(503, 'upstream connect error', { 'content-type': 'text/plain' });
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toBe(
      `GET ${LIST} failed: a proxy or gateway answered 503 Service Unavailable with text: upstream connect error ` +
        '(Vapi answers errors in JSON, so something between this runner and Vapi answered: check base-url and the ' +
        'proxy in HTTP_PROXY (or NO_PROXY), or try again later)',
    );
  });

  it('a POST refused by a proxy page may still have been passed on: outcome unknown, sent once', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ method: 'POST', path: '/phone-number' }).reply(502, GATEWAY_PAGE, { 'content-type': 'text/html' }).persist();
    const error = await failure(vapi.createPhoneNumber({ provider: 'vapi' }));
    expect(error.message).toMatch(
      /a proxy or gateway answered 502 Bad Gateway .*the request may have been passed on and processed/,
    );
    expect(error.outcomeUnknown).toBe(true);
    expect(pool.requests).toHaveLength(1);
  });

  it("Vapi's own JSON 5xx still says Vapi kept failing", async () => {
    const { pool, vapi } = await setup({ maxRetries: 1 });
    pool.intercept({ method: 'GET', path: LIST }).reply(500, { statusCode: 500, message: 'Internal server error' }).persist();
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toBe(
      `GET ${LIST} failed: 500 Internal Server Error: Internal server error (Vapi kept failing (2 attempts): try again later)`,
    );
  });
});

describe('a redirect is shown, never followed', () => {
  it('a 301 shows the Location and the base-url it suggests; the target is not asked', async () => {
    const { pool, vapi } = await setup();
    const moved = `${pool.baseUrl}/v2${LIST}`;
    pool.intercept({ method: 'GET', path: LIST }).reply(301, '<html>Moved</html>', { location: moved });
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toBe(
      `GET ${LIST} failed: 301 Moved Permanently to ${moved} (not followed, as a redirect could carry the API key ` +
        `elsewhere: check base-url; if the new address is Vapi's, set base-url to ${pool.baseUrl}/v2)`,
    );
    expect(pool.requests.map((request) => request.path)).toEqual([LIST]);
  });

  it('a relative Location is resolved; a secret in it is hidden; a redirect without one says so', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ method: 'GET', path: LIST }).reply(307, '', { location: `/login?next=${TOKEN}` });
    const relative = await failure(vapi.listPhoneNumbers());
    expect(relative.message).toBe(
      `GET ${LIST} failed: 307 Temporary Redirect to ${pool.baseUrl}/login?next=*** (not followed, as a redirect ` +
        `could carry the API key elsewhere: check base-url; if the new address is Vapi's, set base-url to ${pool.baseUrl})`,
    );
    pool.intercept({ method: 'GET', path: LIST }).reply(302, '');
    const bare = await failure(vapi.listPhoneNumbers());
    expect(bare.message).toBe(
      `GET ${LIST} failed: 302 Found (a redirect without a Location, not followed, as a redirect could carry the API key elsewhere: check base-url)`,
    );
  });
});

describe('a success that is not what the API documents', () => {
  it('a 200 listing that is not JSON says so: status, content-type, first characters scrubbed', async () => {
    const { pool, vapi, debug } = await setup();
    const page = `<html><head><title>Maintenance</title></head><body>token ${TOKEN}; back at 10:00</body></html>`;
    pool.intercept({ method: 'GET', path: LIST }).reply(200, page, { 'content-type': 'text/html; charset=utf-8' });
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toBe(
      `GET ${LIST} returned a malformed listing: answered 200 OK with a body that is not JSON (content-type ` +
        `text/html; charset=utf-8, ${page.length} characters, beginning "<html><head><title>Maintenance</title></head><body>token ***; back at 10:00</bod...")`,
    );
    expect(error.kind).toBe('malformed');
    expect(debug.join('\n')).toContain(`vapi <- GET ${LIST} 200 in `);
    expect(debug.join('\n')).not.toContain(TOKEN);
  });

  it('JSON of the wrong shape still says what was expected', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ method: 'GET', path: LIST }).reply(200, { items: [] });
    await expect(vapi.listPhoneNumbers()).rejects.toThrow(/malformed listing: expected a JSON array or \{results: \[\.\.\.\]\}$/);
  });
});

describe('a 401 or 403 after an accepted page', () => {
  const page = Array.from({ length: 100 }, (_, i) => ({
    id: `pn-${i}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
  }));

  it.each([401, 403])('on page 2 (%i) says the key was accepted before and the API changed its answer', async (status) => {
    const { pool, vapi } = await setup();
    pool.intercept({ method: 'GET', path: LIST }).reply(200, page);
    pool.intercept({ method: 'GET', path: (p) => p.includes('createdAtLe') }).reply(status, { message: 'Invalid Key' });
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toMatch(
      new RegExp(
        `^GET /phone-number\\?limit=1000&createdAtLe=[^ ]+ failed: ${status} [A-Za-z ]+: Invalid Key \\(the key was accepted for ` +
          `GET /phone-number\\?limit=1000 earlier in this listing, so the API changed its answer: the key may have been ` +
          'revoked or rotated meanwhile; check the api-key secret and run again\\)$',
      ),
    );
  });

  it('on page 1 it still blames the key', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ method: 'GET', path: LIST }).reply(401, { message: 'Invalid Key' });
    const error = await failure(vapi.listPhoneNumbers());
    expect(error.message).toContain('(check the api-key secret: it must be a private API key');
  });
});

describe('retries after the first are announced at the normal log level', () => {
  it('GET answered 503 three times: retry 1 reaches debug, retries 2 and 3 info, each retry once', async () => {
    const { pool, vapi, info, debug } = await setup({ retryBaseMs: 1000, sleep: async () => undefined });
    for (let i = 0; i < 3; i++) pool.intercept({ method: 'GET', path: '/phone-number/pn-1' }).reply(503, { message: 'busy' });
    pool.intercept({ method: 'GET', path: '/phone-number/pn-1' }).reply(200, { id: 'pn-1' });
    await vapi.getPhoneNumber('pn-1');
    expect(info).toEqual([
      'GET /phone-number/pn-1: retry 2 of 5 in 1 s (503 Service Unavailable)',
      'GET /phone-number/pn-1: retry 3 of 5 in 2 s (503 Service Unavailable)',
    ]);
    // With debug on, the log shows both levels: a retry written at both would be read twice.
    expect(debug.filter((line) => line.startsWith('vapi: retry'))).toEqual([
      'vapi: retry 1/5 of GET /phone-number/pn-1 in 500 ms (503 Service Unavailable)',
    ]);
  });

  it('an attempt left unanswered is announced at info while it waits, and so is the retry after it', async () => {
    let calls = 0;
    const hanging = createServer((request, response) => {
      calls++;
      if (calls === 1) return; // never answered: the request timeout ends it
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"pn-1"}');
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    servers.defer(async () => {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    });
    const { port } = hanging.address() as AddressInfo;
    const info: string[] = [];
    const vapi = createVapiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      requestTimeoutMs: 600,
      slowAnswerMs: 200,
      maxRetries: 1,
      retryBaseMs: 1,
      random: () => 0,
      info: (line) => info.push(line),
    });
    servers.defer(() => vapi.close());
    await vapi.getPhoneNumber('pn-1');
    expect(info).toEqual([
      'GET /phone-number/pn-1: no answer after 0.2 s to attempt 1; waiting up to 0.6 s (the request timeout)',
      'GET /phone-number/pn-1: retry 1 of 1 in 0 s (timeout)',
    ]);
  });
});
