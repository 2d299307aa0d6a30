// A new number's POST body leaves out every field declared null, at any depth, inside lists too:
// a new number has nothing to empty, and the API rejects null where it expects a value, so a
// config that empties a hook's filters (`filters: null`) would otherwise fail to create.
import { describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/config/types.js';
import { createBody } from '../../src/plan/diff.js';

const desired = (fields: Record<string, unknown>): DesiredNumber => ({
  name: 'line',
  provider: 'vapi',
  fields,
  source: { file: 'vapi-numbers.yml', line: 3, column: 5 },
});

describe('createBody', () => {
  it('drops nulls inside list items and nested objects, keeping everything else', () => {
    const body = createBody(
      desired({
        hooks: [
          { on: 'call.ringing', do: [{ type: 'say', exact: 'Hello', voice: null }], filters: null },
          {
            on: 'call.ending',
            do: { type: 'transfer', destination: { type: 'number', number: '+14155550199', extension: null } },
          },
        ],
        squadId: null,
        server: { url: 'https://example.com/hook', headers: { 'X-Id': 'a' }, credentialId: null },
      }),
    );
    expect(body).toEqual({
      provider: 'vapi',
      name: 'line',
      hooks: [
        { on: 'call.ringing', do: [{ type: 'say', exact: 'Hello' }] },
        { on: 'call.ending', do: { type: 'transfer', destination: { type: 'number', number: '+14155550199' } } },
      ],
      server: { url: 'https://example.com/hook', headers: { 'X-Id': 'a' } },
    });
    expect(JSON.stringify(body)).not.toContain('null');
  });
});
