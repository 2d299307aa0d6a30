// Truthful outputs when verification fails (issue 12, items 3 and 4). A list that lags behind a
// create makes run 1 end `unknown`; a run 2 started at once cannot see that number and buys a
// second one. Run 2's outputs must still list everything it bought, and its report must say that
// it bought a duplicate, which ID is which, and which one to delete.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import type { VapiClient } from '../../src/vapi/types.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const NAMES = ['lag-a', 'lag-b', 'lag-c'];
const CONFIG = `version: 1\nnumbers:\n${NAMES.map(
  (name, i) => `  - name: ${name}\n    provider: vonage\n    number: "+1555500000${i}"\n    credentialId: c\n`,
).join('')}`;

const idsOf = (name: string): string[] =>
  world.fake
    .numbers()
    .filter((n) => n['name'] === name)
    .map((n) => n.id);

describe('a run that buys a duplicate because the list lagged', () => {
  it('keeps `created` for what it bought and says which ID is which and which to delete', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG);
    // Each new number stays out of the next 5 listings: run 1's 3 re-listings and its verify, and
    // run 2's inventory, do not show it.
    world.fake.setListLag(5);
    world.fake.injectFault({ method: 'POST', kind: 'status-after', status: 502 });
    // One create at a time, so that the unknown outcome holds back the two after it.
    const first = await world.engine({}, {}, { createWindow: 1 });
    expect(first.results.map((r) => r.operation)).toEqual(['unknown', 'failed', 'failed']);
    // Item 4: after an unknown outcome, not "run again" at once.
    expect(first.results[0]?.problem?.hint).toMatch(/Wait about a minute, then run again/);
    expect(first.results[0]?.problem?.hint).toMatch(/may not see a number made seconds ago/);
    expect(first.results[1]?.problem?.hint).toMatch(/Wait about a minute, then run again/);
    const [older] = idsOf('lag-a');

    const second = await world.engine();
    const ours = idsOf('lag-a').find((id) => id !== older);
    expect(ours).toBeDefined();
    expect(second.failed).toBe(true);
    // Item 3: what the run did, whatever verification found afterwards.
    const outputs = outputsFor(second);
    expect(JSON.parse(outputs['created'] ?? '')).toEqual(NAMES);
    const numbers = JSON.parse(outputs['numbers'] ?? '') as { name: string; id: string; operation: string }[];
    expect(numbers.map((n) => n.operation)).toEqual(['created', 'created', 'created']);
    expect(numbers[0]?.id).toBe(ours);
    // Two numbers hold 'lag-a' until the user deletes one: `ids` names neither.
    const ids = JSON.parse(outputs['ids'] ?? '') as Record<string, string>;
    expect(ids).not.toHaveProperty('lag-a');
    expect(Object.keys(ids).sort()).toEqual(NAMES.filter((name) => name !== 'lag-a'));

    const problem = second.results[0]?.problem;
    expect(problem?.ids).toEqual([older, ours].sort());
    expect(problem?.message).toContain(
      "This run bought a second number for 'lag-a' because the listing it made before creating did not show the first one yet",
    );
    expect(problem?.message).toContain(`${older} (older, created `);
    expect(problem?.message).toContain(`${ours} (newer, bought by this run, created `);
    expect(problem?.hint).toMatch(
      new RegExp(
        `^Delete the newer number, ${ours} \\(this run's\\), .* keep the older one, ${older}; or, to keep this run's number instead, delete ${older}\\.`,
      ),
    );
    // Its other creates are still hidden by the lag: reported as such, still `created`.
    expect(second.results[1]?.problem?.message).toMatch(/'lag-b' \(.+\) is not listed yet, although Vapi answered/);
    expect(second.results[1]?.problem?.hint).toMatch(/Do not re-run apply before that/);

    const summary = renderReport(second);
    expect(summary).toMatch(/\| lag-a \| \+15555000000 \| vonage \| {2}\| created \|/);
    expect(summary).toContain("- **lag-a** (created): Verification: This run bought a second number for 'lag-a'");
    expect(world.fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('names the other number as the newer one when it was made after this run’s create', async () => {
    let other: string | undefined;
    world = await startWorld({
      wrapClient: (client: VapiClient, fake): VapiClient => ({
        ...client,
        listPhoneNumbers: () => client.listPhoneNumbers(),
        createPhoneNumber: async (body) => {
          const created = await client.createPhoneNumber(body);
          await sleep(5);
          other ??= fake.seedNumber({ ...body }).id;
          return created;
        },
      }),
    });
    world.writeConfig(CONFIG.split('  - name: lag-b')[0] ?? '');
    const outcome = await world.engine();
    const result = outcome.results[0];
    expect(result?.operation).toBe('created');
    expect(result?.problem?.message).toContain(`${other} (newer, created `);
    expect(result?.problem?.message).toContain(
      "The newer one was made after this run's create, by another run or in the dashboard.",
    );
    expect(result?.problem?.hint).toMatch(
      new RegExp(`^Delete the newer number, ${other}, .* keep ${result?.id}, bought by this run`),
    );
  });
});
