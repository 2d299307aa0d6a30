// The sandbox as the product starts it: loopback only, seeded, persisted with --state, any key
// unless one is given, and a simulated network latency.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxHostError, VapiSandbox } from '../../src/sandbox/server.js';
import { SEEDED_ASSISTANTS, SEEDED_SQUADS, startSandbox } from '../../src/sandbox/start.js';
import type { RunningSandbox } from '../../src/sandbox/start.js';
import { StateFileError } from '../../src/sandbox/state-file.js';
import { tempDir } from '../helpers/temp.js';

const open: RunningSandbox[] = [];
afterEach(async () => {
  for (const running of open.splice(0)) await running.close();
});

async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<RunningSandbox> {
  const running = await startSandbox(options);
  open.push(running);
  return running;
}

async function stop(running: RunningSandbox): Promise<void> {
  open.splice(open.indexOf(running), 1);
  await running.close();
}

async function call(url: string, method: string, route: string, body?: unknown, key: string | null = 'any-key') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(url + route, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as any };
}

const TWILIO = { provider: 'twilio', name: 'acme-main', number: '+14155550100', twilioAccountSid: 'AC1', twilioAuthToken: 'tok' };

describe('host', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', ''])('refuses %j before listening', async (host) => {
    await expect(VapiSandbox.start({ host })).rejects.toThrow(SandboxHostError);
    await expect(startSandbox({ host })).rejects.toThrow(/Refusing to listen on '.*': .*127\.0\.0\.1, ::1, localhost/);
  });

  it('listens on 127.0.0.1 by default and on ::1 when asked', async () => {
    const v4 = await start();
    expect(v4.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(v4.url, 'GET', '/assistant')).status).toBe(200);
    const v6 = await start({ host: '::1' }).catch((err: NodeJS.ErrnoException) => {
      // A machine without IPv6 loopback cannot test this half.
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT') return undefined;
      throw err;
    });
    if (v6) {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await call(v6.url, 'GET', '/squad')).status).toBe(200);
    }
  });
});

