// A twilio number authenticates with `twilioAuthToken`, or with `twilioApiKey` and `twilioApiSecret`
// together; anything less is refused before any request, at the entry, naming what is missing.
import { describe, expect, it } from 'vitest';
import { load, problemsOf, yamlLines } from './config-helpers.js';

const env = { TOKEN: 'token-value', KEY: 'SK0123', SECRET: 'api-secret-value' };

function twilio(...credentials: string[]): string {
  return yamlLines(
    'version: 1',
    'numbers:',
    '  - name: Main',
    '    provider: twilio',
    '    number: "+14155550100"',
    '    twilioAccountSid: AC0123',
    ...credentials,
  );
}

describe('twilio credentials', () => {
  it('refuses a twilio number with no credential at all, at the entry', async () => {
    const problems = await problemsOf({ config: twilio(), env });
    expect(problems).toEqual([
      {
        file: 'vapi-numbers.yml',
        line: 3,
        column: 5,
        path: 'numbers[0].twilioAuthToken',
        message: 'missing twilio credentials: set `twilioAuthToken`, or both `twilioApiKey` and `twilioApiSecret`',
        hint: 'add twilioAuthToken: ${TWILIO_AUTH_TOKEN} here or under `defaults:`',
      },
    ]);
  });

  it('counts a credential declared empty (null) as none', async () => {
    const problems = await problemsOf({ config: twilio('    twilioAuthToken: null'), env });
    expect(problems.map((problem) => problem.path)).toEqual(['numbers[0].twilioAuthToken']);
  });

  it('names the missing half of an API key pair, either way round', async () => {
    const keyAlone = await problemsOf({ config: twilio('    twilioApiKey: ${KEY}'), env });
    expect(keyAlone).toEqual([
      expect.objectContaining({
        line: 7,
        column: 5,
        path: 'numbers[0].twilioApiKey',
        message: '`twilioApiKey` needs `twilioApiSecret` too',
      }),
    ]);
    const secretAlone = await problemsOf({ config: twilio('    twilioApiSecret: ${SECRET}'), env });
    expect(secretAlone).toEqual([
      expect.objectContaining({
        line: 7,
        path: 'numbers[0].twilioApiSecret',
        message: '`twilioApiSecret` needs `twilioApiKey` too',
      }),
    ]);
  });

  it('accepts the auth token, here or from defaults, and the API key pair', async () => {
    const token = await load({ config: twilio('    twilioAuthToken: ${TOKEN}'), env });
    expect(token.numbers[0]?.fields['twilioAuthToken']).toBe('token-value');
    const pair = await load({ config: twilio('    twilioApiKey: ${KEY}', '    twilioApiSecret: ${SECRET}'), env });
    expect(pair.numbers[0]?.fields).toMatchObject({ twilioApiKey: 'SK0123', twilioApiSecret: 'api-secret-value' });
    const fromDefaults = await load({
      config: yamlLines(
        'version: 1',
        'defaults:',
        '  twilioAuthToken: ${TOKEN}',
        'numbers:',
        '  - name: Main',
        '    provider: twilio',
        '    number: "+14155550100"',
        '    twilioAccountSid: AC0123',
      ),
      env,
    });
    expect(fromDefaults.numbers[0]?.fields['twilioAuthToken']).toBe('token-value');
  });

  it('asks nothing of the other providers', async () => {
    const state = await load({
      numbers: yamlLines(
        '- name: Free',
        '  provider: vapi',
        '- name: Imported',
        '  provider: vonage',
        '  number: "+442071838750"',
        '  credentialId: cred-1',
      ),
    });
    expect(state.numbers.map((number) => number.name)).toEqual(['Free', 'Imported']);
  });
});
