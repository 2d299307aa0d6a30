// What mutation testing of src/report/scrub.ts found unheld (issue 12, item 6): each test names the
// behaviour a user would see if the scrubber lost it: a secret form left visible, a stray base64
// character next to the mask, ordinary text blanked out, a cut where none was needed, a value only
// the API knew never hidden, or a report that crashes instead of hiding.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { clipScrubbed, scrubError, scrubSecrets, secretsInAnswer, secretsOfPlan } from '../../src/report/scrub.js';
import { base64Inside } from '../helpers/canaries.js';

const toUrlSafe = (base64: string): string => base64.replace(/\+/g, '-').replace(/\//g, '_');

describe('a secret in base64 inside a larger blob', () => {
  // Bytes after the secret with their high bits set: its last base64 character then differs from
  // the one the secret alone would end with, so only the characters that depend on it alone match.
  const AFTER = Buffer.from([0xff, 0xfe, 0xfd]);

  it.each(['key>>>???~', 'p?w>d>?x~~', 'Zq7Xw9-token', 'abcdefgh'])(
    'is replaced exactly: no character that depends only on %j is left next to the mask',
    (secret) => {
      for (let before = 0; before < 6; before++) {
        const bytes = Buffer.concat([Buffer.alloc(before, 0x41), Buffer.from(secret, 'utf8'), AFTER]);
        const middle = base64Inside(secret, before % 3);
        expect(middle.length).toBeGreaterThanOrEqual(8);
        const blob = bytes.toString('base64');
        expect(scrubSecrets(`data:${blob};`, [secret]), `standard, ${before} bytes before`).toBe(
          `data:${blob.replace(middle, '***')};`,
        );
        const url = bytes.toString('base64url');
        expect(scrubSecrets(`data:${url};`, [secret]), `URL-safe, ${before} bytes before`).toBe(
          `data:${url.replace(toUrlSafe(middle), '***')};`,
        );
      }
    },
  );

  it('is hidden when its stable part is exactly 8 characters, and left when it is 7', () => {
    // A 6-byte secret: 8 characters of its own at the start of a 3-byte group, 7 elsewhere.
    const secret = 'Zq7Xw9';
    const at0 = Buffer.from(`abc${secret}xyz`).toString('base64');
    expect(base64Inside(secret, 0)).toHaveLength(8);
    expect(scrubSecrets(at0, [secret])).toBe(at0.replace(base64Inside(secret, 0), '***'));
    const at1 = Buffer.from(`a${secret}xyz`).toString('base64');
    expect(base64Inside(secret, 1)).toHaveLength(7);
    expect(scrubSecrets(at1, [secret])).toBe(at1);
  });

  it('is hidden whole as URL-safe base64 without padding (a JWT part), not leaving its last character', () => {
    // Each has `+` or `/` in its base64 and a length that is not a multiple of 3: the last character
    // mixes in the padding bits, as the standard unpadded form does, and is part of the value.
    for (const secret of ['?????????x', 'tok?en>>>~', 'jwt-secret-??>', 'abc?????']) {
      const url = Buffer.from(secret).toString('base64url');
      expect(url).toMatch(/[-_]/);
      expect(scrubSecrets(`jwt.${url}.sig`, [secret]), secret).toBe('jwt.***.sig');
      const unpadded = Buffer.from(secret).toString('base64').replace(/=+$/, '');
      expect(scrubSecrets(`jwt.${unpadded}.sig`, [secret]), secret).toBe('jwt.***.sig');
    }
  });
});

describe('a secret at the end of a base64 blob', () => {
  it('is hidden to the last character after a Basic auth user of any length (Twilio: `AccountSid:token`)', () => {
    // The user's length sets where the password starts in its 3-byte group; each password is seen
    // here once, as a report would first meet it (forms are cached by value).
    for (let user = 1; user <= 6; user++) {
      for (const tail of ['', '~', '~?']) {
        const password = `pw?>~${user}tok-0020${tail}`;
        const bytes = Buffer.from(`${'u'.repeat(user - 1)}:${password}`);
        const middle = base64Inside(password, user % 3);
        const blob = bytes.toString('base64');
        expect(scrubSecrets(`Authorization: Basic ${blob}`, [password]), password).toBe(
          `Authorization: Basic ${blob.slice(0, blob.indexOf(middle))}***`,
        );
        const url = bytes.toString('base64url');
        const urlAt = url.indexOf(toUrlSafe(middle));
        expect(scrubSecrets(`t=${url}`, [`${password}`]), `${password} URL-safe`).toBe(`t=${url.slice(0, urlAt)}***`);
      }
    }
  });
});

describe('forms of a secret met first in the form being checked (forms are cached by value)', () => {
  it('hides it JSON-escaped with escaped slashes', () => {
    expect(scrubSecrets('{"k":"a\\/b\\"c-0021"}', ['a/b"c-0021'])).toBe('{"k":"***"}');
  });

  it('hides it form-encoded, where a space is `+` and an apostrophe `%27`', () => {
    expect(scrubSecrets('q=it%27s+a+secret-0022&x=1', ["it's a secret-0022"])).toBe('q=***&x=1');
  });

  it('hides it URL-encoded with a space as `%20` when it holds lone surrogates (sent as U+FFFD) and a real pair', () => {
    const secret = 'pa ss\ud800wo\udc00rd \ud83d\ude00\udbff\udfff-0023';
    const sent = encodeURIComponent('pa ss\ufffdwo\ufffdrd \ud83d\ude00\udbff\udfff-0023');
    expect(sent).toContain('%20');
    expect(scrubSecrets(`password=${sent}&user=x`, [secret])).toBe('password=***&user=x');
  });
});

describe('a secret in HTML', () => {
  it('is hidden with `>` escaped, as HTML or as Go escapes JSON', () => {
    const secret = 'hdr>CANARY-0017';
    expect(scrubSecrets('[hdr&gt;CANARY-0017]', [secret])).toBe('[***]');
    expect(scrubSecrets('{"h":"hdr\\u003eCANARY-0017"}', [secret])).toBe('{"h":"***"}');
  });

  it('is hidden whichever way a page template writes its quotes and apostrophes', () => {
    const secret = `q"uo'te&<>-0018`;
    const base = 'q"uo\'te&amp;&lt;&gt;-0018';
    for (const quote of ['"', '&quot;', '&#34;', '&#x22;']) {
      for (const apostrophe of ["'", '&#39;', '&#x27;', '&apos;']) {
        const form = base.replace(/"/g, quote).replace(/'/g, apostrophe);
        expect(scrubSecrets(`<td>${form}</td>`, [secret]), form).toBe('<td>***</td>');
      }
    }
  });
});

describe('ordinary text stays whole', () => {
  it('keeps words that only start like a secret', () => {
    const text = 'see secret-ish, secure and second; se-cret is not it either';
    expect(scrubSecrets(text, ['secret-value-0019'])).toBe(text);
  });

  it('keeps a value under 4 characters even where escaping lengthens it past 4', () => {
    const text = 'a&b, a&amp;b, a%26b, a\\u0026b and YSZi stay';
    expect(scrubSecrets(text, ['a&b'])).toBe(text);
  });

  it('does not throw on a single string given as the secrets: its characters are too short to hide', () => {
    expect(scrubSecrets('abcd efgh', 'abcd' as Iterable<string>)).toBe('abcd efgh');
  });
});

describe('cutting scrubbed text', () => {
  it('leaves a text that fits exactly, with no `...`', () => {
    expect(clipScrubbed('12345', 5)).toBe('12345');
    expect(clipScrubbed('ab ***', 6)).toBe('ab ***');
    expect(clipScrubbed('123456', 5)).toBe('12345...');
  });
});

describe('the secrets an API answer reveals', () => {
  const numbers = [
    { id: 'pn-1', name: 'a', twilioAuthToken: 'tok-live-1111', number: '+14155550100' },
    { id: 'pn-2', authentication: { username: 'user-2222', password: 'sip-pw-2222' }, server: null },
    { id: 'pn-3', server: { url: 'https://hooks.example.com', headers: { authorization: 'Bearer hdr-3333' } } },
  ];
  const all = ['tok-live-1111', 'sip-pw-2222', 'Bearer hdr-3333'];

  it('are found in a list, a `{results}` page and a single number, and nothing else is', () => {
    expect([...secretsInAnswer(numbers)].sort()).toEqual([...all].sort());
    expect([...secretsInAnswer({ results: numbers, metadata: { total: 3 } })].sort()).toEqual([...all].sort());
    expect([...secretsInAnswer(numbers[0])]).toEqual(['tok-live-1111']);
    expect([...secretsInAnswer(numbers[1])]).toEqual(['sip-pw-2222']);
  });

  it('are none for an empty or non-JSON answer, and an empty credential is not one', () => {
    for (const body of [null, undefined, '', 'upstream error', 42]) expect([...secretsInAnswer(body)]).toEqual([]);
    expect([...secretsInAnswer({ id: 'pn-4', twilioAuthToken: '', twilioApiKey: 'SK-4444' })]).toEqual(['SK-4444']);
  });
});

describe('the secrets a plan holds', () => {
  it('are the declared ones and the live ones of every change, also of numbers being deleted', () => {
    const desired = (token: string) => ({
      name: 'n',
      provider: 'twilio' as const,
      fields: { twilioAuthToken: token },
      source: { file: 'vapi-numbers.yml', line: 3, column: 5 },
    });
    const plan: Plan = {
      command: 'apply',
      changes: [
        { action: 'create', name: 'a', desired: desired('new-aaaa'), body: { twilioAuthToken: 'new-aaaa' } },
        {
          action: 'update',
          name: 'b',
          id: 'pn-b',
          desired: desired('new-bbbb'),
          remote: { id: 'pn-b', twilioAuthToken: 'old-bbbb' },
          changes: [],
          body: { twilioAuthToken: 'new-bbbb' },
        },
        { action: 'delete', name: 'c', id: 'pn-c', remote: { id: 'pn-c', twilioApiSecret: 'live-cccc' }, reason: 'pruned' },
        { action: 'absent', name: 'd', desired: desired('decl-dddd') },
        { action: 'fail', name: 'e', message: 'm', hint: 'h', ids: ['pn-e'], remote: { id: 'pn-e', twilioApiKey: 'live-eeee' } },
      ],
    };
    expect([...secretsOfPlan(plan)].sort()).toEqual(['decl-dddd', 'live-cccc', 'live-eeee', 'new-aaaa', 'new-bbbb', 'old-bbbb']);
  });
});

describe('an error thrown out of a run', () => {
  it('is scrubbed even when it has no stack', () => {
    const error = new Error('token sk-live-7777 refused');
    error.stack = undefined;
    expect(scrubError(error, ['sk-live-7777'])).toBe(error);
    expect(error.message).toBe('token *** refused');
    expect(error.stack).toBeUndefined();
  });

  it('is passed on as it is when it is not an Error (a thrown string)', () => {
    expect(scrubError('plain failure', ['sk-live-7777'])).toBe('plain failure');
  });
});
