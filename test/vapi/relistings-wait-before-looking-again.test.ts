// Vapi's list can lag behind a write, so the engine looks again, after a wait, before it calls a
// number missing: after an ambiguous create (adopt) and after the writes (verify). The waits are
// what give the list time to catch up; looking three times at once would report a lagging list as
// a missing number (verify) or leave a bought number `unknown` (adopt).
import { describe, expect, it } from 'vitest';
import { findAdoptable } from '../../src/apply/adopt.js';
import type { NumberResult } from '../../src/apply/types.js';
import { verifyResults } from '../../src/apply/verify.js';
import type { DesiredNumber } from '../../src/config/types.js';
import { memoryLog } from '../../src/log.js';
import type { RemoteNumber, VapiClient } from '../../src/vapi/types.js';

const DELAYS = [0, 2_000, 5_000];

const remote = (id: string, name: string): RemoteNumber => ({
  id,
  name,
  orgId: 'org-1',
  provider: 'vonage',
  number: `+1555600000${id.slice(-1)}`,
  credentialId: 'cred-1',
  createdAt: '2025-01-01T00:00:00Z',
});

const desired = (name: string, id: string): DesiredNumber => ({
  name,
  provider: 'vonage',
  fields: { number: `+1555600000${id.slice(-1)}`, credentialId: 'cred-1' },
  source: { file: 'vapi-numbers.yml', line: 3, column: 5 },
});

/** A client whose n-th listing answers `listings[n]` (the last one from then on); an Error is thrown. */
function listings(...answers: (RemoteNumber[] | Error)[]) {
  let calls = 0;
  const client = {
    listPhoneNumbers: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)] ?? [];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as VapiClient;
  return { client, calls: () => calls };
}

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('after an ambiguous create', () => {
  it('waits 2 s, then 5 s, before looking again, and gives up only after the third listing', async () => {
    const { client, calls } = listings([]);
    const time = recorder();
    const found = await findAdoptable('sales', { client, log: memoryLog(), inventory: [], adoptDelaysMs: DELAYS, ...time });
    expect(found.kind).toBe('not-found');
    expect(time.sleeps).toEqual([2_000, 5_000]);
    expect(calls()).toBe(3);
  });

  it('adopts the number the second listing shows, without waiting further', async () => {
    const { client, calls } = listings([], [remote('pn-1', 'sales')]);
    const time = recorder();
    const found = await findAdoptable('sales', { client, log: memoryLog(), inventory: [], adoptDelaysMs: DELAYS, ...time });
    expect(found).toEqual({ kind: 'adopted', remote: remote('pn-1', 'sales') });
    expect(time.sleeps).toEqual([2_000]);
    expect(calls()).toBe(2);
  });

  it('says that the listings failed, when they all did, and warns each time', async () => {
    const { client } = listings(new Error('GET /phone-number failed: 503 Service Unavailable'));
    const log = memoryLog();
    const found = await findAdoptable('sales', { client, log, inventory: [], adoptDelaysMs: DELAYS, ...recorder() });
    expect(found).toEqual({
      kind: 'not-found',
      why: 'listing to look for it failed: GET /phone-number failed: 503 Service Unavailable',
    });
    expect(log.lines.filter((line) => line.startsWith('warning: ') && line.includes('503'))).toHaveLength(3);
  });
});

describe('verification', () => {
  const created = (name: string, id: string): NumberResult => ({
    name,
    operation: 'created',
    declared: true,
    id,
    provider: 'vonage',
  });

  it('looks again after 2 s when the list does not show the new numbers yet, and passes once it does', async () => {
    const { client, calls } = listings([], [remote('pn-1', 'a'), remote('pn-2', 'b')]);
    const time = recorder();
    const verified = await verifyResults([created('a', 'pn-1'), created('b', 'pn-2')], {
      client,
      log: memoryLog(),
      desired: [desired('a', 'pn-1'), desired('b', 'pn-2')],
      delaysMs: DELAYS,
      ...time,
    });
    expect(verified.error).toBeUndefined();
    expect(verified.results.map((r) => [r.name, r.operation, r.problem])).toEqual([
      ['a', 'created', undefined],
      ['b', 'created', undefined],
    ]);
    expect(time.sleeps).toEqual([2_000]);
    expect(calls()).toBe(2);
  });

  it('one number listed and one not yet: still looks again for the missing one', async () => {
    const { client, calls } = listings([remote('pn-1', 'a')], [remote('pn-1', 'a'), remote('pn-2', 'b')]);
    const verified = await verifyResults([created('a', 'pn-1'), created('b', 'pn-2')], {
      client,
      log: memoryLog(),
      desired: [desired('a', 'pn-1'), desired('b', 'pn-2')],
      delaysMs: DELAYS,
      ...recorder(),
    });
    expect(verified.results.every((r) => r.problem === undefined)).toBe(true);
    expect(calls()).toBe(2);
  });

  it('when every listing fails, says it could not verify (a failure), warns, and keeps what the run did', async () => {
    const { client } = listings(new Error('GET /phone-number failed: 502 Bad Gateway'));
    const log = memoryLog();
    const verified = await verifyResults([created('a', 'pn-1')], {
      client,
      log,
      desired: [desired('a', 'pn-1')],
      delaysMs: DELAYS,
      ...recorder(),
    });
    expect(verified.error).toMatch(/^Could not verify the result: listing phone numbers failed: .*502/);
    expect(verified.results.map((r) => [r.name, r.operation, r.id])).toEqual([['a', 'created', 'pn-1']]);
    expect(log.lines.filter((line) => line.startsWith('warning: Could not verify'))).toHaveLength(3);
  });
});
