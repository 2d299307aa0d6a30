import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { VapiApiError, createVapiClient, type VapiClientOptions } from '../../src/vapi/client.js';
import { VapiTransport } from '../../src/vapi/http.js';

const NUMBER = { id: 'pn-1', name: 'support', provider: 'vapi' };

type Handler = (request: IncomingMessage, response: ServerResponse, hit: number, body: string) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A loopback server whose handler sees each request's ordinal, to misbehave on chosen ones. */
async function serve(handler: Handler): Promise<{ baseUrl: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    const hit = hits;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, response, hit, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, hits: () => hits };
}

function client(baseUrl: string, options: Partial<VapiClientOptions> = {}) {
  const vapi = createVapiClient({ baseUrl, apiKey: 'test-key-123456', retryBaseMs: 1, random: () => 0, ...options });
  cleanups.push(() => vapi.close());
  return vapi;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const reset = (request: IncomingMessage) => request.socket.destroy();

describe('connection failures and timeouts', () => {
  it('retries a PATCH whose connection was reset', async () => {
    const server = await serve((request, response, hit) => (hit === 1 ? reset(request) : json(response, 200, NUMBER)));
    const vapi = client(server.baseUrl);

    await expect(vapi.updatePhoneNumber('pn-1', { name: 'support' })).resolves.toEqual(NUMBER);
    expect(server.hits()).toBe(2);
    expect(vapi.stats.retries).toBe(1);
  });

  it('does not retry a POST whose connection was reset: one request, outcome unknown', async () => {
    const server = await serve((request) => reset(request));
    const vapi = client(server.baseUrl);

    const error = (await vapi.createPhoneNumber({ provider: 'vapi' }).catch((e: unknown) => e)) as VapiApiError;
    expect(error).toBeInstanceOf(VapiApiError);
    expect(error.kind).toBe('network');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/^POST \/phone-number failed: network error ECONNRESET \(the request may have been processed/);
    expect(server.hits()).toBe(1);
  });

  it('times out a hanging POST after requestTimeoutMs: one request, outcome unknown', async () => {
    const server = await serve(() => undefined);
    const vapi = client(server.baseUrl, { requestTimeoutMs: 300 });

    const started = performance.now();
    const error = (await vapi.createPhoneNumber({ provider: 'vapi' }).catch((e: unknown) => e)) as VapiApiError;
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(298);
    expect(ms).toBeLessThan(1000);
    expect(error.kind).toBe('timeout');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(
      /^POST \/phone-number timed out after 300 ms \(requestTimeoutMs\) \(the request may have been processed/,
    );
    expect(server.hits()).toBe(1);
  });

  it('counts a body that stops half way against the timeout, and retries the GET', async () => {
    const server = await serve((_request, response, hit) => {
      if (hit > 1) return json(response, 200, NUMBER);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id": "pn-1", ');
    });
    const vapi = client(server.baseUrl, { requestTimeoutMs: 300 });

    await expect(vapi.getPhoneNumber('pn-1')).resolves.toEqual(NUMBER);
    expect(server.hits()).toBe(2);
  });

  it('bounds retries of a GET that keeps timing out', async () => {
    const server = await serve(() => undefined);
    const vapi = client(server.baseUrl, { requestTimeoutMs: 100, maxRetries: 2 });

    const error = (await vapi.getPhoneNumber('pn-1').catch((e: unknown) => e)) as VapiApiError;
    expect(error.message).toBe(
      'GET /phone-number/pn-1 timed out after 100 ms (requestTimeoutMs) (after 3 attempts: check the network and base-url)',
    );
    expect(error.outcomeUnknown).toBe(false);
    expect(server.hits()).toBe(3);
  });

  it('reports a refused POST as not processed, since it never left', async () => {
    const server = await serve(() => undefined);
    const { baseUrl } = server;
    for (const cleanup of cleanups.splice(0)) await cleanup(); // nothing listens there now
    const vapi = client(baseUrl);

    const error = (await vapi.createPhoneNumber({ provider: 'vapi' }).catch((e: unknown) => e)) as VapiApiError;
    expect(error.message).toBe(
      `POST /phone-number failed: network error ECONNREFUSED connecting to ${baseUrl} (nothing accepts connections there: ` +
        'start `vapi-numbers sandbox` on that port, or check base-url)',
    );
    expect(error.outcomeUnknown).toBe(false);
    expect(vapi.stats.requests).toBe(1);
  });

  it('sends the key as a bearer token and bodies as JSON, under a base URL with a trailing slash', async () => {
    let seen: { url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const server = await serve((request, response, _hit, body) => {
      seen = { url: request.url, headers: request.headers, body };
      json(response, 201, NUMBER);
    });
    const vapi = client(`${server.baseUrl}/`);

    await vapi.createPhoneNumber({ provider: 'vapi', name: 'support' });
    expect(seen.url).toBe('/phone-number');
    expect(seen.headers?.authorization).toBe('Bearer test-key-123456');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body ?? '')).toEqual({ provider: 'vapi', name: 'support' });
  });
});

describe('the connection', () => {
  it('reuses one pooled connection for consecutive requests', async () => {
    const ports: number[] = [];
    const server = await serve((request, response) => {
      ports.push(request.socket.remotePort ?? 0);
      json(response, 200, NUMBER);
    });
    const vapi = client(server.baseUrl);

    for (let i = 0; i < 3; i++) await vapi.getPhoneNumber('pn-1');
    expect(ports).toHaveLength(3);
    expect(new Set(ports).size).toBe(1);
  });

  it('reads a gzip-compressed answer, as it asks for one', async () => {
    let acceptEncoding: string | undefined;
    const server = await serve((request, response) => {
      acceptEncoding = request.headers['accept-encoding'];
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify(NUMBER)));
    });

    await expect(client(server.baseUrl).getPhoneNumber('pn-1')).resolves.toEqual(NUMBER);
    expect(acceptEncoding).toContain('gzip');
  });

  it('treats a body cut short by a closed connection as a reset, and retries the GET', async () => {
    const server = await serve((request, response, hit) => {
      if (hit > 1) return json(response, 200, NUMBER);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"id": "pn-1", ', () => request.socket.destroy());
    });
    const lines: string[] = [];
    const vapi = client(server.baseUrl, { debug: (line) => lines.push(line) });

    await expect(vapi.getPhoneNumber('pn-1')).resolves.toEqual(NUMBER);
    expect(server.hits()).toBe(2);
    expect(lines.some((line) => line.includes('(ECONNRESET)'))).toBe(true);
  });

  it('reports a POST whose connection was never made in time as not processed', async () => {
    // A name lookup that never answers keeps the socket connecting, as an unreachable host would.
    const transport = new VapiTransport({
      baseUrl: 'http://vapi.invalid',
      apiKey: 'test-key-123456',
      requestTimeoutMs: 2_000,
      connectTimeoutMs: 100,
      maxRetries: 0,
      retryBaseMs: 1,
      retryMaxDelayMs: 1,
      maxRetryAfterMs: 1,
      random: () => 0,
      sleep: async () => undefined,
      lookup: () => undefined,
    });
    cleanups.push(() => transport.close());

    const started = performance.now();
    const error = (await transport
      .send({ method: 'POST', path: '/phone-number', body: {} })
      .catch((e: unknown) => e)) as VapiApiError;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(VapiApiError);
    expect(error.message).toBe('POST /phone-number failed: network error ECONNECT_TIMEOUT connecting to http://vapi.invalid');
    expect(error.outcomeUnknown).toBe(false);
  });
});

