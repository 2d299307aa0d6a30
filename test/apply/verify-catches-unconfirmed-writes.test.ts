// Verification (SPEC section 3, step 7) is what stands between "Vapi answered OK" and "done": a
// write the API acknowledged but the listing contradicts must fail the run, be named in the report
// and never leave the step green. Each case below is a client that reports success while the org
// says otherwise; without the listing after the writes, every one of them would end with exit 0.
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/markdown.js';
import type { VapiClient } from '../../src/vapi/types.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const line = (name: string, n: number) =>
  `  - name: ${name}\n    provider: vonage\n    number: "+1555300000${n}"\n    credentialId: cred-1\n`;
const CONFIG = (...names: string[]) => `version: 1\nnumbers:\n${names.map((name, i) => line(name, i)).join('')}`;

/** Wraps the real client; `fake` is the org the answers are about. */
type Wrap = (client: VapiClient, fake: World['fake']) => VapiClient;

/** A DELETE that Vapi answers with the deleted number while the number stays listed. */
const deleteAnsweredButKept: Wrap = (client) => ({
  ...client,
  deletePhoneNumber: async (id) => {
    await client.getPhoneNumber(id); // the number exists: answered as a real DELETE would be
    return 'deleted';
  },
});

/** A create that is answered with a new ID, and the number is gone before the run lists again. */
const createdThenGone: Wrap = (client, fake) => ({
  ...client,
  createPhoneNumber: async (body) => {
    const created = await client.createPhoneNumber(body);
    fake.removeNumber(created.id);
    return created;
  },
});

/** A PATCH answered with the patched number, while the stored number keeps its old value. */
const patchAnsweredButUnchanged: Wrap = (client) => ({
  ...client,
  updatePhoneNumber: async (id, body) => ({ ...(await client.getPhoneNumber(id)), ...body }),
});

function expectFailedNaming(outcome: Awaited<ReturnType<World['engine']>>, name: string, pattern: RegExp): void {
  expect(outcome.failed, outcome.log.join('\n')).toBe(true);
  const result = outcome.results.find((r) => r.name === name);
  expect(result?.problem?.message).toMatch(/^Verification: /);
  expect(result?.problem?.message).toMatch(pattern);
  expect(renderReport(outcome)).toContain(name);
  expect(renderReport(outcome)).toMatch(pattern);
}

