// exportConfig on hand-made listings: what it leaves out and why, the variable names it derives,
// and that its text always loads with the config loader.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/load.js';
import { exportConfig, type ExportResult } from '../../src/export/export.js';
import type { RemoteNumber } from '../../src/vapi/types.js';
import { tempDir } from '../helpers/temp.js';

const SERVER_FIELDS = {
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
  orgId: 'org-1',
  status: 'active',
};

function listed(id: string, fields: Record<string, unknown>): RemoteNumber {
  return { id, ...SERVER_FIELDS, ...fields };
}

const telnyx = (id: string, name: unknown, extra: Record<string, unknown> = {}): RemoteNumber =>
  listed(id, { provider: 'telnyx', name, number: '+13125550100', credentialId: 'cred-1', ...extra });

function exportOf(numbers: RemoteNumber[], match?: string): ExportResult {
  return exportConfig({ numbers, assistants: [], squads: [], ...(match === undefined ? {} : { match }) });
}

/** Loads the text as `plan` would, with every variable set. */
async function load(result: ExportResult) {
  const workspace = tempDir('vapi-numbers-export-');
  writeFileSync(path.join(workspace, 'vapi-numbers.yml'), result.text);
  const env = Object.fromEntries(result.variables.map((variable) => [variable.name, `value-of-${variable.name}-padded-to-40`]));
  return loadDesiredState({ configPath: 'vapi-numbers.yml', workspace, env });
}

describe('exportConfig leaves out', () => {
  it('a key the config does not know, anywhere, and says which', async () => {
    const result = exportOf([
      telnyx('n1', 'line', {
        server: { url: 'https://example.com/x', addedByTheApi: true },
        hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'Hi', voice: 'new' }] }],
      }),
    ]);
    expect(result.leftOutFields.map(({ field, reason }) => [field, reason])).toEqual([
      ['server.addedByTheApi', 'not a key the config accepts'],
      ['hooks[0].do[0].voice', 'not a key the config accepts'],
    ]);
    const state = await load(result);
    expect(state.numbers[0]?.fields).toEqual({
      number: '+13125550100',
      credentialId: 'cred-1',
      server: { url: 'https://example.com/x' },
      hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'Hi' }] }],
    });
  });

  it('a whole field whose value the loader refuses, and more than one routing target', async () => {
    const result = exportOf([telnyx('n1', 'line', { server: { url: 'ftp://example.com' }, assistantId: 'a1', squadId: 's1' })]);
    expect(result.leftOutFields.map(({ field, reason }) => [field, reason])).toEqual([
      ['assistantId, squadId', expect.stringContaining('more than one routing target')],
      ['server', 'server.url: must be an http:// or https:// URL'],
    ]);
    expect((await load(result)).numbers[0]?.fields).toEqual({ number: '+13125550100', credentialId: 'cred-1' });
    expect(result.text).toContain('#   "line" server: server.url: must be an http:// or https:// URL');
  });

  it('a number whose name is too long, whose provider is unknown, or that lacks a required field', () => {
    const result = exportOf([
      telnyx('n1', 'x'.repeat(41)),
      listed('n2', { name: 'fax', provider: 'fax-machine' }),
      listed('n3', { name: 'old' }),
      listed('n4', { name: 'no-sid', provider: 'twilio', number: '+14155550100' }),
    ]);
    expect(result.numbers).toEqual([]);
    expect(result.leftOut.map(({ name, reason }) => [name, reason])).toEqual([
      ['fax', 'its provider "fax-machine" is not one the config knows'],
      ['no-sid', 'twilioAccountSid: missing, and the config requires it'],
      ['old', 'the API did not say its provider'],
      ['x'.repeat(41), 'its name has 41 characters; a config name has at most 40'],
    ]);
  });

  it('numbers without a name only when no glob is given: a glob selects names', () => {
    const numbers = [telnyx('n1', undefined), telnyx('n2', ''), telnyx('n3', null), telnyx('n4', 'acme-1')];
    expect(exportOf(numbers).leftOut.map((left) => left.ids)).toEqual([['n1'], ['n2'], ['n3']]);
    expect(exportOf(numbers, 'acme-*').leftOut).toEqual([]);
    expect(exportOf(numbers, 'acme-*').numbers.map((number) => number.name)).toEqual(['acme-1']);
  });
});

