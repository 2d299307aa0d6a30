import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeVapi } from './server.js';
import type { FakeVapiOptions } from './server.js';

let fake: FakeVapi;

async function start(options: FakeVapiOptions = {}): Promise<void> {
  await fake?.close();
  fake = await FakeVapi.start({ seed: 7, ...options });
}

beforeEach(() => start());
afterEach(() => fake.close());

interface Res {
  status: number;
  body: any;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  init: { key?: string | null; signal?: AbortSignal } = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = init.key === undefined ? 'test-key' : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(fake.url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const post = (body: unknown) => call('POST', '/phone-number', body);
const messages = (res: Res): string => ([] as string[]).concat(res.body.message).join(' | ');

const VALID: Record<string, Record<string, unknown>> = {
  vapi: { provider: 'vapi', name: 'free', numberDesiredAreaCode: '415' },
  twilio: { provider: 'twilio', name: 'tw', number: '+14155550100', twilioAccountSid: 'AC1', twilioAuthToken: 'tok' },
  vonage: { provider: 'vonage', name: 'vo', number: '+14155550101', credentialId: 'cred-1' },
  telnyx: { provider: 'telnyx', name: 'te', number: '+14155550102', credentialId: 'cred-2' },
  'byo-phone-number': { provider: 'byo-phone-number', name: 'byo', number: '+14155550103', credentialId: 'cred-3' },
};

describe('auth', () => {
  it('answers 401 without the right bearer key', async () => {
    expect((await call('GET', '/phone-number', undefined, { key: null })).status).toBe(401);
    const wrong = await call('GET', '/phone-number', undefined, { key: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await call('GET', '/phone-number')).status).toBe(200);
  });
});

describe('create', () => {
  for (const [provider, body] of Object.entries(VALID)) {
    it(`creates a ${provider} number with 201`, async () => {
      const res = await post(body);
      expect(res.status).toBe(201);
      const { twilioAuthToken: _secret, ...visible } = body;
      expect(res.body).toMatchObject({ ...visible, provider, orgId: expect.any(String) });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      expect(res.body.status).toBe(provider === 'vapi' ? 'activating' : 'active');
    });
  }

  it('assigns a vapi number in the desired area code; it reads activating once, then active', async () => {
    const { body } = await post(VALID.vapi);
    expect(body.number).toMatch(/^\+1415555\d{4}$/);
    expect((await call('GET', `/phone-number/${body.id}`)).body.status).toBe('activating');
    expect((await call('GET', `/phone-number/${body.id}`)).body.status).toBe('active');
  });

  it('gives strictly increasing createdAt values', async () => {
    const a = (await post(VALID.vonage)).body;
    const b = (await post({ ...VALID.telnyx })).body;
    expect(Date.parse(b.createdAt)).toBeGreaterThan(Date.parse(a.createdAt));
  });
});

describe('validation', () => {
  const rejects = async (body: unknown, expected: string) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(Array.isArray(res.body.message)).toBe(true);
    expect(messages(res)).toContain(expected);
    expect(fake.numbers()).toHaveLength(0);
  };

  it('rejects unknown properties, top-level and nested', async () => {
    await rejects({ ...VALID.vonage, colour: 'red' }, 'property colour should not exist');
    await rejects(
      { ...VALID.vonage, hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'hi', voice: 'x' }] }] },
      'hooks.0.do.0.property voice should not exist',
    );
    await rejects({ ...VALID.vonage, server: { url: 'https://x', retries: 1 } }, 'server.property retries should not exist');
  });

  it('rejects read-only fields', async () => {
    await rejects({ ...VALID.vonage, id: 'x' }, 'property id should not exist');
    await rejects({ ...VALID.vonage, createdAt: new Date().toISOString() }, 'property createdAt should not exist');
    await rejects({ ...VALID.vonage, status: 'active' }, 'property status should not exist');
  });

  it('rejects bad enum values, wrong types and missing required fields', async () => {
    await rejects({ ...VALID.vonage, provider: 'plivo' }, 'provider must be one of the following values');
    await rejects(
      { ...VALID.vonage, server: { backoffPlan: { type: 'linear', maxRetries: 1, baseDelaySeconds: 1 } } },
      'server.backoffPlan.type must be one of the following values: fixed, exponential',
    );
    await rejects({ ...VALID.vonage, hooks: [{ on: 'call.started', do: [] }] }, 'hooks.0.on must be one of the following values');
    await rejects({ ...VALID.twilio, smsEnabled: 'yes' }, 'smsEnabled must be a boolean value');
    await rejects({ provider: 'twilio', number: '+1' }, 'twilioAccountSid should not be empty');
    await rejects({ provider: 'byo-phone-number' }, 'credentialId should not be empty');
  });

  it('enforces length and range bounds', async () => {
    await rejects({ ...VALID.vonage, name: 'x'.repeat(41) }, 'name must be shorter than or equal to 40 characters');
    await rejects(
      { ...VALID.vapi, numberDesiredAreaCode: '41' },
      'numberDesiredAreaCode must be longer than or equal to 3 characters',
    );
    await rejects(
      { ...VALID.vapi, authentication: { username: 'short', password: 'p'.repeat(20) } },
      'authentication.username must be longer',
    );
    await rejects({ ...VALID.vonage, server: { timeoutSeconds: 301 } }, 'server.timeoutSeconds must not be greater than 300');
    await rejects(
      { ...VALID.vonage, hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'x'.repeat(4001) }] }] },
      'hooks.0.do.0.exact must be shorter than or equal to 4000 characters',
    );
    await rejects(
      {
        ...VALID.vonage,
        hooks: [{ on: 'call.ringing', filters: [{ type: 'startsWith', key: 'number', startsWith: ['1'.repeat(21)] }], do: [] }],
      },
      'hooks.0.filters.0.startsWith.0 must be shorter than or equal to 20 characters',
    );
  });

  it('holds call.ringing to a list of actions and call.ending to a single action', async () => {
    await rejects(
      { ...VALID.vonage, hooks: [{ on: 'call.ringing', do: { type: 'say', exact: 'hi' } }] },
      'hooks.0.do must be an array',
    );
    await rejects(
      { ...VALID.vonage, hooks: [{ on: 'call.ending', do: [{ type: 'say', exact: 'hi' }] }] },
      'hooks.0.do must be an object',
    );
    const hooks = [
      {
        on: 'call.ringing',
        filters: [{ type: 'startsWith', key: 'number', startsWith: ['1415'] }],
        do: [{ type: 'transfer', destination: { type: 'number', number: '+14155550199' } }],
      },
      {
        on: 'call.ending',
        filters: [{ type: 'oneOf', key: 'call.endedReason', oneOf: ['assistant-request-failed'] }],
        do: { type: 'say', exact: 'bye' },
      },
    ];
    expect((await post({ ...VALID.vonage, hooks })).status).toBe(201);
  });
});

