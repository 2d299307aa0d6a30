// The battery must be able to fail: each invariant checker is run against a deliberately broken
// client (a wrapper around the real one) and has to report the breakage. A battery that passes
// whatever the engine does proves nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VapiClient } from '../../src/vapi/types.js';
import { batteryCase } from './arbitraries.js';
import { runCase, type ClientWrapper, type RunTrace } from './harness.js';
import { checkCase, checkRetryAfter } from './invariants.js';
import type { BatteryCase } from './model.js';
import { tempDir } from '../helpers/temp.js';

const workspace = tempDir('vapi-battery-checkers-');

/** Runs `count` generated cases through a broken client; returns the invariant tags reported. */
async function tagsFor(wrap: ClientWrapper, count = 120, seed = 20261127): Promise<Set<string>> {
  const tags = new Set<string>();
  for (const c of fc.sample(batteryCase(), { numRuns: count, seed })) {
    for (const violation of checkCase(await runCase(c, workspace, { wrap }))) tags.add(violation.split(' ')[0] ?? '');
  }
  return tags;
}

const blindRetry: ClientWrapper = (client) => ({
  ...client,
  // What the official SDK does by default: a failed create is simply sent again.
  createPhoneNumber: async (body) => {
    try {
      return await client.createPhoneNumber(body);
    } catch {
      return client.createPhoneNumber(body);
    }
  },
});

const patchExtra: ClientWrapper = (client) => ({
  ...client,
  updatePhoneNumber: (id, body) => client.updatePhoneNumber(id, { ...body, smsEnabled: true }),
});

const deleteEverything: ClientWrapper = (client) => {
  let done = false;
  return {
    ...client,
    // The first listing's numbers are all deleted, owned or not (once, before answering).
    listPhoneNumbers: async () => {
      const numbers = await client.listPhoneNumbers();
      if (!done) {
        done = true;
        for (const n of numbers) await client.deletePhoneNumber(n.id);
      }
      return numbers;
    },
  };
};

const hideFailures = (client: VapiClient): VapiClient => ({
  ...client,
  // Updates claim success without sending anything: the live state never converges.
  updatePhoneNumber: async (id) => client.getPhoneNumber(id),
});

describe('battery checkers catch a broken engine', () => {
  it('I1 and I3: a client that retries a failed create blindly', async () => {
    const tags = await tagsFor(blindRetry);
    expect(tags.has('I1')).toBe(true);
    expect(tags.has('I3')).toBe(true);
  }, 120_000);

  it('I4: a client that adds an undeclared field to every PATCH', async () => {
    expect((await tagsFor(patchExtra)).has('I4')).toBe(true);
  }, 120_000);

  it('I2: a client that deletes what it lists', async () => {
    expect((await tagsFor(deleteEverything, 60)).has('I2')).toBe(true);
  }, 120_000);

  it('I6: a client whose updates never reach Vapi does not converge', async () => {
    const tags = await tagsFor(hideFailures);
    expect(tags.has('I6')).toBe(true);
  }, 120_000);
});

// Shrunk counterexamples the battery once reported, kept as plain replays. Both were checker bugs
// (the engine was right): a dashboard duplicate that is then renamed into prune's globs, or that
// becomes the only number left under a declared name, is the run's to delete.
const REPLAYS: { title: string; json: string }[] = [
  {
    title: 'a dashboard duplicate renamed into prune.match is pruned (seed 1390996338)',
    json: '{"command":"apply","prune":true,"pruneMatch":["acme-*"],"protectConfig":[],"protectInput":[],"maxDeletions":10,"entries":[{"name":"team-30","provider":"vapi","fields":{}}],"remote":[],"returnSecrets":false,"lag":0,"schedule":[],"noise":{"rate":0,"faults":[]},"outOfBand":[{"kind":"duplicate","target":0},{"kind":"rename","target":0,"to":"renamed-by-hand"},{"kind":"rename","target":0,"to":"acme-0"}],"seed":1}',
  },
  {
    title: 'delete removes a dashboard duplicate once it is the only number left (seed -256246011)',
    json: '{"command":"delete","prune":false,"pruneMatch":[],"protectConfig":[],"protectInput":[],"maxDeletions":10,"entries":[{"name":"ops-6","provider":"vapi","fields":{}}],"remote":[{"name":"ops-6","provider":"vapi","fields":{}},{"name":"ops-6","provider":"vapi","fields":{"assistantId":"asst-old"}}],"returnSecrets":false,"lag":0,"schedule":[],"noise":{"rate":0,"faults":[]},"outOfBand":[{"kind":"delete","target":0},{"kind":"duplicate","target":0},{"kind":"rename","target":0,"to":"acme-0"}],"seed":1}',
  },
];

describe('battery replays', () => {
  for (const replay of REPLAYS) {
    it(replay.title, async () => {
      expect(checkCase(await runCase(JSON.parse(replay.json), workspace))).toEqual([]);
    });
  }
});

describe('Retry-After checker', () => {
  const rateLimited = {
    method: 'GET',
    path: '/phone-number',
    query: { limit: '1000' },
    body: undefined,
    status: 429,
    fault: 'rate-limit',
  };
  const retried = { ...rateLimited, status: 200, fault: undefined };
  const trace = (sleeps: number[]): RunTrace => ({
    label: 'faulty',
    requests: [rateLimited, retried],
    before: [],
    after: [],
    sleeps,
    fired: [{ fault: { method: 'GET', kind: 'rate-limit', retryAfter: '2' }, record: rateLimited, at: Date.now() }],
    faultFree: false,
  });

  it('reports a retry sent sooner than Retry-After, and accepts one that waited', () => {
    const early: string[] = [];
    checkRetryAfter(trace([150]), early);
    expect(early).toHaveLength(1);
    const patient: string[] = [];
    checkRetryAfter(trace([2_000]), patient);
    expect(patient).toEqual([]);
  });
});

// Known limitation, not fixed here (see the battery report): the engine reads a first page shorter
// than 100 items as the whole org, so a server that capped `limit` below its documented default of
// 100 would hide numbers and the engine would buy them again. Shrunk by fast-check (seed 42) from a
// fault-free case: nine numbers, a cap of 8, and the oldest declared name is bought a second time.
// `it.fails` keeps the suite green while it holds (the closing line counts it as a known limit, not
// as a pass: test/helpers/closing-line-reporter.ts); it turns red the day paging confirms short pages.
describe('server list caps below the documented 100 (known limitation)', () => {
  it.fails('a cap of 8 hides the oldest number and a clean run buys it again', async () => {
    const vonage = (name: string | undefined, i: number) => ({
      ...(name === undefined ? {} : { name }),
      provider: 'vonage' as const,
      fields: { number: `+1556000000${i}`, credentialId: 'cred-1' },
    });
    const c: BatteryCase = {
      command: 'apply',
      prune: false,
      pruneMatch: [],
      protectConfig: [],
      protectInput: [],
      maxDeletions: 0,
      entries: [
        { name: 'acme-0', provider: 'vapi', fields: {} },
        { name: 'acme-1', provider: 'vapi', fields: {} },
      ],
      remote: [
        { name: 'acme-1', provider: 'vapi', fields: {} },
        ...['acme-2', 'acme-main', undefined, 'acme-2', 'acme-2', undefined, 'ops-1'].map(vonage),
      ],
      returnSecrets: false,
      lag: 0,
      schedule: [],
      noise: { rate: 0, faults: [] },
      outOfBand: [],
      seed: 1,
    };
    expect(checkCase(await runCase(c, workspace, { maxListLimit: 8 }))).toEqual([]);
  });
});
