// Concurrent runs (issue 3, item 4): two applies of the same config against one org, in-process,
// each with its own client, their requests interleaved by seeded random delays. Duplicates that
// result (both listed before either created) must be detected and reported with both IDs, never
// "fixed" by deleting; the next clean run fails exactly the duplicated names and writes nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { isProblem } from '../../src/apply/types.js';
import type { RunOutcome } from '../../src/run.js';
import type { FaultMethod } from '../fake-vapi/index.js';
import { inBatches } from '../helpers/crash-dist.js';
import { duplicatedNames, startWorld, type World } from '../helpers/engine.js';
import { seededRandom } from '../../src/sandbox/store.js';

const SEEDS = 30;
const PROVIDERS = ['vonage', 'telnyx', 'byo-phone-number'] as const;

/** Seeds run this many at a time, each against its own fake (the runs mostly wait on delays). */
const PARALLEL = 6;

interface Entry {
  name: string;
  provider: string;
  number: string;
  credentialId: string;
}

function entries(count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `conc-${String(i).padStart(2, '0')}`,
    provider: PROVIDERS[i % PROVIDERS.length] as string,
    number: `+1555200${String(i).padStart(4, '0')}`,
    credentialId: 'cred-a',
  }));
}

function configYaml(list: Entry[], prune: boolean): string {
  const body = list
    .map(
      (e) => `  - name: ${e.name}\n    provider: ${e.provider}\n    number: "${e.number}"\n    credentialId: ${e.credentialId}\n`,
    )
    .join('');
  return `version: 1\nnumbers:\n${body}${prune ? 'prune:\n  match: ["conc-*"]\n' : ''}`;
}

interface Tally {
  seeds: number;
  seedsWithDuplicates: number;
  duplicatedNames: number;
  detectedByBoth: number;
  /** Seeds where some names were duplicated and others not: the second run listed mid-way. */
  mixed: number;
  writes: number;
}

const tallies = new Map<string, Tally>();
afterAll(() => {
  for (const [label, t] of tallies) {
    console.log(
      `concurrent ${label}: ${t.seeds} seeds, ${t.seedsWithDuplicates} with duplicates, ` +
        `${t.duplicatedNames} duplicated names (${t.detectedByBoth} reported by both runs), ` +
        `${t.mixed} seeds with some names duplicated and others not, ${t.writes} writes`,
    );
  }
});

/** Everything wrong with one seed's pair of runs and the clean run after it; empty when all holds. */
async function onePair(list: Entry[], prune: boolean, seed: number, tally: Tally): Promise<string[]> {
  const w = await startWorld({ seed });
  try {
    return await checkPair(w, list, prune, seed, tally);
  } finally {
    await w.close();
  }
}

