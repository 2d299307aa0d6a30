// A write Vapi refuses (a 4xx: the free-number cap, a rejected field) is known not to have
// happened: it fails that entry with what was being done and Vapi's own message, the other entries
// still run, and nothing is re-listed or held back as it would be after a create whose outcome is
// unknown. Read as "unknown", a refused create would stop every later create in the run.
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/markdown.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const vonage = (name: string, n: number, credentialId = 'cred-1') =>
  `  - name: ${name}\n    provider: vonage\n    number: "+1555500000${n}"\n    credentialId: ${credentialId}\n`;

describe('writes Vapi refuses', () => {
  it('a refused create fails with Vapi message; the next create still runs; nothing is re-listed', async () => {
    world = await startWorld();
    world.writeConfig(`version: 1\nnumbers:\n${vonage('a-first', 1)}${vonage('b-second', 2)}`);
    world.fake.injectFault({
      method: 'POST',
      kind: 'status-before',
      status: 400,
      message: 'Free number limit reached (5 per account)',
    });
    const outcome = await world.engine();
    expect(outcome.failed).toBe(true);
    expect(outcome.results.map((r) => [r.name, r.operation])).toEqual([
      ['a-first', 'failed'],
      ['b-second', 'created'],
    ]);
    const problem = outcome.results[0]?.problem;
    expect(problem?.message).toMatch(/^Creating 'a-first' failed: .*Free number limit reached \(5 per account\)/);
    expect(problem?.hint).toEqual(expect.any(String));
    expect(problem?.hint.length).toBeGreaterThan(10);
    expect(renderReport(outcome)).toContain('Free number limit reached');
    // One POST each; between them no listing to look for the refused number.
    const sent = world.fake.requests.map((r) => `${r.method} ${r.path}`);
    const posts = sent.flatMap((line, i) => (line === 'POST /phone-number' ? [i] : []));
    expect(posts).toHaveLength(2);
    expect(sent.slice((posts[0] ?? 0) + 1, posts[1])).toEqual([]);
    expect(outcome.log.join('\n')).not.toMatch(/may or may not have succeeded/);
  });

  it('a refused update and a refused delete fail naming what was being done; the rest still run', async () => {
    world = await startWorld();
    for (const [name, n] of [
      ['a-update', 1],
      ['b-update', 2],
    ] as const) {
      world.fake.seedNumber({ provider: 'vonage', name, number: `+1555500000${n}`, credentialId: 'cred-old' });
    }
    world.fake.seedNumber({ provider: 'vonage', name: 'c-prune', number: '+15555000003', credentialId: 'cred-1' });
    world.fake.seedNumber({ provider: 'vonage', name: 'd-prune', number: '+15555000004', credentialId: 'cred-1' });
    world.writeConfig(`version: 1\nnumbers:\n${vonage('a-update', 1)}${vonage('b-update', 2)}prune:\n  match: ["*-prune"]\n`);
    world.fake.injectFault({ method: 'PATCH', kind: 'status-before', status: 422, message: 'credentialId is not valid' });
    world.fake.injectFault({ method: 'DELETE', kind: 'status-before', status: 400, message: 'number is in use by a campaign' });

    const outcome = await world.engine({ prune: true });
    expect(outcome.failed).toBe(true);
    const byName = new Map(outcome.results.map((r) => [r.name, r]));
    const failed = outcome.results.filter((r) => r.operation === 'failed');
    expect(failed).toHaveLength(2);
    const update = failed.find((r) => r.name.endsWith('-update'));
    const remove = failed.find((r) => r.name.endsWith('-prune'));
    expect(update?.problem?.message).toMatch(new RegExp(`^Updating '${update?.name}' failed: .*credentialId is not valid`));
    expect(remove?.problem?.message).toMatch(new RegExp(`^Deleting '${remove?.name}' failed: .*number is in use by a campaign`));
    // The other update and the other delete went through.
    const done = [...byName.values()].filter((r) => r.operation !== 'failed').map((r) => r.operation);
    expect(done.sort()).toEqual(['deleted', 'updated']);
  });
});
