// After a create whose outcome is unknown (a 5xx, a reset, a timeout), the engine lists again and
// adopts a number of that name only if it is new: not in the inventory the plan was made from. A
// number that was already there (renamed to the declared name in the dashboard, or by another
// run, while the create was in flight) is not the one this run bought. Taking it would report
// `created` with someone else's ID and exit 0, and hide the number the POST may really have
// bought, which a lagging list can still be holding back.
import { afterEach, describe, expect, it } from 'vitest';
import { findAdoptable } from '../../src/apply/adopt.js';
import { memoryLog } from '../../src/log.js';
import { outputsFor } from '../../src/report/outputs.js';
import type { RemoteNumber, VapiClient } from '../../src/vapi/types.js';
import { startWorld, type World } from '../helpers/engine.js';

const number = (id: string, name: string): RemoteNumber => ({
  id,
  name,
  orgId: 'org-1',
  provider: 'vonage',
  number: '+15554000000',
  createdAt: '2025-01-01T00:00:00Z',
});

/** A client whose every listing answers `listing`; nothing else is called. */
function listingClient(listing: RemoteNumber[]): VapiClient & { lists: number } {
  const client = {
    lists: 0,
    listPhoneNumbers: async () => {
      client.lists++;
      return listing;
    },
  };
  return client as unknown as VapiClient & { lists: number };
}

async function adopt(inventory: RemoteNumber[], listing: RemoteNumber[]) {
  const client = listingClient(listing);
  const found = await findAdoptable('sales', { client, log: memoryLog(), inventory, adoptDelaysMs: [0, 0, 0] });
  return { found, lists: client.lists };
}

describe('findAdoptable', () => {
  const legacy = number('pn-legacy', 'sales'); // in the inventory as 'legacy', renamed since
  const inventory = [{ ...legacy, name: 'legacy' }, number('pn-other', 'support')];

  it('does not adopt a number the inventory already held, however it is named now', async () => {
    const { found, lists } = await adopt(inventory, [legacy, number('pn-other', 'support')]);
    expect(found).toEqual({ kind: 'not-found', why: 'no listing showed it' });
    expect(lists).toBe(3); // it kept looking for a new one
  });

  it('adopts the one new number beside a renamed known one (not "several")', async () => {
    const fresh = number('pn-new', 'sales');
    expect((await adopt(inventory, [legacy, fresh])).found).toEqual({ kind: 'adopted', remote: fresh });
  });

  it('reports two new numbers of the name as several, with both IDs', async () => {
    const listing = [legacy, number('pn-new-b', 'sales'), number('pn-new-a', 'sales')];
    expect((await adopt(inventory, listing)).found).toEqual({ kind: 'several', ids: ['pn-new-a', 'pn-new-b'] });
  });

  it('ignores new numbers of other names', async () => {
    const { found } = await adopt(inventory, [number('pn-new', 'sales-2'), number('pn-x', 'Sales')]);
    expect(found.kind).toBe('not-found');
  });
});

describe('an ambiguous create while a known number is renamed to the declared name', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('ends unknown and fails the step; the renamed number is not reported as created', async () => {
    let legacyId = '';
    world = await startWorld({
      // The dashboard renames an existing number to the declared name while the POST is in flight.
      wrapClient: (client, fake) => ({
        ...client,
        createPhoneNumber: async (body) => {
          fake.editNumber(legacyId, { name: 'sales' });
          return client.createPhoneNumber(body);
        },
      }),
    });
    legacyId = world.fake.seedNumber({ provider: 'vonage', name: 'legacy', number: '+15554000001', credentialId: 'cred-1' }).id;
    world.writeConfig(
      'version: 1\nnumbers:\n  - name: sales\n    provider: vonage\n    number: "+15554000001"\n    credentialId: cred-1\n',
    );
    world.fake.injectFault({ method: 'POST', kind: 'status-before', status: 502 });

    const outcome = await world.engine();
    expect(outcome.failed).toBe(true);
    expect(outcome.results.map((r) => [r.name, r.operation])).toEqual([['sales', 'unknown']]);
    expect(outcome.results[0]?.id).not.toBe(legacyId);
    expect(outcome.results[0]?.problem?.message).toMatch(
      /^Creating 'sales' failed in a way that does not tell whether the number was made \(.*502.*\), and no listing showed it\.$/,
    );
    expect(outcome.results[0]?.problem?.hint).toMatch(/^Nothing more was bought in this run\. /);
    const outputs = outputsFor(outcome);
    expect(JSON.parse(outputs['created'] ?? '[]')).toEqual([]);
    expect(outputs['phone-number-id']).not.toBe(legacyId);
    expect(world.fake.mutatingRequests().map((r) => [r.method, r.status])).toEqual([['POST', 502]]);
  });
});
