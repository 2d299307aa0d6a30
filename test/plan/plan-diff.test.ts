import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/api-fields.js';
import type { DesiredNumber } from '../../src/config/types.js';
import { createBody, diffNumber } from '../../src/plan/diff.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

function declared(provider: Provider, fields: Record<string, unknown>, name = 'Main'): DesiredNumber {
  return { name, provider, fields, source: { file: 'vapi-numbers.yml', line: 3, column: 5 } };
}

function live(fields: Partial<RemoteNumber>): RemoteNumber {
  return { id: 'pn-1', name: 'Main', orgId: 'org-1', createdAt: '2025-01-01T00:00:00Z', ...fields };
}

const hooks = [
  { on: 'call.ringing', do: [{ type: 'say', exact: 'Please hold.' }] },
  { on: 'call.ending', do: { type: 'transfer', destination: { type: 'number', number: '+14155550199' } } },
];

describe('createBody', () => {
  it('sends provider, name and every declared field, without nulls', () => {
    const desired = declared('vapi', {
      numberDesiredAreaCode: '212',
      assistantId: 'asst-1',
      squadId: null,
      server: { url: 'https://example.com/hook', credentialId: null },
      hooks,
    });
    expect(createBody(desired)).toEqual({
      provider: 'vapi',
      name: 'Main',
      numberDesiredAreaCode: '212',
      assistantId: 'asst-1',
      server: { url: 'https://example.com/hook' },
      hooks,
    });
  });
});