describe('get, patch, delete', () => {
  it('patches with the stored provider, clears with null, refuses another provider', async () => {
    const { body: created } = await post({ ...VALID.twilio, assistantId: 'a1' });
    const ok = await call('PATCH', `/phone-number/${created.id}`, { name: 'renamed', assistantId: null });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('renamed');
    expect(ok.body).not.toHaveProperty('assistantId');
    expect(Date.parse(ok.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    const other = await call('PATCH', `/phone-number/${created.id}`, { provider: 'vonage' });
    expect(other.status).toBe(400);
    expect(messages(other)).toContain('provider');
    const bad = await call('PATCH', `/phone-number/${created.id}`, { credentialId: 'c' });
    expect(messages(bad)).toContain('property credentialId should not exist');
    expect((await call('PATCH', `/phone-number/${created.id}`, { name: null })).status).toBe(400);
  });

  it('treats numberDesiredAreaCode as create-only', async () => {
    const { body } = await post(VALID.vapi);
    const res = await call('PATCH', `/phone-number/${body.id}`, { numberDesiredAreaCode: '212' });
    expect(messages(res)).toContain('property numberDesiredAreaCode should not exist');
  });

  it('deletes with 200 and the object, then 404', async () => {
    const { body } = await post(VALID.telnyx);
    const first = await call('DELETE', `/phone-number/${body.id}`);
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(body.id);
    expect((await call('DELETE', `/phone-number/${body.id}`)).status).toBe(404);
    expect((await call('GET', `/phone-number/${body.id}`)).status).toBe(404);
    expect((await call('PATCH', `/phone-number/${body.id}`, { name: 'x' })).status).toBe(404);
  });
});

describe('lists', () => {
  it('returns 100 by default and pages by createdAtLt over 2,500 numbers, each exactly once', async () => {
    for (let i = 0; i < 2500; i++) fake.seedNumber({ provider: 'vonage', name: `n${i}`, number: `+1${i}`, credentialId: 'c' });
    let page = await call('GET', '/phone-number');
    expect(page.body).toHaveLength(100);
    const seen = new Map<string, number>();
    let cursor: string | undefined;
    for (;;) {
      page = await call('GET', `/phone-number${cursor ? `?createdAtLt=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      if (page.body.length === 0) break;
      for (const n of page.body) seen.set(n.id, (seen.get(n.id) ?? 0) + 1);
      cursor = page.body.map((n: { createdAt: string }) => n.createdAt).sort()[0];
    }
    expect(seen.size).toBe(2500);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('rejects unknown query parameters and bad values', async () => {
    expect(messages(await call('GET', '/phone-number?page=2'))).toContain('property page should not exist');
    expect((await call('GET', '/phone-number?limit=1001')).status).toBe(400);
    expect((await call('GET', '/phone-number?limit=ten')).status).toBe(400);
    expect((await call('GET', '/phone-number?createdAtLt=yesterday')).status).toBe(400);
  });

  it('pages /v2/phone-number with metadata and a case-insensitive search', async () => {
    for (let i = 0; i < 25; i++) fake.seedNumber({ provider: 'vonage', name: `Line ${i}`, number: `+1${i}`, credentialId: 'c' });
    const ids: string[] = [];
    for (let p = 1; p <= 3; p++) {
      const res = await call('GET', `/v2/phone-number?page=${p}&limit=10&sortOrder=ASC`);
      expect(res.body.metadata).toMatchObject({
        itemsPerPage: 10,
        totalItems: 25,
        currentPage: p,
        totalPages: 3,
        hasNextPage: p < 3,
      });
      ids.push(...res.body.results.map((n: { id: string }) => n.id));
    }
    expect(new Set(ids).size).toBe(25);
    const search = await call('GET', '/v2/phone-number?search=line%201');
    expect(search.body.results.map((n: { name: string }) => n.name).sort()).toEqual(
      ['Line 1', ...Array.from({ length: 10 }, (_, i) => `Line 1${i}`)].sort(),
    );
  });

  it('lists assistants and squads', async () => {
    const a = fake.seedAssistant('Receptionist');
    fake.seedSquad('Team');
    expect((await call('GET', '/assistant')).body).toEqual([expect.objectContaining(a)]);
    expect((await call('GET', '/squad?limit=1')).body[0].name).toBe('Team');
  });

  it('hides numbers created after setListLag from the next N lists', async () => {
    fake.setListLag(2);
    const { body } = await post(VALID.vonage);
    expect((await call('GET', '/phone-number')).body).toHaveLength(0);
    expect((await call('GET', '/v2/phone-number')).body.results).toHaveLength(0);
    expect((await call('GET', `/phone-number/${body.id}`)).status).toBe(200);
    expect((await call('GET', '/phone-number')).body).toHaveLength(1);
  });
});

describe('org rules', () => {
  it('caps free vapi numbers at five', async () => {
    for (let i = 0; i < 5; i++) expect((await post({ provider: 'vapi', name: `f${i}` })).status).toBe(201);
    const sixth = await post({ provider: 'vapi', name: 'f5' });
    expect(sixth.status).toBe(400);
    expect(messages(sixth)).toMatch(/limit/i);
    expect((await post({ provider: 'vapi', name: 'sip', sipUri: 'sip:a@sip.vapi.ai' })).status).toBe(201);
  });

  it('omits secrets from responses unless returnSecrets, but stores them', async () => {
    const auth = { username: 'u'.repeat(20), password: 'p'.repeat(20) };
    const tw = (await post(VALID.twilio)).body;
    const sip = (await post({ provider: 'vapi', sipUri: 'sip:x@sip.vapi.ai', authentication: auth })).body;
    expect(tw).not.toHaveProperty('twilioAuthToken');
    expect(sip.authentication).toEqual({ username: auth.username });
    const listed = (await call('GET', '/phone-number')).body;
    expect(JSON.stringify(listed)).not.toMatch(/tok|pppp/);
    expect(fake.numbers().find((n) => n.id === tw.id)?.twilioAuthToken).toBe('tok');

    await start({ returnSecrets: true });
    expect((await post(VALID.twilio)).body.twilioAuthToken).toBe('tok');
  });
});
