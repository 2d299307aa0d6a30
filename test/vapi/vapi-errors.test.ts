import { describe, expect, it } from 'vitest';
import { VapiApiError, createVapiClient, redactSecrets, type VapiClientOptions } from '../../src/vapi/client.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const ORIGIN = 'https://api.vapi.ai';
const API_KEY = 'sk-live-5f0c2a9e-aaaa-bbbb-cccc-0123456789ab';
const servers = useScriptedServers();

async function setup(options: Partial<VapiClientOptions> = {}) {
  const pool = await servers.start();
  const lines: string[] = [];
  const vapi = createVapiClient({
    baseUrl: pool.baseUrl,
    apiKey: API_KEY,
    retryBaseMs: 1,
    maxRetries: 1,
    debug: (line) => lines.push(line),
    ...options,
  });
  servers.defer(() => vapi.close());
  return { pool, vapi, lines };
}

async function failure(promise: Promise<unknown>): Promise<VapiApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(VapiApiError);
  return error as VapiApiError;
}

describe('error messages', () => {
  it("quotes Vapi's list of validation messages joined with '; '", async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: ['property foo should not exist', 'name must be shorter than or equal to 40 characters'],
    });
    const error = await failure(vapi.createPhoneNumber({ provider: 'vapi', foo: 1 }));
    expect(error.message).toBe(
      'POST /phone-number failed: 400 Bad Request: property foo should not exist; name must be shorter than or equal to 40 characters',
    );
    expect(error).toMatchObject({ method: 'POST', path: '/phone-number', status: 400, outcomeUnknown: false });
  });

  it('tells what to do on 401 and on 404 of an id', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number?limit=1000', method: 'GET' }).reply(401, {
      statusCode: 401,
      message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
    });
    const unauthorised = await failure(vapi.listPhoneNumbers());
    expect(unauthorised.message).toMatch(
      /^GET \/phone-number\?limit=1000 failed: 401 Unauthorized: Invalid Key\..*\(check the api-key secret: it must be a private API key/,
    );
    expect(unauthorised.message).toContain('https://api.eu.vapi.ai');

    pool.intercept({ path: '/phone-number/pn-9', method: 'GET' }).reply(404, { statusCode: 404, message: 'Not Found' });
    const missing = await failure(vapi.getPhoneNumber('pn-9'));
    expect(missing.message).toBe(
      'GET /phone-number/pn-9 failed: 404 Not Found: Not Found (no such resource: it may have been deleted outside this run)',
    );
  });

  it('says it was rate limited when 429 outlasts the retries', async () => {
    const { pool, vapi } = await setup();
    pool.intercept({ path: '/phone-number/pn-1', method: 'GET' }).reply(429, { message: 'Too Many Requests' }).persist();
    const error = await failure(vapi.getPhoneNumber('pn-1'));
    expect(error.message).toBe(
      'GET /phone-number/pn-1 failed: 429 Too Many Requests: Too Many Requests (rate limited by Vapi (gave up after 2 attempts): wait and run again)',
    );
  });

  it('quotes a short snippet of a non-JSON error body, as what a proxy or gateway answered', async () => {
    const { pool, vapi } = await setup();
    const page = `<html>\n<body><h1>Bad gateway</h1>${'x'.repeat(500)}</body></html>`;
    pool.intercept({ path: '/phone-number/pn-1', method: 'PATCH' }).reply(418, page);
    const error = await failure(vapi.updatePhoneNumber('pn-1', {}));
    expect(error.message).toMatch(
      /^PATCH \/phone-number\/pn-1 failed: a proxy or gateway answered 418 I'm a Teapot with an HTML page: Bad gateway x+\.\.\. \(Vapi answers errors in JSON/,
    );
    expect(error.apiMessage?.length).toBeLessThanOrEqual(203);
  });
});

describe('secrets', () => {
  it('never shows the api key, in errors or debug lines, even when the API echoes it', async () => {
    const { pool, vapi, lines } = await setup();
    pool
      .intercept({ path: '/phone-number?limit=1000', method: 'GET' })
      .reply(200, [{ id: 'a', createdAt: '2024-01-01T00:00:00Z' }]);
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(401, { message: `Invalid key ${API_KEY}` });
    pool.intercept({ path: '/phone-number/a', method: 'PATCH' }).reply(503, `bad token Bearer ${API_KEY}`).persist();

    await vapi.listPhoneNumbers();
    const errors = [
      await failure(vapi.createPhoneNumber({ provider: 'vapi' })),
      await failure(vapi.updatePhoneNumber('a', { name: 'x' })),
    ];
    const everything = [...lines, ...errors.flatMap((e) => [e.message, e.apiMessage ?? '', String(e.stack)])].join('\n');
    expect(everything).not.toContain(API_KEY);
    expect(everything).toContain('Invalid key ***');
    expect(lines.some((line) => /GET \/phone-number\?limit=1000 200 in \d+ ms \(1 items\)/.test(line))).toBe(true);
    expect(lines.some((line) => /retry 1\/1 of PATCH \/phone-number\/a in \d+ ms \(503 Service Unavailable\)/.test(line))).toBe(
      true,
    );
  });

  it('redacts secret values in the request and response bodies it logs', async () => {
    const { pool, vapi, lines } = await setup();
    const body = {
      provider: 'twilio',
      number: '+14155550100',
      twilioAccountSid: 'AC123',
      twilioAuthToken: 'twilio-token-value',
      server: { url: 'https://example.com/hook', headers: { Authorization: 'Bearer user-server-token' } },
    };
    pool.intercept({ path: '/phone-number', method: 'POST' }).reply(201, { id: 'pn-1', ...body });
    await vapi.createPhoneNumber(body);

    const log = lines.join('\n');
    expect(log).not.toMatch(/twilio-token-value|user-server-token/);
    expect(log).toContain('"twilioAuthToken":"***"');
    expect(log).toContain('"headers":{"Authorization":"***"}');
    expect(log).toContain('"twilioAccountSid":"AC123"');
  });

  it('redactSecrets replaces every secret path, in one number or a list, and copies the rest', () => {
    const number = {
      id: 'pn-1',
      twilioApiKey: 'SK1',
      twilioApiSecret: 'secret',
      authentication: { username: 'user', password: 'pass' },
      server: { url: 'https://x', headers: { 'x-token': 't', other: 'o' } },
      hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'hi' }] }],
      twilioAuthToken: null,
    };
    const expected = {
      ...number,
      twilioApiKey: '***',
      twilioApiSecret: '***',
      authentication: { username: 'user', password: '***' },
      server: { url: 'https://x', headers: { 'x-token': '***', other: '***' } },
    };
    expect(redactSecrets(number)).toEqual(expected);
    expect(redactSecrets([number, { id: 'b' }])).toEqual([expected, { id: 'b' }]);
    expect(number.authentication.password).toBe('pass');
  });
});

describe('options', () => {
  it('rejects an empty key and an unusable base URL without echoing secrets', () => {
    expect(() => createVapiClient({ baseUrl: ORIGIN, apiKey: ' ' })).toThrow(/API key is empty/);
    expect(() => createVapiClient({ baseUrl: 'api.vapi.ai', apiKey: API_KEY })).toThrow(/Invalid Vapi base URL 'api.vapi.ai'/);
    expect(() => createVapiClient({ baseUrl: 'https://u:p@api.vapi.ai', apiKey: API_KEY })).toThrow(
      /^Invalid Vapi base URL: expected no/,
    );
    expect(() => createVapiClient({ baseUrl: ORIGIN, apiKey: `${API_KEY}\n` + 'x' })).toThrow(/line break/);
  });
});
