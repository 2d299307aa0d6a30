// Valid configs: what loadDesiredState returns for them.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/load.js';
import { load, yamlLines } from './config-helpers.js';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

const fixtureEnv = {
  TWILIO_ACCOUNT_SID: 'AC0123456789',
  TWILIO_AUTH_TOKEN: 'twilio-token-value',
  SIP_PASSWORD: 'sip-password-of-24-chars',
  VONAGE_CREDENTIAL_ID: 'cred-vonage',
  HOOK_TOKEN: 'hook-token-value',
};

describe('one number per provider', () => {
  it('parses every provider with hooks into DesiredNumbers', async () => {
    const state = await loadDesiredState({ configPath: 'all-providers.yml', workspace: fixtures, env: fixtureEnv });
    const at = (line: number) => ({ file: 'all-providers.yml', line, column: 5 });
    expect(state.numbers).toEqual([
      {
        name: 'Main Support Line',
        provider: 'twilio',
        assistantName: 'Support Bot',
        routingSource: { file: 'all-providers.yml', line: 7, column: 3, path: 'defaults.assistant' },
        fields: {
          twilioAccountSid: 'AC0123456789',
          twilioAuthToken: 'twilio-token-value',
          number: '+14155550100',
          smsEnabled: false,
          hooks: [
            {
              on: 'call.ringing',
              do: [{ type: 'say', exact: 'Please hold while we connect you.' }],
              filters: [{ type: 'startsWith', key: 'number', startsWith: ['1415', '1650'] }],
            },
          ],
        },
        source: at(9),
      },
      {
        name: 'Sales',
        provider: 'vapi',
        squadName: 'Sales Squad',
        routingSource: { file: 'all-providers.yml', line: 24, column: 5, path: 'numbers[1].squad' },
        fields: {
          numberDesiredAreaCode: '212',
          authentication: { username: 'sales-sip-user-0000001', password: 'sip-password-of-24-chars' },
          hooks: [
            {
              on: 'call.ending',
              do: { type: 'transfer', destination: { type: 'number', number: '+14155550199', extension: '12' } },
              filters: [
                {
                  type: 'oneOf',
                  key: 'call.endedReason',
                  oneOf: ['assistant-request-failed', 'assistant-request-returned-error'],
                },
              ],
            },
          ],
        },
        source: at(21),
      },
      {
        name: 'Vonage Line',
        provider: 'vonage',
        fields: {
          number: '+442071838750',
          credentialId: 'cred-vonage',
          workflowId: 'wf-123',
          hooks: [
            { on: 'call.ringing', do: [{ type: 'transfer', destination: { type: 'sip', sipUri: 'sip:desk@example.com' } }] },
          ],
        },
        source: at(40),
      },
      {
        name: 'Telnyx Line',
        provider: 'telnyx',
        assistantName: 'Support Bot',
        routingSource: { file: 'all-providers.yml', line: 7, column: 3, path: 'defaults.assistant' },
        fields: {
          number: '+13125550123',
          credentialId: 'cred-telnyx',
          server: {
            url: 'https://hooks.example.com/vapi',
            timeoutSeconds: 20,
            headers: { Authorization: 'Bearer hook-token-value' },
            backoffPlan: { type: 'exponential', maxRetries: 3, baseDelaySeconds: 1 },
          },
          hooks: [],
        },
        source: at(50),
      },
      {
        name: 'Office PBX',
        provider: 'byo-phone-number',
        fields: {
          number: '1001',
          credentialId: 'cred-byo',
          numberE164CheckEnabled: false,
          assistantId: null,
          fallbackDestination: { type: 'sip', sipUri: 'sip:reception@pbx.example.com', message: 'Connecting you to reception.' },
          hooks: [{ on: 'call.ending', do: { type: 'say', exact: 'Costs $5 or ${PRICE}, sorry.' } }],
        },
        source: at(61),
      },
    ]);
    expect(state.prune).toEqual({ match: ['acme-*', 'pr-{pr}-*'], protect: ['acme-main'] });
    expect(state.label).toBe('all-providers.yml');
  });

  it('collects every secret value, and the bare variables inside them, for masking', async () => {
    const state = await loadDesiredState({ configPath: 'all-providers.yml', workspace: fixtures, env: fixtureEnv });
    expect(new Set(state.secrets)).toEqual(
      new Set(['twilio-token-value', 'sip-password-of-24-chars', 'Bearer hook-token-value', 'hook-token-value']),
    );
  });
});

