// The small pieces under the loader: did-you-mean and `${VAR}` substitution.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';
import { didYouMean, editDistance, nearestKeys } from '../../src/config/suggest.js';
import { variableNameFor } from '../../src/config/scalars.js';
import { assertReplayable } from '../helpers/replay.js';
import { problemsOf, yamlLines } from './config-helpers.js';

describe('suggestions', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('asistantId', 'assistantId')).toBe(1);
    expect(editDistance('sqaudId', 'squadId')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only close keys, ignoring case', () => {
    const known = ['assistantId', 'squadId', 'workflowId', 'number'];
    expect(nearestKeys('AssistantID', known)).toEqual(['assistantId']);
    expect(didYouMean('numbr', known)).toBe('did you mean `number`?');
    expect(nearestKeys('colour', known)).toEqual([]);
    expect(nearestKeys('x', ['y'])).toEqual(['y']);
    expect(nearestKeys('xy', ['ab'])).toEqual([]);
    expect(didYouMean('squadd', ['squadId', 'squad'])).toBe('did you mean `squadId` or `squad`?');
  });

  it('names a variable for a secret path', () => {
    expect(variableNameFor(['numbers', 0, 'twilioAuthToken'])).toBe('TWILIO_AUTH_TOKEN');
    expect(variableNameFor(['defaults', 'authentication', 'password'])).toBe('SIP_PASSWORD');
    expect(variableNameFor(['numbers', 3, 'server', 'headers', 'X-Api-Key'])).toBe('X_API_KEY');
  });
});

describe('interpolate', () => {
  const env = { HOST: 'example.com', EMPTY: '' };

  it('replaces references and reports unset or empty ones', () => {
    expect(interpolate('https://${HOST}/a', env)).toEqual({
      value: 'https://example.com/a',
      references: ['HOST'],
      missing: [],
      malformed: false,
    });
    expect(interpolate('${NOPE}-${EMPTY}', env)).toMatchObject({
      value: '-',
      references: ['NOPE', 'EMPTY'],
      missing: ['NOPE', 'EMPTY'],
    });
  });

  it('writes $${ as a literal ${ and leaves other dollars alone', () => {
    expect(interpolate('$${HOST} costs $5, $HOST', env)).toEqual({
      value: '${HOST} costs $5, $HOST',
      references: [],
      missing: [],
      malformed: false,
    });
  });

  it('flags malformed references and keeps their text', () => {
    expect(interpolate('a ${1BAD} b', env)).toMatchObject({ value: 'a ${1BAD} b', malformed: true });
    expect(interpolate('a ${OPEN', env)).toMatchObject({ value: 'a ${OPEN', malformed: true });
  });

  it('leaves text without a dollar sign unchanged', async () => {
    await assertReplayable(
      fc.property(
        fc.string().filter((text) => !text.includes('$')),
        (text) => {
          expect(interpolate(text, env)).toEqual({ value: text, references: [], missing: [], malformed: false });
        },
      ),
    );
  });

  it('turns any escaped text back into itself', async () => {
    await assertReplayable(
      fc.property(fc.string(), (text) => {
        const escaped = text.replaceAll('${', '$${');
        expect(interpolate(escaped, {}).value).toBe(text);
      }),
    );
  });
});

describe('secrets never reach a message', () => {
  it('whatever literal is written in a secret field', async () => {
    await assertReplayable(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9]{12,30}$/),
        fc.constantFrom('twilioAuthToken', 'twilioApiSecret', 'headers', 'password'),
        async (secret, where) => {
          const field =
            where === 'headers'
              ? [`    server: { url: "https://example.com", headers: { Authorization: "${secret}" } }`]
              : where === 'password'
                ? ['    provider: vapi', `    authentication: { username: short, password: ${secret} }`]
                : [`    ${where}: ${secret}`];
          const provider = where === 'password' ? [] : ['    provider: twilio', '    number: +14155550100'];
          const problems = await problemsOf({
            config: yamlLines('version: 1', 'numbers:', '  - name: Main', ...provider, ...field),
          });
          expect(JSON.stringify(problems)).not.toContain(secret);
        },
      ),
      { numRuns: 40 },
    );
  });
});
