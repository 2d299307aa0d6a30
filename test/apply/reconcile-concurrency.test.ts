// What another writer (a concurrent run, the dashboard) does between our requests is detected and
// reported, never "fixed" by deleting; a large org is listed whole.
import { afterEach, describe, expect, it } from 'vitest';
import type { VapiClient } from '../../src/vapi/types.js';
import { countByMethod, duplicatedNames, startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const ONE = 'version: 1\nnumbers:\n  - name: shared\n    provider: vonage\n    number: "+15552000001"\n    credentialId: c\n';

/** A client whose creates are raced by "another run" creating the same name. */
function racedCreates(when: 'before' | 'after') {
  return (client: VapiClient, fake: World['fake']): VapiClient => ({
    ...client,
    listPhoneNumbers: () => client.listPhoneNumbers(),
    listAssistants: () => client.listAssistants(),
    listSquads: () => client.listSquads(),
    getPhoneNumber: (id) => client.getPhoneNumber(id),
    updatePhoneNumber: (id, body) => client.updatePhoneNumber(id, body),
    deletePhoneNumber: (id) => client.deletePhoneNumber(id),
    createPhoneNumber: async (body) => {
      const other = () => fake.seedNumber({ ...body });
      if (when === 'before') other();
      const created = await client.createPhoneNumber(body);
      if (when === 'after') other();
      return created;
    },
  });
}

describe('concurrent writers', () => {
  it('verification reports a duplicate made by another run and deletes nothing', async () => {
    world = await startWorld({ wrapClient: racedCreates('after') });
    world.writeConfig(ONE);
    const outcome = await world.engine();
    expect(outcome.failed).toBe(true);
    const result = outcome.results[0];
    // The run bought it, so it stays `created`; the problem makes the run fail.
    expect(result?.operation).toBe('created');
    expect(result?.problem?.message).toMatch(/Verification/);
    expect(result?.problem?.ids).toHaveLength(2);
    expect(world.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(world.fake.numbers()).toHaveLength(2);
  });

  it('after an ambiguous create, two new numbers with the name are reported, not adopted', async () => {
    world = await startWorld({ wrapClient: racedCreates('before') });
    world.writeConfig(ONE);
    world.fake.injectFault({ method: 'POST', kind: 'status-after' });
    const outcome = await world.engine();
    expect(outcome.results[0]?.operation).toBe('failed');
    expect(outcome.results[0]?.problem?.message).toContain('exists 2 times');
    expect(world.fake.mutatingRequests().map((r) => r.method)).toEqual(['POST']);
  });

  it('the next run fails that name with both IDs until a person removes one', async () => {
    world = await startWorld({ wrapClient: racedCreates('after') });
    world.writeConfig(ONE);
    await world.engine();
    world.fake.resetLog();
    const next = await world.engine();
    expect(next.results[0]?.operation).toBe('failed');
    expect(next.results[0]?.problem?.ids).toHaveLength(2);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });
});

describe('list lag and large orgs', () => {
  it('verification waits out a list that lags behind a create', async () => {
    world = await startWorld();
    world.writeConfig(ONE);
    world.fake.setListLag(1);
    const outcome = await world.engine();
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results[0]?.operation).toBe('created');
  });

  it('lists all of 2,500 numbers: declared ones among them are found, none is bought again', async () => {
    world = await startWorld();
    for (let i = 0; i < 2_500; i++) {
      world.fake.seedNumber({
        provider: 'vonage',
        name: `org-${i}`,
        number: `+1555${String(i).padStart(7, '0')}`,
        credentialId: 'c',
      });
    }
    const declared = [7, 1_234, 2_499]
      .map(
        (i) =>
          `  - name: org-${i}\n    provider: vonage\n    number: "+1555${String(i).padStart(7, '0')}"\n    credentialId: c\n`,
      )
      .join('');
    world.writeConfig(`version: 1\nnumbers:\n${declared}`);
    const outcome = await world.engine();
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results.map((r) => r.operation)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(duplicatedNames(world.fake)).toEqual([]);
    expect(countByMethod(world.fake).GET).toBeLessThanOrEqual(30);
  });

  it('prunes nothing when a listing page fails', async () => {
    world = await startWorld();
    for (let i = 0; i < 1_100; i++) {
      world.fake.seedNumber({
        provider: 'vonage',
        name: `acme-${i}`,
        number: `+1555300${String(i).padStart(4, '0')}`,
        credentialId: 'c',
      });
    }
    world.writeConfig(`${ONE}prune:\n  match: ["acme-*"]\n`);
    // The first page (1,000 numbers) answers; the second fails every retry.
    world.fake.injectFault({ method: 'GET', path: '/phone-number', kind: 'status-before', status: 503, times: 100, skip: 1 });
    await expect(world.engine({ prune: true, maxDeletions: 2_000 })).rejects.toThrow(/createdAtLe.*503/);
    expect(world.fake.requests.filter((r) => r.method === 'GET' && r.status === 200)).toHaveLength(1);
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(world.fake.numbers()).toHaveLength(1_100);
  });
});
