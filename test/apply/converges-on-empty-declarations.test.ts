// "A second run with the same file changes nothing": a declared object whose keys are all empty
// (`headers: {}`, `credentialId: null`) is satisfied by a live number that lacks the object, as it
// is by one that has it empty. Read as a difference, it would be sent again on every run.
import { describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/config/types.js';
import { diffNumber } from '../../src/plan/diff.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

function declared(fields: Record<string, unknown>): DesiredNumber {
  return { name: 'front-desk', provider: 'vapi', fields, source: { file: 'vapi-numbers.yml', line: 3, column: 5 } };
}

function live(fields: Record<string, unknown>): RemoteNumber {
  return { id: 'pn-1', name: 'front-desk', orgId: 'org-1', provider: 'vapi', createdAt: '2025-01-01T00:00:00Z', ...fields };
}

const URL = 'https://example.com/hook';

describe('empty declared objects', () => {
  it('are satisfied by a live number without them, and by one with them empty or null', () => {
    const desired = declared({ server: { url: URL, headers: {}, credentialId: null } });
    for (const server of [{ url: URL }, { url: URL, headers: {} }, { url: URL, headers: null, credentialId: null }]) {
      expect(diffNumber(desired, live({ server })), JSON.stringify(server)).toEqual({ changes: [], body: {} });
    }
  });

  it('a whole declared object of empty keys is satisfied by a missing or null live object', () => {
    const desired = declared({ fallbackDestination: { extension: null }, server: { headers: {} } });
    expect(diffNumber(desired, live({}))).toEqual({ changes: [], body: {} });
    expect(diffNumber(desired, live({ fallbackDestination: null, server: null }))).toEqual({ changes: [], body: {} });
  });

  it('while a live value under an empty declaration is a change that empties it', () => {
    const desired = declared({ server: { url: URL, headers: {}, credentialId: null } });
    const result = diffNumber(desired, live({ server: { url: URL, credentialId: 'cred-9' } }));
    expect(result).toMatchObject({
      changes: [{ field: 'server' }],
      body: { server: { url: URL, headers: {}, credentialId: null } },
    });
  });
});
