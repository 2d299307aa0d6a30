// Crash points (issue 3, item 3): dist/index.js is SIGKILLed at EVERY request boundary of a clean
// run, with the request in flight either before or after the server made the change. The next
// clean run must converge with no name held twice, and the run after it must write nothing.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeVapi } from '../fake-vapi/index.js';
import { engineOn, inBatches, runClean, runUntilCrash, type CrashKind, type CrashPoint } from '../helpers/crash-dist.js';
import { duplicatedNames } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

const API_KEY = 'crash-test-key';
const PROVIDERS = ['vonage', 'telnyx', 'byo-phone-number'] as const;
const KINDS: readonly CrashKind[] = ['hang-before', 'hang-after'];
/** Children killed at the same time; each has its own fake, so they cannot disturb each other. */
const PARALLEL = 4;
/** An unmanaged number every scenario starts with; no run may touch it. */
const BYSTANDER = { provider: 'vonage', name: 'bystander', number: '+15559990000', credentialId: 'cred-other' };

interface Entry {
  name: string;
  provider: (typeof PROVIDERS)[number];
  number: string;
  credentialId: string;
}

interface Scenario {
  label: string;
  command: 'apply' | 'delete';
  entries: Entry[];
  /** The live state before the crashed run (besides the bystander). */
  before: Entry[];
}

function entries(count: number, credentialId: string): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `crash-${String(i).padStart(2, '0')}`,
    provider: PROVIDERS[i % PROVIDERS.length] as Entry['provider'],
    number: `+1555100${String(i).padStart(4, '0')}`,
    credentialId,
  }));
}

function configYaml(list: Entry[]): string {
  const body = list
    .map(
      (e) => `  - name: ${e.name}\n    provider: ${e.provider}\n    number: "${e.number}"\n    credentialId: ${e.credentialId}\n`,
    )
    .join('');
  return `version: 1\nnumbers:\n${body}`;
}

const SCENARIOS: Scenario[] = [
  { label: 'create 1', command: 'apply', entries: entries(1, 'cred-a'), before: [] },
  { label: 'create 3', command: 'apply', entries: entries(3, 'cred-a'), before: [] },
  { label: 'create 10', command: 'apply', entries: entries(10, 'cred-a'), before: [] },
  // Each live number has another credentialId, so each needs one PATCH.
  { label: 'update 3', command: 'apply', entries: entries(3, 'cred-new'), before: entries(3, 'cred-old') },
  { label: 'delete 3', command: 'delete', entries: entries(3, 'cred-a'), before: entries(3, 'cred-a') },
];

interface Setup {
  fake: FakeVapi;
  workspace: string;
  bystanderId: string;
}

async function setUp(scenario: Scenario, seed: number): Promise<Setup> {
  const fake = await FakeVapi.start({ apiKey: API_KEY, seed });
  const bystanderId = fake.seedNumber(BYSTANDER).id;
  for (const entry of scenario.before) fake.seedNumber({ ...entry });
  const workspace = tempDir('vapi-numbers-crash-ws-');
  writeFileSync(path.join(workspace, 'vapi-numbers.yml'), configYaml(scenario.entries));
  return { fake, workspace, bystanderId };
}

function inputs(scenario: Scenario, fake: FakeVapi, workspace: string) {
  return {
    inputs: { 'api-key': API_KEY, config: 'vapi-numbers.yml', 'base-url': fake.url, command: scenario.command },
    workspace,
  };
}

/** What is wrong with the live state after the recovery run; empty when it converged. */
function liveProblems(scenario: Scenario, setup: Setup): string[] {
  const problems: string[] = [];
  const live = setup.fake.numbers();
  const dups = duplicatedNames(setup.fake);
  if (dups.length > 0) problems.push(`duplicated names: ${dups.join(', ')}`);
  const bystander = live.find((n) => n.id === setup.bystanderId);
  if (!bystander || bystander['name'] !== BYSTANDER.name || bystander['credentialId'] !== BYSTANDER.credentialId) {
    problems.push('the bystander number was changed or deleted');
  }
  for (const entry of scenario.entries) {
    const named = live.filter((n) => n['name'] === entry.name);
    if (scenario.command === 'delete') {
      if (named.length > 0) problems.push(`${entry.name} still exists after delete (${named.length})`);
      continue;
    }
    if (named.length !== 1) {
      problems.push(`${entry.name} exists ${named.length} times`);
      continue;
    }
    const [got] = named;
    for (const field of ['provider', 'number', 'credentialId'] as const) {
      if (got?.[field] !== entry[field]) problems.push(`${entry.name}.${field} is ${String(got?.[field])}, not ${entry[field]}`);
    }
  }
  if (live.length !== 1 + (scenario.command === 'delete' ? 0 : scenario.entries.length)) {
    problems.push(`${live.length} numbers live`);
  }
  return problems;
}