describe('seeds and keys', () => {
  it('starts with the assistants and squad the example config names', async () => {
    const { url, seeded } = await start();
    expect(seeded).toBe(true);
    const assistants = (await call(url, 'GET', '/assistant')).body as { id: string; name: string }[];
    const squads = (await call(url, 'GET', '/squad')).body as { id: string; name: string }[];
    expect(assistants.map((a) => a.name).sort()).toEqual([...SEEDED_ASSISTANTS].sort());
    expect(squads.map((s) => s.name)).toEqual([...SEEDED_SQUADS]);
    const example = readFileSync(path.resolve(process.cwd(), 'examples', 'vapi-numbers.yml'), 'utf8');
    for (const [, name] of example.matchAll(/^\s*assistant: (.+)$/gm)) expect(SEEDED_ASSISTANTS).toContain(name);
    for (const [, name] of example.matchAll(/^\s*squad: (.+)$/gm)) expect(SEEDED_SQUADS).toContain(name);
    expect((await call(url, 'GET', '/phone-number')).body).toEqual([]);
  });

  it('accepts any key by default but still wants one', async () => {
    const { url } = await start();
    expect((await call(url, 'GET', '/phone-number', undefined, 'whatever')).status).toBe(200);
    expect((await call(url, 'GET', '/phone-number', undefined, null)).status).toBe(401);
    expect((await call(url, 'GET', '/phone-number', undefined, '')).status).toBe(401);
  });

  it('accepts only the given key when there is one', async () => {
    const { url } = await start({ apiKey: 'sekret' });
    expect((await call(url, 'GET', '/phone-number', undefined, 'sekret')).status).toBe(200);
    const wrong = await call(url, 'GET', '/phone-number', undefined, 'other');
    expect(wrong).toMatchObject({ status: 401, body: { statusCode: 401, error: 'Unauthorized' } });
  });

  it('keeps no request log unless asked', async () => {
    const quiet = await start();
    await call(quiet.url, 'GET', '/phone-number');
    expect(quiet.sandbox.requests).toEqual([]);
    const counted = await start({ recordRequests: true });
    await call(counted.url, 'GET', '/phone-number');
    expect(counted.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /phone-number 200']);
  });
});

describe('--state', () => {
  it('creates the file at start and keeps numbers, ids and the org across a restart', async () => {
    const file = path.join(tempDir('vapi-sandbox-'), 'state.json');
    const first = await start({ stateFile: file });
    expect(existsSync(file)).toBe(true);
    const created = await call(first.url, 'POST', '/phone-number', TWILIO);
    expect(created.status).toBe(201);
    const patched = await call(first.url, 'PATCH', `/phone-number/${created.body.id}`, { smsEnabled: false });
    expect(patched.status).toBe(200);
    const assistants = (await call(first.url, 'GET', '/assistant')).body;
    await stop(first);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ version: 1, orgId: created.body.orgId });
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);

    const second = await start({ stateFile: file });
    expect(second).toMatchObject({ seeded: false, loadedNumbers: 1 });
    const listed = (await call(second.url, 'GET', '/phone-number')).body;
    expect(listed).toEqual([patched.body]);
    expect((await call(second.url, 'GET', '/assistant')).body).toEqual(expect.arrayContaining(assistants));
    expect((await call(second.url, 'GET', '/assistant')).body).toHaveLength(SEEDED_ASSISTANTS.length);

    const removed = await call(second.url, 'DELETE', `/phone-number/${created.body.id}`);
    expect(removed).toMatchObject({ status: 200, body: { id: created.body.id } });
    await stop(second);
    const third = await start({ stateFile: file });
    expect((await call(third.url, 'GET', '/phone-number')).body).toEqual([]);
  });

  it('writes after every change, without waiting for the stop', async () => {
    const file = path.join(tempDir('vapi-sandbox-'), 'state.json');
    const running = await start({ stateFile: file });
    const created = await call(running.url, 'POST', '/phone-number', TWILIO);
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 2000 }).toContain(created.body.id);
  });

  it('gives new numbers createdAt values after the loaded ones', async () => {
    const file = path.join(tempDir('vapi-sandbox-'), 'state.json');
    const first = await start({ stateFile: file });
    const old = await call(first.url, 'POST', '/phone-number', TWILIO);
    await stop(first);
    const future = new Date(Date.parse(old.body.createdAt) + 3_600_000).toISOString();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved.phoneNumbers[0].createdAt = future;
    saved.phoneNumbers[0].updatedAt = future;
    writeFileSync(file, JSON.stringify(saved));
    const second = await start({ stateFile: file });
    const next = await call(second.url, 'POST', '/phone-number', { ...TWILIO, name: 'b', number: '+14155550101' });
    expect(Date.parse(next.body.createdAt)).toBeGreaterThan(Date.parse(future));
  });

  it('refuses a file that is not a sandbox state, naming it', async () => {
    const dir = tempDir('vapi-sandbox-');
    const notJson = path.join(dir, 'a.json');
    writeFileSync(notJson, '{oops');
    await expect(startSandbox({ stateFile: notJson })).rejects.toThrow(StateFileError);
    await expect(startSandbox({ stateFile: notJson })).rejects.toThrow(`Cannot use sandbox state file ${notJson}: not JSON`);
    const wrongShape = path.join(dir, 'b.json');
    writeFileSync(wrongShape, JSON.stringify({ version: 1, orgId: 'o', phoneNumbers: [{}], assistants: [], squads: [] }));
    await expect(startSandbox({ stateFile: wrongShape })).rejects.toThrow(
      `Cannot use sandbox state file ${wrongShape}: not a state file the sandbox wrote (version 1): phoneNumbers[0].id is missing. Fix`,
    );
    await expect(startSandbox({ stateFile: path.join(dir, 'missing', 'c.json') })).rejects.toThrow(
      /^Cannot use sandbox state file .*c\.json: cannot write it \(ENOENT/,
    );
  });
});

describe('--latency', () => {
  it('holds every response about the given time', async () => {
    const fast = await start();
    const slow = await start({ latencyMs: 60 });
    const time = async (url: string) => {
      const began = performance.now();
      for (let i = 0; i < 5; i++) await call(url, 'GET', '/phone-number');
      return (performance.now() - began) / 5;
    };
    await time(fast.url); // warm up the connection pool
    const [fastMs, slowMs] = [await time(fast.url), await time(slow.url)];
    expect(slowMs).toBeGreaterThanOrEqual(59);
    expect(slowMs).toBeLessThan(60 + 250);
    expect(slowMs - fastMs).toBeGreaterThanOrEqual(50);
    // Also applied to rejected requests: the network does not know the key is wrong.
    const began = performance.now();
    expect((await call(slow.url, 'GET', '/phone-number', undefined, null)).status).toBe(401);
    expect(performance.now() - began).toBeGreaterThanOrEqual(59);
  });

  it('overlaps concurrent requests, as a network does', async () => {
    const { url } = await start({ latencyMs: 100 });
    const began = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => call(url, 'GET', '/assistant')));
    expect(performance.now() - began).toBeLessThan(600);
  });
});

describe('--rate-limit', () => {
  it('answers 429 with Retry-After once the bucket is empty, and refills', async () => {
    const running = await startSandbox({ rateLimit: 5 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${running.url}/phone-number`, { headers: { authorization: 'Bearer any' } });
        statuses.push(response.status);
        if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const again = await fetch(`${running.url}/phone-number`, { headers: { authorization: 'Bearer any' } });
      expect(again.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
