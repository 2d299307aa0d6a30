// Proves, through the built dist/index.js under Node 24, that the action works on a runner that
// reaches the internet only through an HTTP proxy: with the default base-url (https://api.vapi.ai)
// and HTTPS_PROXY (or only https_proxy) set, every Vapi request and the sticky-comment requests to
// https://api.github.com go through CONNECT tunnels of a loopback proxy, nothing reaches the fakes
// any other way, and TLS is verified against a throwaway CA (NODE_EXTRA_CA_CERTS). NO_PROXY and
// loopback base URLs go direct; without proxy variables api.vapi.ai is unreachable here; a proxy
// refusing the tunnel fails the run with a message naming the proxy and HTTPS_PROXY / NO_PROXY.
// In process (no dist): HttpRequester sends a plain-http request for a non-loopback name through
// the proxy (as a CONNECT tunnel), and directly once NO_PROXY names the host.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { promises as dns, lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpRequester } from '../../src/vapi/request.js';
import { FakeGitHub } from '../fake-github/server.js';
import { FakeVapi } from '../fake-vapi/index.js';
import { ConnectProxy } from '../helpers/connect-proxy.js';
import { runDist, runnerEnvironment, type DistRun } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';
import { makeCertificates, TlsFront } from '../helpers/tls-front.js';

const API_KEY = 'vapi-key-proxy-0001';
const GH_TOKEN = 'gh-token-proxy-0001';
const PR = 77;
const VAPI = 'api.vapi.ai:443';
const GITHUB = 'api.github.com:443';
const NUMBERS = '- name: proxy-vonage\n  provider: vonage\n  number: "+442071838750"\n  credentialId: cred-vonage-1\n';
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

let vapi: FakeVapi;
let github: FakeGitHub;
let vapiFront: TlsFront;
let githubFront: TlsFront;
let proxy: ConnectProxy;
let caFile: string;
let workspace: string;
let eventFile: string;

beforeAll(async () => {
  const certs = makeCertificates(tempDir('vapi-numbers-proxy-ca-'), ['api.vapi.ai', 'api.github.com']);
  caFile = certs.caFile;
  vapi = await FakeVapi.start({ apiKey: API_KEY });
  github = await FakeGitHub.start({ token: GH_TOKEN });
  github.setPull(PR, 'open');
  vapiFront = await TlsFront.start(certs, Number(new URL(vapi.url).port));
  githubFront = await TlsFront.start(certs, Number(new URL(github.url).port));
  proxy = await ConnectProxy.start({ [VAPI]: vapiFront.port, [GITHUB]: githubFront.port });
  workspace = tempDir('vapi-numbers-proxy-');
  eventFile = path.join(workspace, 'event.json');
  writeFileSync(eventFile, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR, state: 'open' } }));
});
afterAll(async () => {
  await Promise.all([proxy?.close(), vapiFront?.close(), githubFront?.close(), vapi?.close(), github?.close()]);
});

function resetCounts(): void {
  proxy.reset();
  vapiFront.reset();
  githubFront.reset();
  vapi.resetLog();
  github.resetLog();
}

/**
 * The child's environment: runDist passes on nothing of process.env but PATH, so the proxy
 * variables it sees are exactly `proxyEnv`; checked here so a change to runDist cannot slip the
 * parent's (or a CI runner's) proxy settings into a run.
 */
function childEnv(proxyEnv: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env = { NODE_EXTRA_CA_CERTS: caFile, ...proxyEnv, ...extra };
  const seen = Object.keys(runnerEnvironment({ inputs: {}, env }).env).filter((name) => PROXY_VARS.includes(name));
  expect(seen.sort()).toEqual(Object.keys(proxyEnv).sort());
  return env;
}

/** A pull_request run commenting on PR through GITHUB_API_URL (https://api.github.com unless given). */
function onPullRequest(apiUrl = 'https://api.github.com'): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'octo/repo',
    GITHUB_API_URL: apiUrl,
  };
}

async function run(
  command: string,
  env: Record<string, string>,
  inputs: Record<string, string> = {},
): Promise<DistRun & { ms: number }> {
  const started = performance.now();
  const result = await runDist({
    inputs: { 'api-key': API_KEY, command, numbers: NUMBERS, 'github-token': GH_TOKEN, ...inputs },
    env,
    workspace,
    timeoutMs: 28_000,
  });
  return { ...result, ms: Math.round(performance.now() - started) };
}

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Every request a fake logged came through its TLS front: the two lists are equal as multisets. */
function expectOnlyTunnelled(): void {
  expect(vapiFront.requests.slice().sort()).toEqual(vapi.requests.map(key).sort());
  expect(githubFront.requests.slice().sort()).toEqual(github.requests.map(key).sort());
}