describe('defaults', () => {
  it('merges under each number: the number wins, routing is replaced whole, other providers’ fields do not apply', async () => {
    const state = await load({
      config: yamlLines(
        'version: 1',
        'defaults:',
        '  provider: twilio',
        '  twilioAccountSid: AC1',
        '  twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
        '  smsEnabled: false',
        '  assistant: Support Bot',
        'numbers:',
        '  - name: Default Routing',
        '    number: "+14155550100"',
        '  - name: Own Routing',
        '    number: "+14155550101"',
        '    smsEnabled: true',
        '    squadId: squad-1',
        '  - name: Free Number',
        '    provider: vapi',
      ),
      env: { TWILIO_AUTH_TOKEN: 'token' },
    });
    expect(state.numbers.map(({ name, provider, fields, assistantName }) => ({ name, provider, fields, assistantName }))).toEqual(
      [
        {
          name: 'Default Routing',
          provider: 'twilio',
          fields: { twilioAccountSid: 'AC1', twilioAuthToken: 'token', smsEnabled: false, number: '+14155550100' },
          assistantName: 'Support Bot',
        },
        {
          name: 'Own Routing',
          provider: 'twilio',
          fields: {
            twilioAccountSid: 'AC1',
            twilioAuthToken: 'token',
            smsEnabled: true,
            number: '+14155550101',
            squadId: 'squad-1',
          },
          assistantName: undefined,
        },
        { name: 'Free Number', provider: 'vapi', fields: {}, assistantName: 'Support Bot' },
      ],
    );
  });

  it('keeps null (declared empty), including an empty value', async () => {
    const state = await load({
      config: yamlLines('version: 1', 'numbers:', '  - name: Bare', '    provider: vapi', '    assistantId: null', '    server:'),
    });
    expect(state.numbers[0]?.fields).toEqual({ assistantId: null, server: null });
  });
});

describe('interpolation', () => {
  it('substitutes variables in any string and writes $${ as a literal ${', async () => {
    const state = await load({
      config: yamlLines(
        'version: 1',
        'numbers:',
        '  - name: ${PREFIX}-support',
        '    provider: vapi',
        '    sipUri: sip:$${user}@${HOST}',
      ),
      env: { PREFIX: 'pr-42', HOST: 'example.com' },
    });
    expect(state.numbers[0]).toMatchObject({ name: 'pr-42-support', fields: { sipUri: 'sip:${user}@example.com' } });
  });
});

describe('the numbers input', () => {
  it('accepts literal secrets, masks them, and follows the file’s numbers under its defaults', async () => {
    const state = await load({
      config: yamlLines(
        'version: 1',
        'defaults:',
        '  provider: twilio',
        '  twilioAccountSid: AC1',
        'numbers:',
        '  - name: Main',
        '    number: "+14155550100"',
        '    twilioApiKey: ${TWILIO_API_KEY}',
        '    twilioApiSecret: ${TWILIO_API_SECRET}',
      ),
      env: { TWILIO_API_KEY: 'SK1', TWILIO_API_SECRET: 'api-secret' },
      numbers: yamlLines('- name: pr-7-support', '  number: "+14155550102"', '  twilioAuthToken: literal-from-workflow-secret'),
    });
    expect(state.numbers.map((number) => [number.name, number.source.file, number.source.line])).toEqual([
      ['Main', 'vapi-numbers.yml', 6],
      ['pr-7-support', 'numbers input', 1],
    ]);
    expect(state.numbers[1]?.fields).toEqual({
      twilioAccountSid: 'AC1',
      number: '+14155550102',
      twilioAuthToken: 'literal-from-workflow-secret',
    });
    expect(state.secrets).toEqual(['SK1', 'api-secret', 'literal-from-workflow-secret']);
    expect(state.label).toBe('vapi-numbers.yml + numbers input');
  });

  it('works alone, with no prune rules', async () => {
    const state = await load({ numbers: '[{ name: preview, provider: vapi }]' });
    expect(state).toEqual({
      numbers: [{ name: 'preview', provider: 'vapi', fields: {}, source: { file: 'numbers input', line: 1, column: 2 } }],
      prune: { match: [], protect: [] },
      secrets: [],
      label: 'numbers input',
      warnings: [],
    });
  });
});

describe('size', () => {
  it('loads 1,000 numbers well under a second', async () => {
    const lines = [
      'version: 1',
      'defaults:',
      '  provider: twilio',
      '  twilioAccountSid: ${SID}',
      '  twilioAuthToken: ${TOKEN}',
      'numbers:',
    ];
    for (let index = 0; index < 1000; index++) {
      lines.push(
        `  - name: line-${index}`,
        `    number: "+1415555${String(index).padStart(4, '0')}"`,
        '    assistant: Support Bot',
        '    hooks:',
        '      - on: call.ringing',
        '        do: [{ type: say, exact: Hello }]',
        '        filters: [{ type: startsWith, key: number, startsWith: ["1415"] }]',
      );
    }
    const started = performance.now();
    const state = await load({ config: yamlLines(...lines), env: { SID: 'AC1', TOKEN: 'secret-token' } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(state.numbers).toHaveLength(1000);
  });
});
