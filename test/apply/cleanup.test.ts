// cleanup against the fake Vapi and the fake GitHub: exactly the numbers whose pull request closed
// or whose time ran out go, checked on the fake's ground truth.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../fake-github/server.js';
import { startWorld, type World } from '../helpers/engine.js';

const TOKEN = 'gh-token-canary-0001';
const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3_600_000;

let world: World;
let github: FakeGitHub;
beforeEach(async () => {
  world = await startWorld();
  github = await FakeGitHub.start({ token: TOKEN });
});
afterEach(async () => {
  await world.close();
  await github.close();
});

type Seed = { name: string; hoursAgo: number; expect: 'deleted' | 'kept' };

/** 40 numbers: open, closed, merged and missing PRs, ages around 48 h, protected and foreign names. */
function seedForty(): Seed[] {
  const seeds: Seed[] = [];
  for (let pr = 1; pr <= 8; pr++) {
    const state = (['open', 'closed', 'merged', 'missing'] as const)[pr % 4] ?? 'open';
    if (state === 'missing') github.removePull(pr);
    else github.setPull(pr, state);
    for (const [suffix, hoursAgo] of [
      ['support', 1],
      ['sales', 47],
      ['ivr', 49],
    ] as const) {
      const gone = state !== 'open' || hoursAgo > 48;
      seeds.push({ name: `pr-${pr}-${suffix}`, hoursAgo, expect: gone ? 'deleted' : 'kept' });
    }
  }
  // Ages just either side of the 48 h threshold, on open PRs.
  github.setPull(9, 'open');
  github.setPull(10, 'open');
  seeds.push({ name: 'pr-9-edge', hoursAgo: 47.9, expect: 'kept' });
  seeds.push({ name: 'pr-10-edge', hoursAgo: 48.1, expect: 'deleted' });
  seeds.push({ name: 'pr-9-fresh', hoursAgo: 0, expect: 'kept' });
  seeds.push({ name: 'pr-10-stale', hoursAgo: 2_000, expect: 'deleted' });
  // Protected previews, production lines, an unnamed number, a near-miss name: never touched.
  seeds.push({ name: 'pr-1-pinned', hoursAgo: 500, expect: 'kept' });
  seeds.push({ name: 'pr-2-pinned', hoursAgo: 1, expect: 'kept' });
  for (const name of [
    'prod-support',
    'prod-sales',
    'pr-x-support',
    'pr--support',
    'PR-3-support',
    'preview-9',
    'pr-3',
    'support-pr-3-x',
    'acme-main',
    'acme-sales',
  ]) {
    seeds.push({ name, hoursAgo: 1_000, expect: 'kept' });
  }
  for (const seed of seeds) {
    world.fake.seedNumber({
      provider: 'vonage',
      name: seed.name,
      number: `+1555${String(seeds.indexOf(seed)).padStart(7, '0')}`,
      credentialId: 'c',
      createdAt: new Date(NOW - seed.hoursAgo * HOUR).toISOString(),
    });
  }
  return seeds;
}

function cleanup(extra: Record<string, unknown> = {}) {
  return world.engine(
    {
      command: 'cleanup',
      configPath: undefined,
      match: 'pr-{pr}-*',
      prClosed: true,
      olderThanMs: 48 * HOUR,
      protect: ['*-pinned'],
      maxDeletions: 100,
      githubToken: TOKEN,
      ...extra,
    },
    github.env(),
    { now: () => NOW },
  );
}

describe('cleanup', () => {
  it('deletes exactly the numbers of closed, merged or missing PRs and those past the TTL', async () => {
    const seeds = seedForty();
    expect(seeds).toHaveLength(40);
    const outcome = await cleanup();
    expect(outcome.failed, outcome.log.filter((l) => !l.startsWith('debug')).join('\n')).toBe(false);
    const left = new Set(world.fake.numbers().map((n) => n['name']));
    for (const seed of seeds) expect(left.has(seed.name), seed.name).toBe(seed.expect === 'kept');
    const deleted = seeds
      .filter((s) => s.expect === 'deleted')
      .map((s) => s.name)
      .sort();
    expect(
      outcome.results
        .filter((r) => r.operation === 'deleted')
        .map((r) => r.name)
        .sort(),
    ).toEqual(deleted);
    // One GitHub request per distinct PR whose state matters (PRs with only expired numbers are not asked).
    const asked = github.requests.filter((r) => r.path.includes('/pulls/')).map((r) => r.path);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('with max-deletions below the count deletes nothing and fails', async () => {
    seedForty();
    const before = world.fake.numbers().length;
    const outcome = await cleanup({ maxDeletions: 5 });
    expect(outcome.failed).toBe(true);
    expect(outcome.failures.join()).toContain('more than max-deletions (5)');
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(world.fake.numbers()).toHaveLength(before);
  });

  it('dry-run reports would-delete and writes nothing', async () => {
    seedForty();
    const outcome = await cleanup({ dryRun: true });
    expect(outcome.results.every((r) => r.operation === 'would-delete')).toBe(true);
    expect(outcome.results.length).toBeGreaterThan(0);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });

  it('keeps and reports the numbers of a PR whose state GitHub would not tell', async () => {
    world.fake.seedNumber({
      provider: 'vonage',
      name: 'pr-5-support',
      number: '+15550000001',
      credentialId: 'c',
      createdAt: new Date(NOW).toISOString(),
    });
    github.forcePullReply(5, { status: 502 });
    const outcome = await cleanup();
    expect(outcome.failed).toBe(true);
    expect(outcome.results[0]).toMatchObject({ name: 'pr-5-support', operation: 'failed' });
    expect(world.fake.numbers()).toHaveLength(1);
  });

  it('stops before any delete when GitHub cannot be reached at all', async () => {
    world.fake.seedNumber({ provider: 'vonage', name: 'pr-5-support', number: '+15550000001', credentialId: 'c' });
    await expect(
      world.engine({ command: 'cleanup', configPath: undefined, match: 'pr-{pr}-*', prClosed: true, githubToken: '' }, {}),
    ).rejects.toThrow(/pr-closed needs the GitHub API/);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });
});
