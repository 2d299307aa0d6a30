// wait-until-active: new free numbers are polled until Vapi says `active`, on a virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const TWO_FREE = [
  'version: 1',
  'numbers:',
  '  - name: free-a',
  '    provider: vapi',
  '    numberDesiredAreaCode: "415"',
  '  - name: free-b',
  '    provider: vapi',
  '    numberDesiredAreaCode: "212"',
  '',
].join('\n');

function virtualTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}

describe('wait-until-active', () => {
  it('polls each activating number until it is active, then succeeds with the IDs', async () => {
    world = await startWorld({ activatingGets: 3 });
    world.writeConfig(TWO_FREE);
    const time = virtualTime();
    const outcome = await world.engine({ waitUntilActive: true, waitTimeoutMs: 300_000 }, {}, time);
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results.map((r) => [r.name, r.status])).toEqual([
      ['free-a', 'active'],
      ['free-b', 'active'],
    ]);
    const polls = world.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/phone-number/'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(time.waits.every((ms) => ms >= 1_000)).toBe(true);
  });

  it('fails at the timeout naming the numbers still activating, and keeps their IDs', async () => {
    world = await startWorld({ activatingGets: 1_000 });
    world.writeConfig(TWO_FREE);
    const time = virtualTime();
    const outcome = await world.engine({ waitUntilActive: true, waitTimeoutMs: 60_000 }, {}, time);
    expect(outcome.failed).toBe(true);
    expect(outcome.failures.join()).toMatch(/not active after 60 s: 'free-a' .*activating.*'free-b'/);
    expect(outcome.results.every((r) => r.id && r.operation === 'created')).toBe(true);
    expect(time.now()).toBeGreaterThanOrEqual(60_000);
    expect(time.now()).toBeLessThan(80_000);
  });

  it('does nothing without the input, or for numbers that are not vapi numbers', async () => {
    world = await startWorld({ activatingGets: 1_000 });
    world.writeConfig(TWO_FREE);
    const outcome = await world.engine({}, {}, virtualTime());
    expect(outcome.failed).toBe(false);
    expect(outcome.results.map((r) => r.status)).toEqual(['activating', 'activating']);
  });
});