function report(label: string, result: { ms: number }): void {
  const direct = vapi.requests.length - vapiFront.requests.length + github.requests.length - githubFront.requests.length;
  const others = [...proxy.connects.keys()].filter((a) => a !== VAPI && a !== GITHUB);
  console.log(
    `proxy: ${label} run: ${proxy.count(VAPI)} CONNECT api.vapi.ai, ${proxy.count(GITHUB)} CONNECT api.github.com, ` +
      `${others.length} CONNECT elsewhere, ${proxy.plain.length} plain proxied, ${direct} direct ` +
      `(tunnelled: vapi ${vapiFront.requests.length} requests on ${vapiFront.connections} TLS connections, ` +
      `github ${githubFront.requests.length} on ${githubFront.connections}; fakes logged vapi ${vapi.requests.length}, ` +
      `github ${github.requests.length}) in ${result.ms} ms`,
  );
}

function ourComments() {
  return github.comments(PR).filter((c) => c.body.includes('<!-- vapi-numbers'));
}

describe('dist/index.js behind an HTTP proxy (default base-url https://api.vapi.ai)', () => {
  let id = '';

  it('HTTPS_PROXY: apply creates the number and comments, every request through a CONNECT tunnel', async () => {
    resetCounts();
    const result = await run('apply', childEnv({ HTTPS_PROXY: proxy.url }, onPullRequest()), { comment: 'true' });
    report('HTTPS_PROXY', result);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    id = result.outputs['phone-number-id'] ?? '';
    expect(id).not.toBe('');
    expect(JSON.parse(result.outputs['created'] ?? '')).toEqual(['proxy-vonage']);
    expect(JSON.parse(result.outputs['ids'] ?? '')).toEqual({ 'proxy-vonage': id });
    expect(vapi.numbers().map((n) => [n['name'], n.id])).toEqual([['proxy-vonage', id]]);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]?.body).toContain(id);
    expect(proxy.count(VAPI)).toBeGreaterThan(0);
    expect(proxy.count(GITHUB)).toBeGreaterThan(0);
    expect(proxy.connects.size).toBe(2);
    expect(proxy.plain).toEqual([]);
    expect(vapi.mutatingRequests().map(key)).toEqual(['POST /phone-number']);
    expect(github.requests.some((r) => r.method === 'POST')).toBe(true);
    expectOnlyTunnelled();
  });

  it('only lower-case https_proxy: plan is unchanged, zero writes, still all through the proxy', async () => {
    resetCounts();
    const result = await run('plan', childEnv({ https_proxy: proxy.url }, onPullRequest()), { comment: 'true' });
    report('https_proxy', result);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.outputs['unchanged'] ?? '')).toEqual(['proxy-vonage']);
    expect(result.outputs['phone-number-id']).toBe(id);
    expect(vapi.mutatingRequests()).toEqual([]);
    expect(vapi.requests.length).toBeGreaterThan(0);
    expect(proxy.count(VAPI)).toBeGreaterThan(0);
    expect(proxy.count(GITHUB)).toBeGreaterThan(0);
    expect(proxy.plain).toEqual([]);
    expect(ourComments()).toHaveLength(1);
    expectOnlyTunnelled();
  });

  it('NO_PROXY=127.0.0.1 with loopback base-url and GITHUB_API_URL: direct, the proxy sees nothing', async () => {
    resetCounts();
    const proxyEnv = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' };
    const result = await run('plan', childEnv(proxyEnv, onPullRequest(github.url)), { comment: 'true', 'base-url': vapi.url });
    report('NO_PROXY loopback', result);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.outputs['unchanged'] ?? '')).toEqual(['proxy-vonage']);
    expect(proxy.total()).toBe(0);
    expect(vapiFront.connections + githubFront.connections).toBe(0);
    expect(vapi.requests.length).toBeGreaterThan(0);
    expect(github.requests.length).toBeGreaterThan(0);
  });
});

