// Deletes stay inside what the run owns: prune.match, minus protect, at most max-deletions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => world.close());

const vonage = (name: string, n: number) => ({
  provider: 'vonage',
  name,
  number: `+1555100${String(n).padStart(4, '0')}`,
  credentialId: 'c',
});

const CONFIG = [
  'version: 1',
  'numbers:',
  '  - name: acme-keep',
  '    provider: vonage',
  '    number: "+15551000001"',
  '    credentialId: c',
  'prune:',
  '  match: ["acme-*"]',
  '  protect: ["acme-main"]',
  '',
].join('\n');

function seedOrg(): void {
  world.fake.seedNumber(vonage('acme-keep', 1));
  world.fake.seedNumber(vonage('acme-old', 2));
  world.fake.seedNumber(vonage('acme-main', 3)); // protected
  world.fake.seedNumber(vonage('customer-line', 4)); // not owned
  world.fake.seedNumber({ provider: 'vonage', number: '+15551000005', credentialId: 'c' }); // unnamed
}

describe('prune', () => {
  it('deletes only owned, undeclared, unprotected names', async () => {
    seedOrg();
    world.writeConfig(CONFIG);
    const outcome = await world.engine({ prune: true });
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    const deletes = world.fake.mutatingRequests();
    expect(deletes.map((r) => r.method)).toEqual(['DELETE']);
    expect(outcome.results.filter((r) => r.operation === 'deleted').map((r) => r.name)).toEqual(['acme-old']);
    expect(
      world.fake
        .numbers()
        .map((n) => n['name'] ?? '(unnamed)')
        .sort(),
    ).toEqual(['(unnamed)', 'acme-keep', 'acme-main', 'customer-line']);
  });

  it('does not prune without prune: true, and protect from the input is honoured too', async () => {
    seedOrg();
    world.writeConfig(CONFIG);
    await world.engine();
    expect(world.fake.mutatingRequests()).toEqual([]);
    await world.engine({ prune: true, protect: ['acme-o*'] });
    expect(world.fake.mutatingRequests()).toEqual([]);
  });

  it('writes nothing at all when the plan would delete more than max-deletions', async () => {
    for (let i = 0; i < 4; i++) world.fake.seedNumber(vonage(`acme-extra-${i}`, 10 + i));
    world.writeConfig(CONFIG.replace('+15551000001', '+15551000099'));
    const outcome = await world.engine({ prune: true, maxDeletions: 3 });
    expect(outcome.failed).toBe(true);
    expect(outcome.failures.join()).toContain('more than max-deletions (3)');
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(outcome.results.filter((r) => r.operation === 'would-delete')).toHaveLength(4);
  });
});

describe('delete command', () => {
  it('deletes declared names, reports missing ones as absent, and a second run is all absent', async () => {
    world.fake.seedNumber(vonage('acme-keep', 1));
    world.writeConfig(CONFIG + '');
    const outcome = await world.engine({
      command: 'delete',
      numbersYaml: '- name: acme-gone\n  provider: vonage\n  number: "+15550009999"\n  credentialId: c\n',
    });
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results.map((r) => [r.name, r.operation])).toEqual([
      ['acme-gone', 'absent'],
      ['acme-keep', 'deleted'],
    ]);
    expect(world.fake.numbers()).toEqual([]);
    const again = await world.engine({ command: 'delete' });
    expect(again.results.map((r) => r.operation)).toEqual(['absent']);
    expect(again.failed).toBe(false);
  });

  it('treats a 404 on DELETE as already gone', async () => {
    const seeded = world.fake.seedNumber(vonage('acme-keep', 1));
    world.writeConfig(CONFIG);
    world.fake.injectFault({ method: 'DELETE', kind: 'status-after', status: 500 });
    const outcome = await world.engine({ command: 'delete' });
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results[0]).toMatchObject({ name: 'acme-keep', operation: 'deleted', id: seeded.id });
  });

  it('never deletes a protected name', async () => {
    world.fake.seedNumber(vonage('acme-keep', 1));
    world.writeConfig(CONFIG);
    const outcome = await world.engine({ command: 'delete', protect: ['acme-k*'] });
    expect(outcome.failed).toBe(true);
    expect(outcome.results[0]?.operation).toBe('failed');
    expect(world.fake.mutatingRequests()).toEqual([]);
  });
});