describe('verification fails writes that Vapi acknowledged but the listing contradicts', () => {
  it('a DELETE answered OK while the number is still listed: the run fails naming it', async () => {
    world = await startWorld({ wrapClient: deleteAnsweredButKept });
    const keep = world.fake.seedNumber({ provider: 'vonage', name: 'temp-1', number: '+15553000009', credentialId: 'cred-1' });
    world.writeConfig(CONFIG('temp-1'));
    const outcome = await world.engine({ command: 'delete' });
    expectFailedNaming(outcome, 'temp-1', new RegExp(`still listed after its delete`));
    expect(outcome.results[0]?.problem?.message).toContain(keep.id);
    expect(world.fake.numbers().map((n) => n.id)).toEqual([keep.id]);
  });

  it('the same for a pruned number: a prune that did not happen is not reported done', async () => {
    world = await startWorld({ wrapClient: deleteAnsweredButKept });
    world.fake.seedNumber({ provider: 'vonage', name: 'acme-old', number: '+15553000008', credentialId: 'cred-1' });
    world.writeConfig(`${CONFIG('acme-main')}prune:\n  match: ["acme-*"]\n`);
    const outcome = await world.engine({ prune: true });
    expectFailedNaming(outcome, 'acme-old', /still listed after its delete/);
    // The declared number was created and verified: only the prune is in question.
    const declared = outcome.results.find((r) => r.name === 'acme-main');
    expect(declared?.operation).toBe('created');
    expect(declared?.problem).toBeUndefined();
  });

  it('a create answered with an ID that the listing never shows: the run fails naming it', async () => {
    world = await startWorld({ wrapClient: createdThenGone });
    world.writeConfig(CONFIG('sales', 'support'));
    const outcome = await world.engine();
    expectFailedNaming(outcome, 'sales', /not listed/);
    expectFailedNaming(outcome, 'support', /not listed/);
    expect(world.fake.numbers()).toEqual([]);
  });

  it('a PATCH answered with the new value while the number keeps the old one: the run fails naming the field', async () => {
    world = await startWorld({ wrapClient: patchAnsweredButUnchanged });
    world.fake.seedNumber({ provider: 'vonage', name: 'sales', number: '+15553000000', credentialId: 'cred-old' });
    world.writeConfig(CONFIG('sales').replace('credentialId: cred-1\n', 'credentialId: cred-1\n    assistantId: asst-1\n'));
    const outcome = await world.engine();
    expectFailedNaming(outcome, 'sales', /differs from the config after this run: assistantId, credentialId\./);
  });

  it('a create whose number the listing shows under another ID (an older one of that name): the run fails naming both', async () => {
    let older = '';
    world = await startWorld({
      wrapClient: (client, fake) => ({
        ...client,
        // The list shows the name once, but as a number bought before (by a run killed before it
        // could report), while this run's own number is not listed yet.
        createPhoneNumber: async (body) => {
          const created = await client.createPhoneNumber(body);
          fake.removeNumber(created.id);
          older = fake.seedNumber({ ...body }).id;
          return created;
        },
      }),
    });
    world.writeConfig(CONFIG('sales'));
    const outcome = await world.engine();
    expect(outcome.failed, outcome.log.join('\n')).toBe(true);
    const result = outcome.results[0];
    expect(result?.problem?.message).toMatch(/^Verification: /);
    const named = `${result?.problem?.message ?? ''} ${(result?.problem?.ids ?? []).join(' ')}`;
    expect(named).toContain(older);
    expect(named).toContain(result?.id);
    expect(result?.id).not.toBe(older);
  });

  it('an update whose number the listing shows under another ID: the run fails naming both', async () => {
    let other = '';
    world = await startWorld({
      wrapClient: (client, fake) => ({
        ...client,
        // After the PATCH the name is listed once, as another number with the declared values.
        updatePhoneNumber: async (id, body) => {
          const updated = await client.updatePhoneNumber(id, body);
          const { id: _id, createdAt: _c, updatedAt: _u, orgId: _o, ...copy } = fake.numbers().find((n) => n.id === id) ?? {};
          fake.removeNumber(id);
          other = fake.seedNumber(copy).id;
          return updated;
        },
      }),
    });
    const seeded = world.fake.seedNumber({ provider: 'vonage', name: 'sales', number: '+15553000000', credentialId: 'cred-old' });
    world.writeConfig(CONFIG('sales'));
    const outcome = await world.engine();
    expectFailedNaming(
      outcome,
      'sales',
      new RegExp(`'sales' is listed as ${other}, not as ${seeded.id}, which this run updated`),
    );
    expect(outcome.results[0]?.problem?.ids).toEqual([seeded.id, other].sort());
  });

  it('and a write the listing confirms passes (the checks above are not failing everything)', async () => {
    world = await startWorld();
    world.fake.seedNumber({ provider: 'vonage', name: 'temp-1', number: '+15553000009', credentialId: 'cred-1' });
    world.writeConfig(CONFIG('temp-1'));
    const deleted = await world.engine({ command: 'delete' });
    expect(deleted.failed, deleted.log.join('\n')).toBe(false);
    expect(deleted.results.map((r) => [r.name, r.operation, r.problem])).toEqual([['temp-1', 'deleted', undefined]]);
    const created = await world.engine();
    expect(created.failed, created.log.join('\n')).toBe(false);
    expect(created.results.map((r) => [r.name, r.operation, r.problem])).toEqual([['temp-1', 'created', undefined]]);
  });
});
