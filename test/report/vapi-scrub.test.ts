// Scrubbing before anything is cut (issue 12, item 1): the forms a secret takes, base64 at every
// alignment, the minimum lengths that keep ordinary text whole, cuts that never split a `***`,
// and the transport applying the run's growing set of secrets to every answer before any cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipScrubbed, createScrubber, scrubSecrets, secretForms } from '../../src/report/scrub.js';
import { VapiApiError, createVapiClient } from '../../src/vapi/client.js';
import { ENCODINGS, base64Inside, findFragments } from '../helpers/canaries.js';
import { assertReplayable } from '../helpers/replay.js';
import { useScriptedServers } from '../helpers/scripted-server.js';

const SECRET = 'hdr"Q\\B<C&D\'E/tok+en 0015';
const servers = useScriptedServers();

describe('the forms of a secret', () => {
  it.each(Object.entries(ENCODINGS))('hides it %s', (_name, encode) => {
    const text = `before ${encode(SECRET)} after`;
    expect(scrubSecrets(text, [SECRET])).toBe('before *** after');
  });

  it.each([
    ['Go-escaped JSON', JSON.stringify(SECRET).slice(1, -1).replace(/</g, '\\u003c').replace(/&/g, '\\u0026')],
    ['JSON with escaped slashes', JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/')],
    ['URL-safe base64', Buffer.from(SECRET).toString('base64url')],
    [
      'HTML with &#x27; and &#34;',
      SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#x27;').replace(/"/g, '&#34;'),
    ],
  ])('hides it as %s', (_name, form) => {
    expect(scrubSecrets(`[${form}]`, [SECRET])).toBe('[***]');
  });

  it('hides it in base64 wherever it sits in a larger blob, at all three alignments', async () => {
    await assertReplayable(
      fc.property(
        fc.string({ minLength: 6, maxLength: 40 }),
        fc.uint8Array({ maxLength: 7 }),
        fc.uint8Array({ maxLength: 7 }),
        (secret, before, after) => {
          const blob = Buffer.concat([Buffer.from(before), Buffer.from(secret, 'utf8'), Buffer.from(after)]).toString('base64');
          const middle = base64Inside(secret, before.length % 3);
          fc.pre(middle.length >= 8);
          expect(scrubSecrets(blob, [secret])).not.toContain(middle);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps ordinary text whole: no secret under 4 characters, no base64 piece under 8', () => {
    expect(scrubSecrets('the key abc is short', ['abc'])).toBe('the key abc is short');
    // 'test' in base64 is 'dGVzdA': six characters could be part of anything, so they stay.
    expect(scrubSecrets('a test of dGVzdA and dGVzdA==', ['test'])).toBe('a *** of dGVzdA and dGVzdA==');
    expect(secretForms('test').every((form) => form.length >= 4)).toBe(true);
    const prose = 'The quick brown fox jumps over the lazy dog, 0123456789 times; Content-Type: application/json.';
    expect(scrubSecrets(prose, ['hunter2hunter2', 'p@ss w0rd&<x>'])).toBe(prose);
  });

  it('replaces overlapping and touching secrets as one mask, leaving no piece of either', () => {
    expect(scrubSecrets('[abcdefgh]', ['abcd', 'bcdefgh'])).toBe('[***]');
    expect(scrubSecrets('[abcdwxyz]', ['abcd', 'wxyz'])).toBe('[***]');
    expect(scrubSecrets('abcd and abcd', ['abcd'])).toBe('*** and ***');
  });

  it('builds the forms of a secret once, and sees secrets added to a set later', () => {
    expect(secretForms(SECRET)).toBe(secretForms(SECRET));
    const secrets = new Set<string>(['first-secret']);
    const scrub = createScrubber(secrets);
    expect(scrub('first-secret second-secret')).toBe('*** second-secret');
    secrets.add('second-secret');
    expect(scrub('first-secret second-secret')).toBe('*** ***');
  });
});

describe('cutting scrubbed text', () => {
  it('never splits a ***, nor a surrogate pair', () => {
    expect(clipScrubbed('abc *** def', 5)).toBe('abc ...');
    expect(clipScrubbed('abc *** def', 6)).toBe('abc ...');
    expect(clipScrubbed('abc *** def', 7)).toBe('abc ***...');
    expect(clipScrubbed('ab😀cd', 3)).toBe('ab...');
    expect(clipScrubbed('short', 10)).toBe('short');
  });
});

describe('the transport scrubs every answer before it cuts', () => {
  const token = 'Zq7Xw9Kp2Lm4Vn8Rt6Yb3Hc5Jd1Fg0Ts';

  it.each([150, 190, 196, 198, 199, 200, 201, 230])('a 500 text body with a secret starting at %i', async (start) => {
    const pool = await servers.start();
    const lines: string[] = [];
    const vapi = createVapiClient({
      baseUrl: pool.baseUrl,
      apiKey: 'test-key-123456',
      maxRetries: 0,
      scrub: createScrubber([token]),
      debug: (line) => lines.push(line),
    });
    servers.defer(() => vapi.close());
    const body = `${'upstream said: '.padEnd(start, '.')}${token}`.padEnd(300, '.');
    pool.intercept({ method: 'GET', path: '/phone-number/pn-1' }).reply(500, body, { 'content-type': 'text/plain' });
    const error = (await vapi.getPhoneNumber('pn-1').catch((e: unknown) => e)) as VapiApiError;
    const shown = [error.message, error.apiMessage ?? '', ...lines].join('\n');
    expect(findFragments(shown, { token }, 4)).toEqual([]);
    // The mask is shown when it fits before the 200-character cut, and never in part.
    expect(error.apiMessage?.includes('***')).toBe(start + 3 <= 200);
    expect(error.apiMessage).not.toMatch(/[^*]\*{1,2}\.\.\.$/);
  });

  it('hides a value a listing revealed when a later error quotes it', async () => {
    const pool = await servers.start();
    const secrets = new Set<string>();
    const vapi = createVapiClient({
      baseUrl: pool.baseUrl,
      apiKey: 'test-key-123456',
      scrub: createScrubber(secrets),
      revealed: (secret) => secrets.add(secret),
    });
    servers.defer(() => vapi.close());
    pool.intercept({ method: 'GET', path: '/phone-number?limit=1000' }).reply(200, [{ id: 'pn-1', twilioAuthToken: token }]);
    pool.intercept({ method: 'PATCH', path: '/phone-number/pn-1' }).reply(400, { message: `token ${token} is revoked` });
    await vapi.listPhoneNumbers();
    expect([...secrets]).toEqual([token]);
    await expect(vapi.updatePhoneNumber('pn-1', { name: 'x' })).rejects.toThrow(/: token \*\*\* is revoked$/);
  });

  it('scrubs a written number before its debug line is cut at 2,000 characters', async () => {
    const pool = await servers.start();
    const lines: string[] = [];
    const vapi = createVapiClient({
      baseUrl: pool.baseUrl,
      apiKey: 'test-key-123456',
      scrub: createScrubber([token]),
      debug: (line) => lines.push(line),
    });
    servers.defer(() => vapi.close());
    for (let pad = 1940; pad < 1990; pad += 7) {
      pool
        .intercept({ method: 'PATCH', path: '/phone-number/pn-1' })
        .reply(200, { id: 'pn-1', name: 'x'.repeat(pad), note: token });
      await vapi.updatePhoneNumber('pn-1', { name: 'x' });
    }
    expect(lines.filter((line) => line.includes('...'))).not.toHaveLength(0);
    expect(findFragments(lines.join('\n'), { token }, 4)).toEqual([]);
  });
});