/** One crash point end to end; returns what went wrong, prefixed with where. */
async function crashAndRecover(scenario: Scenario, point: CrashPoint, seed: number): Promise<string[]> {
  const setup = await setUp(scenario, seed);
  const where = `${scenario.label} @ request ${point.request} ${point.kind}`;
  try {
    const crashed = await runUntilCrash(setup.fake, inputs(scenario, setup.fake, setup.workspace), point);
    if (crashed.signal !== 'SIGKILL' || crashed.killedOn === undefined) {
      return [`${where}: the child was not killed (exit ${crashed.exitCode}, ${crashed.requestsSeen} requests)`];
    }
    tally(`${crashed.killedOn.replace(/^(\w+ \/phone-number)\/.*$/, '$1/:id')} ${point.kind}`);
    // The recovery is the built action again, as the next workflow run would be.
    const recovery = await runClean(inputs(scenario, setup.fake, setup.workspace));
    const problems = liveProblems(scenario, setup);
    if (recovery.exitCode !== 0) problems.push(`recovery run exited ${recovery.exitCode}: ${recovery.stdout}`);
    setup.fake.resetLog();
    const third = await engineOn(setup.fake, setup.workspace, API_KEY, { command: scenario.command });
    const writes = setup.fake.mutatingRequests().map((r) => `${r.method} ${r.path}`);
    if (third.failed || writes.length > 0) problems.push(`third run: failed=${third.failed}, writes: ${writes.join(', ')}`);
    return problems.map((p) => `${where} (killed on ${crashed.killedOn}): ${p}`);
  } finally {
    await setup.fake.close();
  }
}

/** The number of requests a clean run of the scenario makes. */
async function countRequests(scenario: Scenario): Promise<number> {
  const setup = await setUp(scenario, 1);
  try {
    const clean = await runClean(inputs(scenario, setup.fake, setup.workspace));
    expect(clean.exitCode, clean.stdout + clean.stderr).toBe(0);
    expect(liveProblems(scenario, setup)).toEqual([]);
    return setup.fake.requests.length;
  } finally {
    await setup.fake.close();
  }
}

let covered = 0;
const byRequest = new Map<string, number>();
const tally = (key: string): void => void byRequest.set(key, (byRequest.get(key) ?? 0) + 1);
const started = Date.now();
afterAll(() => {
  const kinds = [...byRequest]
    .sort()
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
  console.log(`crash points covered: ${covered} in ${((Date.now() - started) / 1000).toFixed(1)} s (${kinds})`);
});

describe('the action killed at every request boundary recovers on the next run', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.label}: every crash point converges, no duplicate, then zero writes`, async () => {
      const requests = await countRequests(scenario);
      const minimum = scenario.entries.length + 2; // list, one write per entry, verify
      expect(requests).toBeGreaterThanOrEqual(minimum);
      const points: CrashPoint[] = [];
      for (let request = 0; request < requests; request++) {
        for (const kind of KINDS) points.push({ request, kind });
      }
      const problems = await inBatches(points, PARALLEL, (point) =>
        crashAndRecover(scenario, point, 1_000 + point.request * 2 + (point.kind === 'hang-after' ? 1 : 0)),
      );
      covered += points.length;
      expect(problems.flat()).toEqual([]);
    }, 60_000);
  }
});

// A crash right after a create, while the list still lags behind that create (Vapi's list is
// eventually consistent): the next run cannot see the number and buys a second one. That purchase
// cannot be prevented without an idempotency key, but it must not go unreported.
describe('a crash after a create the list does not show yet', () => {
  async function crashWithLag(): Promise<Setup & { scenario: Scenario }> {
    const scenario = SCENARIOS[0] as Scenario;
    const setup = await setUp(scenario, 7);
    setup.fake.setListLag(1);
    const crashed = await runUntilCrash(setup.fake, inputs(scenario, setup.fake, setup.workspace), {
      request: 1,
      kind: 'hang-after',
    });
    expect(crashed.killedOn).toBe('POST /phone-number');
    return { ...setup, scenario };
  }

  it('the duplicate is reported with both IDs by the run after, never deleted, nothing written', async () => {
    const setup = await crashWithLag();
    try {
      await engineOn(setup.fake, setup.workspace, API_KEY);
      const ids = setup.fake
        .numbers()
        .filter((n) => n['name'] === 'crash-00')
        .map((n) => n.id)
        .sort();
      setup.fake.resetLog();
      const next = await engineOn(setup.fake, setup.workspace, API_KEY);
      expect(next.failed).toBe(true);
      if (ids.length > 1) expect(next.results[0]?.problem?.ids).toEqual(ids);
      expect(setup.fake.mutatingRequests()).toEqual([]);
    } finally {
      await setup.fake.close();
    }
  });

  // Found by this test: verification matched by name only, so the recovery run's own number (still
  // hidden by the lag) went unseen, the killed run's number passed for it, and the run exited 0
  // reporting the other number's ID. Verification now holds each written result to its own ID.
  it('the recovery run that bought the second number fails and names both IDs', async () => {
    const setup = await crashWithLag();
    try {
      const recovery = await engineOn(setup.fake, setup.workspace, API_KEY);
      const ids = setup.fake
        .numbers()
        .filter((n) => n['name'] === 'crash-00')
        .map((n) => n.id)
        .sort();
      // The lag hid the killed run's number, so the recovery run could not help buying a second.
      expect(ids).toHaveLength(2);
      expect(recovery.failed).toBe(true);
      // It bought the number, so `created` says so; the problem names both and which is whose.
      expect(recovery.results[0]?.operation).toBe('created');
      expect(recovery.results[0]?.problem?.message).toContain('This run bought a second number');
      expect([...(recovery.results[0]?.problem?.ids ?? [])].sort()).toEqual(ids);
      expect(setup.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    } finally {
      await setup.fake.close();
    }
  });
});