describe('exportConfig variable names', () => {
  it('are upper-case, valid for GitHub secrets, and unique however the names collide', () => {
    const token = { provider: 'twilio', number: '+14155550100', twilioAccountSid: 'AC1', twilioAuthToken: 'secret-token' };
    const result = exportOf([
      listed('n1', { ...token, name: 'acme main' }),
      listed('n2', { ...token, name: 'acme-main' }),
      listed('n3', { ...token, name: '1st line' }),
      listed('n4', { ...token, name: 'github line' }),
      listed('n5', { ...token, name: 'Café' }),
      listed('n6', { ...token, name: '支持' }),
      telnyx('n7', 'hooked', { server: { headers: { 'X-Api-Key': 'k1', x_api_key: 'k2', '': 'k3' } } }),
    ]);
    expect(result.variables.map((variable) => variable.name)).toEqual([
      // Sorted by name in code units: digits, then capitals, then small letters, then the rest.
      'VAPI_1ST_LINE_TWILIO_AUTH_TOKEN',
      'CAFE_TWILIO_AUTH_TOKEN',
      'ACME_MAIN_TWILIO_AUTH_TOKEN',
      'ACME_MAIN_TWILIO_AUTH_TOKEN_2',
      'VAPI_GITHUB_LINE_TWILIO_AUTH_TOKEN',
      'HOOKED_SERVER_HEADER_X_API_KEY',
      'HOOKED_SERVER_HEADER_X_API_KEY_2',
      'HOOKED_SERVER_HEADER',
      'NUMBER_TWILIO_AUTH_TOKEN',
    ]);
    for (const variable of result.variables) expect(variable.name).toMatch(/^(?!GITHUB_)[A-Z_][A-Z0-9_]*$/);
    expect(result.text).not.toContain('secret-token');
  });

  it('stand even for a secret the API withheld, which the loader needs', async () => {
    const result = exportOf([
      listed('n1', { provider: 'twilio', name: 'token', number: '+14155550100', twilioAccountSid: 'AC1' }),
      listed('n2', { provider: 'twilio', name: 'key', number: '+14155550101', twilioAccountSid: 'AC1', twilioApiKey: 'SK1' }),
      listed('n3', {
        provider: 'vapi',
        name: 'sip',
        sipUri: 'sip:a@b.c',
        authentication: { username: 'user-name-of-twenty-chars' },
      }),
    ]);
    expect(result.variables.map(({ name, withheld }) => [name, withheld])).toEqual([
      ['KEY_TWILIO_API_KEY', false],
      ['KEY_TWILIO_API_SECRET', true],
      ['SIP_SIP_PASSWORD', true],
      ['TOKEN_TWILIO_AUTH_TOKEN', true],
    ]);
    expect((await load(result)).numbers.map((number) => number.name)).toEqual(['key', 'sip', 'token']);
  });
});

describe('exportConfig text', () => {
  it('reads back exactly: quoted numbers, `${` in text, odd names, one comment line per left-out number', async () => {
    const names = ['${HOME}', '0412', 'yes', ' spaced ', '#hash: x', 'line\nbreak', 'sep\u2028arator'];
    const result = exportOf([
      ...names.map((name, index) => telnyx(`n${index}`, name, { number: `+1312555010${index}` })),
      telnyx('d1', 'dup\nname'),
      telnyx('d2', 'dup\nname'),
    ]);
    const state = await load(result);
    expect(state.numbers.map((number) => number.name).sort()).toEqual([...names].sort());
    expect(state.numbers.every((number) => typeof number.fields['number'] === 'string')).toBe(true);
    const comment = result.text.slice(0, result.text.indexOf('\n\nversion: 1')).split('\n');
    expect(comment.every((line) => line.startsWith('#'))).toBe(true);
    expect(comment.filter((line) => line.includes('dup\\nname'))).toHaveLength(1);
  });

  it('is the same whatever order the API listed the numbers in', () => {
    const numbers = ['b', 'a', 'c', 'a'].map((name, index) => telnyx(`n${index}`, name));
    expect(exportOf([...numbers].reverse()).text).toBe(exportOf(numbers).text);
    expect(exportOf(numbers).numbers.map((number) => number.name)).toEqual(['b', 'c']);
  });
});
