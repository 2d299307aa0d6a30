// A secret is hidden in every form a report or an error can quote it in: as written, JSON-escaped,
// URL-encoded (also when it holds a lone surrogate, which encodeURIComponent refuses) and base64,
// with or without padding; and in a thrown error's message and stack. Values shorter than four
// characters are left alone, as the runner's own masker leaves them: they would blank out words.
import { afterEach, describe, expect, it } from 'vitest';
import { scrubError, scrubSecrets } from '../../src/report/scrub.js';
import { startWorld, API_KEY, type World } from '../helpers/engine.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('scrubSecrets', () => {
  const SECRET = 'tok"en\\with/odd chars&=+';

  it('hides the secret as written, JSON-escaped, URL-encoded and base64 (padded or not)', () => {
    const forms = {
      raw: SECRET,
      json: JSON.stringify(SECRET).slice(1, -1),
      url: encodeURIComponent(SECRET),
      base64: base64(SECRET),
      base64Unpadded: base64(SECRET).replace(/=+$/, ''),
    };
    for (const [name, form] of Object.entries(forms)) {
      // Quoted inside other text, as an error message or a nested JSON document would hold it.
      const scrubbed = scrubSecrets(`before ${name}=${form}; after`, [SECRET]);
      expect(scrubbed, name).toBe(`before ${name}=***; after`);
    }
  });

  it('hides the unpadded base64 of a value whose base64 ends in "=="', () => {
    const secret = 'seven-7'; // 7 bytes: base64 ends in "="; 'ABCDEFGHIJ' (10 bytes) ends in "=="
    for (const value of [secret, 'ABCDEFGHIJ']) {
      const unpadded = base64(value).replace(/=+$/, '');
      expect(base64(value)).toMatch(/=$/);
      expect(scrubSecrets(`jwt.${unpadded}.sig`, [value])).toBe('jwt.***.sig');
      expect(scrubSecrets(`b64:${base64(value)}`, [value])).toBe('b64:***');
    }
  });

  it('hides the URL form of a secret holding lone surrogates (sent as U+FFFD), keeping real pairs', () => {
    // Real pairs (an emoji, U+10FFFF at the top of the range), a lone high and a lone low surrogate.
    const secret = 'pa\ud83d\ude00\udbff\udfffss\ud800wo\udc00rd';
    const sent = encodeURIComponent('pa\ud83d\ude00\udbff\udfffss\ufffdwo\ufffdrd');
    expect(scrubSecrets(`password=${sent}&user=x`, [secret])).toBe('password=***&user=x');
  });

  it('hides a 4-character secret and leaves 3-character values alone', () => {
    expect(scrubSecrets('key abcd, word abc', ['abcd'])).toBe('key ***, word abc');
    expect(scrubSecrets('key abcd, word abc', ['abc'])).toBe('key abcd, word abc');
  });
});

describe('scrubError', () => {
  it('hides the secrets in the message and the stack, keeping the class and its fields', () => {
    class ApiError extends Error {
      status = 400;
    }
    const error = new ApiError('rejected token sk-live-123456 for user');
    expect(error.stack).toContain('sk-live-123456'); // formatted now, as logging it would
    const same = scrubError(error, ['sk-live-123456']);
    expect(same).toBe(error);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('rejected token *** for user');
    expect(error.stack).toContain('rejected token *** for user');
    expect(error.stack).not.toContain('sk-live-123456');
  });
});

describe('a run that stops on an API error quoting secrets', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('throws an error whose message and stack hold no secret of the run', async () => {
    const TOKEN = 'config-token-canary-4444';
    world = await startWorld();
    world.writeConfig(
      [
        'version: 1',
        'numbers:',
        '  - name: support',
        '    provider: twilio',
        '    number: "+14155550100"',
        '    twilioAccountSid: AC00000000000000000000000000000001',
        '    twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
        '',
      ].join('\n'),
    );
    // The listing fails with a message quoting the API key and the config's token.
    world.fake.injectFault({
      method: 'GET',
      path: '/phone-number',
      kind: 'status-before',
      status: 400,
      message: `bad request for key ${API_KEY} and token ${TOKEN}`,
    });
    const error = await world.engine({}, { TWILIO_AUTH_TOKEN: TOKEN }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const { message, stack } = error as Error;
    expect(message).toContain('bad request for key');
    for (const text of [message, stack ?? '']) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(TOKEN);
    }
    expect(message).toContain('***');
  });
});