async function checkPair(w: World, list: Entry[], prune: boolean, seed: number, tally: Tally): Promise<string[]> {
  w.writeConfig(configYaml(list, prune));
  // With prune, an owned undeclared number both runs will want to delete (one of them gets a 404).
  const stale = prune
    ? w.fake.seedNumber({ provider: 'vonage', name: 'conc-stale', number: '+15552009999', credentialId: 'c' }).id
    : undefined;
  const next = seededRandom(seed);
  w.fake.setFaultPicker((request) => ({
    method: request.method as FaultMethod,
    kind: 'delay',
    delayMs: Math.floor(next() * 31),
  }));
  // The second run starts up to about the first run's length later, so on many seeds it lists
  // after the first run created some names but not others.
  const stagger = Math.floor(next() * list.length * 25);
  const settings = prune ? { prune: true, maxDeletions: 10 } : {};
  const [a, b] = await Promise.all([w.engine(settings), sleep(stagger).then(() => w.engine(settings))]);
  w.fake.setFaultPicker(undefined);

  const problems: string[] = [];
  const requests = [...w.fake.requests];
  tally.writes += requests.filter((r) => r.method !== 'GET').length;
  const deletes = requests.filter((r) => r.method === 'DELETE');
  const allowed = stale === undefined ? [] : [`/phone-number/${stale}`];
  for (const d of deletes) if (!allowed.includes(d.path)) problems.push(`DELETE ${d.path}`);

  const live = w.fake.numbers();
  const dups = new Set(duplicatedNames(w.fake));
  if (dups.size > 0) tally.seedsWithDuplicates++;
  if (dups.size > 0 && dups.size < list.length) tally.mixed++;
  for (const entry of list) {
    const named = live.filter((n) => n['name'] === entry.name);
    const ids = named.map((n) => n.id).sort();
    const posts = requests.filter((r) => r.method === 'POST' && (r.body as { name?: string }).name === entry.name);
    if (posts.length > 2) problems.push(`${entry.name}: ${posts.length} POSTs from two runs`);
    // Every number a POST made still exists: nothing was "fixed" by deleting.
    if (posts.filter((p) => p.status === 201 || p.status === 200).length !== named.length) {
      problems.push(`${entry.name}: ${posts.length} POSTs but ${named.length} numbers live`);
    }
    if (named.some((n) => n['credentialId'] !== entry.credentialId || n['number'] !== entry.number)) {
      problems.push(`${entry.name}: live values differ from the config`);
    }
    const reports = [a, b].map((o) => resultFor(o, entry.name));
    if (named.length === 1) {
      for (const r of reports)
        if (r && isProblem(r)) problems.push(`${entry.name}: one number, yet failed: ${r.problem?.message}`);
      continue;
    }
    if (named.length === 0) {
      problems.push(`${entry.name}: no number after two applies`);
      continue;
    }
    tally.duplicatedNames++;
    // The run that bought a number keeps `created` (what it did) and carries the problem.
    const detecting = reports.filter((r) => r !== undefined && isProblem(r) && sameIds(r.problem?.ids, ids));
    if (detecting.length === 0) {
      problems.push(`${entry.name} has ${ids.join(', ')}: no run reported it (${reports.map((r) => r?.operation).join(', ')})`);
    }
    if (detecting.length === 2) tally.detectedByBoth++;
  }
  if (dups.size > 0 && !a.failed && !b.failed) problems.push('duplicates exist, yet both runs succeeded');
  // Nothing else may fail: not the run as a whole, not a name that ended with one number, and a
  // stale number deleted by both runs is a 404 for one of them, which counts as already gone.
  for (const o of [a, b]) {
    if (o.failures.length > 0) problems.push(`run failures: ${o.failures.join('; ')}`);
    for (const r of o.results) {
      if (isProblem(r) && !dups.has(r.name)) {
        problems.push(`${r.name}: ${r.operation}: ${r.problem?.message}`);
      }
    }
  }

  // A clean run afterwards: exactly the duplicated names fail, with their IDs; nothing is written.
  w.fake.resetLog();
  const clean = await w.engine(settings);
  const writes = w.fake.mutatingRequests().map((r) => `${r.method} ${r.path}`);
  if (writes.length > 0) problems.push(`clean run wrote: ${writes.join(', ')}`);
  const failedNames = clean.results
    .filter((r) => r.operation === 'failed')
    .map((r) => r.name)
    .sort();
  if (failedNames.join() !== [...dups].sort().join()) {
    problems.push(`clean run failed ${failedNames.join(', ') || 'nothing'}; duplicated: ${[...dups].join(', ') || 'nothing'}`);
  }
  for (const name of dups) {
    const ids = live
      .filter((n) => n['name'] === name)
      .map((n) => n.id)
      .sort();
    if (!sameIds(resultFor(clean, name)?.problem?.ids, ids)) problems.push(`clean run: ${name} does not name ${ids.join(', ')}`);
  }
  if (clean.failed !== dups.size > 0) problems.push(`clean run failed=${clean.failed} with ${dups.size} duplicated names`);
  tally.seeds++;
  return problems.map((p) => `seed ${seed}: ${p}`);
}

function resultFor(outcome: RunOutcome, name: string) {
  return outcome.results.find((r) => r.name === name && r.declared);
}

function sameIds(got: readonly string[] | undefined, want: readonly string[]): boolean {
  return got !== undefined && [...got].sort().join() === want.join();
}

describe('two applies of one config at the same time', () => {
  for (const count of [5, 20]) {
    for (const prune of [false, true]) {
      const label = `${count} numbers${prune ? ', prune' : ''}`;
      it(`${label}: duplicates are reported with both IDs, never deleted; the next run writes nothing`, async () => {
        const tally: Tally = { seeds: 0, seedsWithDuplicates: 0, duplicatedNames: 0, detectedByBoth: 0, mixed: 0, writes: 0 };
        tallies.set(label, tally);
        const list = entries(count);
        const seeds = Array.from({ length: SEEDS }, (_, i) => count * 1_000 + i + 1);
        const problems = await inBatches(seeds, PARALLEL, (seed) => onePair(list, prune, seed, tally));
        expect(problems.flat()).toEqual([]);
        expect(tally.seeds).toBe(SEEDS);
        // The schedules must actually produce the race this test is about.
        expect(tally.seedsWithDuplicates).toBeGreaterThan(0);
      }, 60_000);
    }
  }
});