describe('a proxy in the environment', () => {
  const transport = (baseUrl: string, env: Record<string, string>) => {
    const made = new VapiTransport({
      baseUrl,
      apiKey: 'test-key-123456',
      requestTimeoutMs: 2_000,
      maxRetries: 1,
      retryBaseMs: 1,
      retryMaxDelayMs: 1,
      maxRetryAfterMs: 1,
      random: () => 0,
      sleep: async () => undefined,
      env,
    });
    cleanups.push(() => made.close());
    return made;
  };

  it('is named when requests through it keep failing', async () => {
    const closed = await serve(() => undefined);
    const port = new URL(closed.baseUrl).port;
    for (const cleanup of cleanups.splice(0)) await cleanup(); // nothing listens on the proxy's port now
    const error = (await transport('https://vapi.test', { https_proxy: `http://127.0.0.1:${port}` })
      .send({ method: 'GET', path: '/phone-number' })
      .catch((e: unknown) => e)) as VapiApiError;
    expect(error.message).toBe(
      'GET /phone-number failed: network error ECONNREFUSED connecting to https://vapi.test through the proxy in https_proxy ' +
        '(after 2 attempts: check the network and base-url, and the proxy in https_proxy (or NO_PROXY))',
    );
  });

  it('is not blamed for a loopback base URL, which never goes through it', async () => {
    const closed = await serve(() => undefined);
    for (const cleanup of cleanups.splice(0)) await cleanup();
    const error = (await transport(closed.baseUrl, { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' })
      .send({ method: 'GET', path: '/phone-number' })
      .catch((e: unknown) => e)) as VapiApiError;
    expect(error.message).toBe(
      `GET /phone-number failed: network error ECONNREFUSED connecting to ${closed.baseUrl} (after 2 attempts: ` +
        'nothing accepts connections there: start `vapi-numbers sandbox` on that port, or check base-url)',
    );
  });
});

describe('nothing listening at a loopback base URL', () => {
  it('gives up after 3 attempts, within about 2 s with the default backoff, naming the URL and the sandbox', async () => {
    const closed = await serve(() => undefined);
    for (const cleanup of cleanups.splice(0)) await cleanup();
    const vapi = createVapiClient({ baseUrl: closed.baseUrl, apiKey: 'test-key-123456' });
    cleanups.push(() => vapi.close());
    const started = performance.now();
    const error = (await vapi.listPhoneNumbers().catch((e: unknown) => e)) as VapiApiError;
    const ms = performance.now() - started;
    expect(error.message).toBe(
      `GET /phone-number?limit=1000 failed: network error ECONNREFUSED connecting to ${closed.baseUrl} (after 3 attempts: ` +
        'nothing accepts connections there: start `vapi-numbers sandbox` on that port, or check base-url)',
    );
    expect(vapi.stats.requests).toBe(3);
    expect(ms).toBeLessThan(2_500);
  });

  it('a remote base URL that refuses keeps the full retries (a network blip is not a missing sandbox)', async () => {
    const transport = new VapiTransport({
      baseUrl: 'https://vapi.test',
      apiKey: 'test-key-123456',
      requestTimeoutMs: 2_000,
      maxRetries: 5,
      retryBaseMs: 1,
      retryMaxDelayMs: 1,
      maxRetryAfterMs: 1,
      random: () => 0,
      sleep: async () => undefined,
      // Every connection refused, as by a firewall in front of a remote host.
      lookup: (_host, _options, callback) =>
        (callback as (error: Error) => void)(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    });
    cleanups.push(() => transport.close());
    const error = (await transport.send({ method: 'GET', path: '/phone-number' }).catch((e: unknown) => e)) as VapiApiError;
    expect(error.message).toBe(
      'GET /phone-number failed: network error ECONNREFUSED connecting to https://vapi.test (after 6 attempts: check the network and base-url)',
    );
    expect(transport.stats.requests).toBe(6);
  });
});
