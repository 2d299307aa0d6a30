// An update names what changed leaf by leaf (SPEC section 7): a secret header does not hide its
// siblings, a changed hook filter is named by its path, an inserted or removed list element is one
// line, and a value shown whole never carries a secret. Plain data in, plain data out.
import { describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/config/types.js';
import { diffNumber, formatPath, leafChanges, satisfies } from '../../src/plan/diff.js';
import type { FieldChange } from '../../src/plan/types.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

const HEADER = 'hdr-value-0123456789';
const SAY = { on: 'call.ringing', do: [{ type: 'say', exact: 'Please hold.' }] };
const transfer = (oneOf: string[]) => ({
  on: 'call.ending',
  do: { type: 'transfer', destination: { type: 'number', number: '+14155550199' } },
  filters: [{ type: 'oneOf', key: 'call.endedReason', oneOf }],
});

function changesOf(fields: Record<string, unknown>, remote: Record<string, unknown>): FieldChange[] {
  const desired: DesiredNumber = { name: 'desk', provider: 'vapi', fields, source: { file: 'f.yml', line: 1, column: 1 } };
  const live: RemoteNumber = { id: 'pn-1', name: 'desk', provider: 'vapi', ...remote };
  const diff = diffNumber(desired, live);
  if ('error' in diff) throw new Error(diff.error);
  return diff.changes;
}

const leavesOf = (fields: Record<string, unknown>, remote: Record<string, unknown>) =>
  changesOf(fields, remote).flatMap((change) => change.leaves);

describe('an update names each changed leaf', () => {
  it('a timeout change beside a secret header is that one leaf, with both values', () => {
    const server = (timeoutSeconds: number) => ({
      url: 'https://example.com/vapi',
      timeoutSeconds,
      headers: { 'x-api-key': HEADER },
    });
    expect(leavesOf({ server: server(25) }, { server: server(15) })).toEqual([
      { path: 'server.timeoutSeconds', secret: false, old: 15, new: 25 },
    ]);
  });

  it('a changed header says only that it changed, and its changed sibling still shows its values', () => {
    const declared = { url: 'https://example.com/new', headers: { 'x-api-key': 'new-header-value-01' } };
    const live = { url: 'https://example.com/old', headers: { 'x-api-key': HEADER } };
    const leaves = leavesOf({ server: declared }, { server: live });
    expect(leaves).toEqual([
      { path: 'server.url', secret: false, old: 'https://example.com/old', new: 'https://example.com/new' },
      { path: 'server.headers.x-api-key', secret: true },
    ]);
    expect(JSON.stringify(leaves)).not.toContain(HEADER);
    expect(JSON.stringify(leaves)).not.toContain('new-header-value-01');
  });

  it('a hook filter edit is named by its path, the list of plain values shown whole', () => {
    const leaves = leavesOf(
      { hooks: [SAY, transfer(['assistant-request-failed', 'assistant-request-returned-error'])] },
      { hooks: [SAY, transfer(['assistant-request-failed'])] },
    );
    expect(leaves).toEqual([
      {
        path: 'hooks[1].filters[0].oneOf',
        secret: false,
        old: ['assistant-request-failed'],
        new: ['assistant-request-failed', 'assistant-request-returned-error'],
      },
    ]);
  });

  it('a hook inserted before others is one added element, not a change to every hook after it', () => {
    const ending = transfer(['assistant-request-failed']);
    const inserted = { on: 'call.ringing', do: [{ type: 'say', exact: 'One moment.' }] };
    expect(leavesOf({ hooks: [SAY, inserted, ending] }, { hooks: [SAY, ending] })).toEqual([
      { path: 'hooks[1]', secret: false, old: undefined, new: inserted },
    ]);
  });

  it('a hook removed from the middle is one removed element', () => {
    const ending = transfer(['assistant-request-failed']);
    expect(leavesOf({ hooks: [SAY] }, { hooks: [SAY, ending] })).toEqual([
      { path: 'hooks[1]', secret: false, old: ending, new: undefined },
    ]);
    expect(leavesOf({ hooks: [] }, { hooks: [SAY, ending] }).map((leaf) => leaf.path)).toEqual(['hooks[0]', 'hooks[1]']);
  });

  it('an object the live number lacks is one line per declared leaf', () => {
    const fallbackDestination = { type: 'number', number: '+14155550100' };
    expect(leavesOf({ fallbackDestination }, {})).toEqual([
      { path: 'fallbackDestination.type', secret: false, old: undefined, new: 'number' },
      { path: 'fallbackDestination.number', secret: false, old: undefined, new: '+14155550100' },
    ]);
  });

  it('a value shown whole has its secrets masked: a server emptied with null', () => {
    const live = { url: 'https://example.com/vapi', headers: { 'x-api-key': HEADER } };
    const leaves = leavesOf({ server: null }, { server: live });
    expect(leaves).toEqual([
      { path: 'server', secret: false, old: { url: 'https://example.com/vapi', headers: { 'x-api-key': '***' } }, new: null },
    ]);
  });

  it('every Twilio credential and the SIP password are secret leaves', () => {
    const leaves = leavesOf(
      { twilioAuthToken: 'tok-2', twilioApiKey: 'key-2', authentication: { username: 'u', password: 'pw-2' } },
      { twilioAuthToken: 'tok-1', twilioApiKey: 'key-1', authentication: { username: 'u', password: 'pw-1' } },
    );
    expect(leaves).toEqual([
      { path: 'authentication.password', secret: true },
      { path: 'twilioApiKey', secret: true },
      { path: 'twilioAuthToken', secret: true },
    ]);
  });
});

describe('leaf changes agree with the comparison', () => {
  const cases: [string, unknown, unknown][] = [
    ['equal objects, live has defaults', { url: 'a' }, { url: 'a', timeoutSeconds: 20 }],
    ['a changed scalar', { url: 'a' }, { url: 'b' }],
    ['null against missing', null, undefined],
    ['[] against a list', [], [SAY]],
    ['list against a scalar', [SAY], 'text'],
    ['object against a list', { url: 'a' }, [1]],
    ['same hooks, reordered', [SAY, transfer(['x'])], [transfer(['x']), SAY]],
    ['a longer live list of plain values', ['a'], ['a', 'b']],
  ];
  it.each(cases)('%s: no leaf exactly when the values satisfy each other', (_, declared, live) => {
    const leaves = leafChanges(declared, live, ['server']);
    expect(leaves.length === 0).toBe(satisfies(declared, live, ['server']));
  });

  it('paths quote a key that would read as more than one step', () => {
    expect(formatPath(['server', 'headers', 'x.custom'])).toBe('server.headers["x.custom"]');
    expect(formatPath(['hooks', 2, 'do', 0, 'exact'])).toBe('hooks[2].do[0].exact');
  });
});