describe('HttpRequester in process: NO_PROXY for a non-loopback name', () => {
  it('http://vapi.test goes through the proxy (CONNECT), and direct once NO_PROXY=vapi.test', async () => {
    // The parent's own proxy variables must not take part: undici falls back to process.env.
    for (const name of PROXY_VARS) vi.stubEnv(name, undefined);
    const hits: string[] = [];
    const target: Server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} host=${req.headers.host}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as AddressInfo).port;
    proxy.reset();
    proxy.routes.set(`vapi.test:${port}`, port);
    const lookups: string[] = [];
    // dns.lookup's shape: undici asks with `all: true`; the single-address form is answered too.
    const lookup = (hostname: string, options: object, callback: (...args: never[]) => void): void => {
      const cb = callback as unknown as (err: Error | null, address: string | LookupAddress[], family?: number) => void;
      const all = (options as { all?: boolean }).all === true;
      lookups.push(`${hostname}${all ? ' all' : ''}`);
      if (hostname !== 'vapi.test') return void dnsLookup(hostname, options, cb as never);
      if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    };
    const get = async (env: Record<string, string>, scheme = 'http') => {
      const requester = new HttpRequester({ env, lookup });
      try {
        const url = `${scheme}://vapi.test:${port}/phone-number`;
        return await requester.send({ method: 'GET', url, headers: {}, signal: AbortSignal.timeout(5_000) });
      } finally {
        await requester.close();
      }
    };
    try {
      const proxied = await get({ HTTP_PROXY: proxy.url });
      expect(proxied.status).toBe(200);
      const viaProxy = { connects: proxy.count(`vapi.test:${port}`), plain: proxy.plain.length, lookups: lookups.splice(0) };
      const direct = await get({ HTTP_PROXY: proxy.url, NO_PROXY: 'vapi.test' });
      expect(direct.status).toBe(200);
      console.log(
        `proxy: in-process HTTP_PROXY: ${viaProxy.connects} CONNECT vapi.test, ${viaProxy.plain} plain, lookups [${viaProxy.lookups.join(', ')}]; ` +
          `with NO_PROXY=vapi.test: ${proxy.count(`vapi.test:${port}`) - viaProxy.connects} CONNECT, lookups [${lookups.join(', ')}]`,
      );
      // undici's ProxyAgent tunnels plain http with CONNECT too (proxyTunnel defaults to true);
      // the proxy resolves the name, so the lookup option is not consulted on that path.
      expect(viaProxy).toEqual({ connects: 1, plain: 0, lookups: [] });
      expect(proxy.count(`vapi.test:${port}`)).toBe(1);
      expect(lookups).toEqual(['vapi.test all']);
      expect(hits).toEqual([`GET /phone-number host=vapi.test:${port}`, `GET /phone-number host=vapi.test:${port}`]);

      // The env given is the whole truth: a proxy in this process's own environment is not used.
      vi.stubEnv('HTTP_PROXY', proxy.url);
      await get({});
      expect(proxy.count(`vapi.test:${port}`)).toBe(1);
      // host:port without a scheme means http://, as curl and @actions/http-client read it.
      await get({ http_proxy: proxy.url.replace('http://', '') });
      expect(proxy.count(`vapi.test:${port}`)).toBe(2);
      // HTTP_PROXY is for http:// only: an https:// URL goes direct (the handshake then fails
      // against this plain server, which is all this needs to show).
      await get({ HTTP_PROXY: proxy.url }, 'https').catch(() => undefined);
      expect(proxy.count(`vapi.test:${port}`)).toBe(2);
      // A value that is no URL names the variable, never its value (it may hold a password).
      const bad = await get({ HTTP_PROXY: 'http://user:s3cret@[bad' }).catch((error: unknown) => error as Error);
      expect((bad as Error).message).toBe('HTTP_PROXY is not a proxy URL such as http://proxy.example:3128; fix or unset it');
    } finally {
      vi.unstubAllEnvs();
      proxy.routes.delete(`vapi.test:${port}`);
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });
});

describe.concurrent('dist/index.js failing without a usable proxy (5 retries with backoff each)', () => {
  // Both runs at once (each waits ~8-16 s of backoff); neither may reach a fake or the main proxy.
  beforeAll(() => resetCounts());

  it('no proxy variables: api.vapi.ai is unreachable here, the run fails and the proxy sees nothing', async (ctx) => {
    const started = performance.now();
    const resolves = await dns.lookup('api.vapi.ai').then(
      () => true,
      () => false,
    );
    // With working DNS (a CI runner on the internet) this run would talk to the real Vapi; with a
    // resolver that times out instead of failing at once, 6 attempts would outlast the test.
    ctx.skip(resolves, 'api.vapi.ai resolves on this machine: the run would reach the real Vapi');
    ctx.skip(performance.now() - started > 1_000, 'name resolution fails slowly here: 6 attempts would take too long');
    const result = await run('plan', childEnv({}));
    report('no proxy variables', result);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/::error::GET \/phone-number\S* failed: network error (ENOTFOUND|EAI_AGAIN)/);
    expect(result.ms).toBeLessThan(20_000);
    const seen = [proxy.total(), vapiFront.connections, githubFront.connections, vapi.requests.length, github.requests.length];
    expect(seen).toEqual([0, 0, 0, 0, 0]);
  });

  it('the proxy refuses the tunnel to api.vapi.ai: the run fails naming the refusal and HTTPS_PROXY / NO_PROXY', async () => {
    const refusing = await ConnectProxy.start({ [VAPI]: vapiFront.port });
    refusing.refused.add(VAPI);
    try {
      const result = await run('plan', childEnv({ HTTPS_PROXY: refusing.url }));
      console.log(
        `proxy: refusing-proxy run: ${refusing.count(VAPI)} CONNECT api.vapi.ai (all answered 502), ${refusing.plain.length} plain, exit ${result.exitCode} in ${result.ms} ms`,
      );
      expect(result.exitCode).toBe(1);
      const error = result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
      expect(error).toContain('Proxy response (502)');
      expect(error).toContain('check HTTPS_PROXY and NO_PROXY');
      expect(result.summary).toContain('check HTTPS_PROXY and NO_PROXY');
      expect(refusing.count(VAPI)).toBe(6);
      expect(vapi.requests).toEqual([]);
    } finally {
      await refusing.close();
    }
  });
});