describe('diffNumber', () => {
  it('reports nothing when every declared field matches, ignoring undeclared ones', () => {
    const desired = declared('twilio', { number: '+14155550100', twilioAccountSid: 'AC1', assistantId: 'asst-1' });
    const remote = live({
      provider: 'twilio',
      number: '+14155550100',
      twilioAccountSid: 'AC1',
      assistantId: 'asst-1',
      squadId: 'sq-9',
    });
    expect(diffNumber(desired, remote)).toEqual({ changes: [], body: {} });
  });

  it('patches only the changed declared top-level fields', () => {
    const desired = declared('twilio', { number: '+14155550100', assistantId: 'asst-2', smsEnabled: false });
    const remote = live({ provider: 'twilio', number: '+14155550100', assistantId: 'asst-1', smsEnabled: true });
    expect(diffNumber(desired, remote)).toEqual({
      changes: [
        {
          field: 'assistantId',
          from: 'asst-1',
          to: 'asst-2',
          secret: false,
          leaves: [{ path: 'assistantId', secret: false, old: 'asst-1', new: 'asst-2' }],
        },
        {
          field: 'smsEnabled',
          from: true,
          to: false,
          secret: false,
          leaves: [{ path: 'smsEnabled', secret: false, old: true, new: false }],
        },
      ],
      body: { assistantId: 'asst-2', smsEnabled: false },
    });
  });

  it('reads null as "must be empty": missing, null and [] all satisfy it', () => {
    const desired = declared('vapi', { assistantId: null, hooks: null, squadId: null });
    expect(diffNumber(desired, live({ provider: 'vapi', hooks: [], squadId: null }))).toEqual({ changes: [], body: {} });
    const result = diffNumber(desired, live({ provider: 'vapi', assistantId: 'asst-1' }));
    expect(result).toEqual({
      changes: [
        {
          field: 'assistantId',
          from: 'asst-1',
          to: null,
          secret: false,
          leaves: [{ path: 'assistantId', secret: false, old: 'asst-1', new: null }],
        },
      ],
      body: { assistantId: null },
    });
  });

  it('reads a declared [] like null', () => {
    expect(diffNumber(declared('vapi', { hooks: [] }), live({ provider: 'vapi' }))).toEqual({ changes: [], body: {} });
    const result = diffNumber(declared('vapi', { hooks: [] }), live({ provider: 'vapi', hooks }));
    expect(result).toMatchObject({ body: { hooks: [] } });
  });

  it('compares hooks as a whole list, in order', () => {
    const desired = declared('vapi', { hooks });
    expect(diffNumber(desired, live({ provider: 'vapi', hooks }))).toEqual({ changes: [], body: {} });
    const reversed = live({ provider: 'vapi', hooks: [...hooks].reverse() });
    expect(diffNumber(desired, reversed)).toMatchObject({ changes: [{ field: 'hooks' }], body: { hooks } });
    const shorter = live({ provider: 'vapi', hooks: hooks.slice(0, 1) });
    expect(diffNumber(desired, shorter)).toMatchObject({ changes: [{ field: 'hooks', to: hooks }] });
  });

  it('converges when the API adds defaults to nested objects', () => {
    const server = { url: 'https://example.com/hook' };
    const fallbackDestination = { type: 'number', number: '+14155550199' };
    const desired = declared('vapi', { server, fallbackDestination, hooks });
    const remote = live({
      provider: 'vapi',
      server: { url: 'https://example.com/hook', timeoutSeconds: 20 },
      fallbackDestination: { ...fallbackDestination, numberE164CheckEnabled: true },
      hooks: hooks.map((hook) => ({ ...hook, filters: [] })),
    });
    expect(diffNumber(desired, remote)).toEqual({ changes: [], body: {} });
  });

  it('sends a changed nested object whole, as declared', () => {
    const server = { url: 'https://example.com/new', timeoutSeconds: null };
    const remote = live({ provider: 'vapi', server: { url: 'https://example.com/old', timeoutSeconds: 20 } });
    expect(diffNumber(declared('vapi', { server }), remote)).toEqual({
      changes: [
        {
          field: 'server',
          from: remote['server'],
          to: server,
          secret: false,
          leaves: [
            { path: 'server.url', secret: false, old: 'https://example.com/old', new: 'https://example.com/new' },
            { path: 'server.timeoutSeconds', secret: false, old: 20, new: null },
          ],
        },
      ],
      body: { server },
    });
  });

  it('treats a secret the API does not return as equal', () => {
    const desired = declared('twilio', {
      number: '+14155550100',
      twilioAuthToken: 'token-1',
      server: { url: 'https://example.com', headers: { Authorization: 'Bearer x' } },
    });
    const remote = live({ provider: 'twilio', number: '+14155550100', server: { url: 'https://example.com' } });
    expect(diffNumber(desired, remote)).toEqual({ changes: [], body: {} });
    const nulled = live({ provider: 'twilio', number: '+14155550100', twilioAuthToken: null });
    expect(diffNumber(declared('twilio', { twilioAuthToken: 'token-1' }), nulled)).toEqual({ changes: [], body: {} });
  });

  it('flags a returned secret that differs', () => {
    const desired = declared('twilio', { number: '+14155550100', twilioAuthToken: 'token-2' });
    const remote = live({ provider: 'twilio', number: '+14155550100', twilioAuthToken: 'token-1' });
    expect(diffNumber(desired, remote)).toEqual({
      changes: [
        {
          field: 'twilioAuthToken',
          from: 'token-1',
          to: 'token-2',
          secret: true,
          leaves: [{ path: 'twilioAuthToken', secret: true }],
        },
      ],
      body: { twilioAuthToken: 'token-2' },
    });
  });

  it('flags a whole object as secret when anything inside it is', () => {
    const authentication = { username: 'sip-user-0123456789ab', password: 'sip-pass-0123456789ab' };
    const remote = live({ provider: 'vapi', authentication: { username: 'other-user-0123456789' } });
    expect(diffNumber(declared('vapi', { authentication }), remote)).toMatchObject({
      changes: [{ field: 'authentication', secret: true }],
    });
    const server = { url: 'https://example.com/new', headers: { 'X-Token': 't' } };
    const withHeaders = live({ provider: 'vapi', server: { url: 'https://example.com/old', headers: { 'X-Token': 't' } } });
    expect(diffNumber(declared('vapi', { server }), withHeaders)).toMatchObject({ changes: [{ field: 'server', secret: true }] });
  });

  it('never compares or sends numberDesiredAreaCode on update', () => {
    const remote = live({ provider: 'vapi', number: '+13125550100' });
    expect(diffNumber(declared('vapi', { numberDesiredAreaCode: '212' }), remote)).toEqual({ changes: [], body: {} });
  });

  it('refuses a provider change with a hint on how to replace the number', () => {
    const result = diffNumber(declared('vapi', {}), live({ provider: 'twilio', number: '+14155550100' }));
    expect(result).toMatchObject({ error: expect.stringMatching(/twilio number.*cannot become a vapi number/) });
    expect('hint' in result && result.hint).toMatch(/another name.*delete/);
  });

  it('refuses to change the number of an imported line', () => {
    const desired = declared('twilio', { number: '+14155550101', assistantId: 'asst-2' });
    const result = diffNumber(desired, live({ provider: 'twilio', number: '+14155550100', assistantId: 'asst-1' }));
    expect(result).toMatchObject({ error: expect.stringMatching(/\+14155550100.*\+14155550101/), hint: expect.any(String) });
  });

  it('does not refuse a number whose provider the API left out', () => {
    const result = diffNumber(declared('vapi', { assistantId: 'a' }), live({ assistantId: 'a' }));
    expect(result).toEqual({ changes: [], body: {} });
  });
});
