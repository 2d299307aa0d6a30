// A create that fails after the number was made must never lead to a second number.
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault } from '../fake-vapi/index.js';
import { duplicatedNames, startWorld, type World } from '../helpers/engine.js';

const THREE = [
  'version: 1',
  'numbers:',
  ...['a', 'b', 'c'].flatMap((name, i) => [
    `  - name: fault-${name}`,
    '    provider: vonage',
    `    number: "+1555000000${i}"`,
    '    credentialId: cred-1',
  ]),
  '',
].join('\n');

const SIX = [
  'version: 1',
  'numbers:',
  ...['a', 'b', 'c', 'd', 'e', 'f'].flatMap((name, i) => [
    `  - name: window-${name}`,
    '    provider: vonage',
    `    number: "+1555100000${i}"`,
    '    credentialId: cred-1',
  ]),
  '',
].join('\n');

let world: World;
afterEach(async () => world?.close());

async function applyWithFault(fault: Fault, options: { requestTimeoutMs?: number } = {}) {
  world = await startWorld(options);
  world.writeConfig(THREE);
  world.fake.injectFault(fault);
  return world.engine();
}

function posts(): number {
  return world.fake.requests.filter((r) => r.method === 'POST').length;
}

describe('ambiguous create failures', () => {
  for (const kind of ['status-after', 'reset-after'] as const) {
    it(`adopts the number after a POST ${kind} and never buys it twice`, async () => {
      const outcome = await applyWithFault({ method: 'POST', kind });
      expect(outcome.failed, outcome.log.join('\n')).toBe(false);
      expect(outcome.results.map((r) => r.operation)).toEqual(['created', 'created', 'created']);
      expect(posts()).toBe(3);
      expect(world.fake.numbers()).toHaveLength(3);
      expect(duplicatedNames(world.fake)).toEqual([]);

      world.fake.resetLog();
      const again = await world.engine();
      expect(again.results.every((r) => r.operation === 'unchanged')).toBe(true);
      expect(world.fake.mutatingRequests()).toEqual([]);
    });
  }

  it('adopts the number after a POST that hangs past the timeout', async () => {
    const outcome = await applyWithFault({ method: 'POST', kind: 'hang-after' }, { requestTimeoutMs: 300 });
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(posts()).toBe(3);
    expect(world.fake.numbers()).toHaveLength(3);
  });

  it('reports unknown, starts no further create, lets those in flight finish, and the next run converges', async () => {
    world = await startWorld();
    world.writeConfig(SIX);
    // The first POST to arrive fails after making its number; the other three of the window are
    // held, so they are still in flight while it is in doubt.
    world.fake.injectFault({ method: 'POST', kind: 'status-after', status: 502 });
    world.fake.injectFault({ method: 'POST', kind: 'delay', delayMs: 150, times: 3 });
    // The new number stays invisible to the three re-listings that look for it in this run.
    world.fake.setListLag(3);
    const outcome = await world.engine();
    expect(outcome.failed).toBe(true);
    const operations = outcome.results.map((r) => r.operation);
    expect(operations.slice(0, 4).sort()).toEqual(['created', 'created', 'created', 'unknown']);
    expect(operations.slice(4)).toEqual(['failed', 'failed']);
    for (const halted of outcome.results.slice(4)) expect(halted.problem?.message).toContain('earlier create');
    expect(posts()).toBe(4);

    world.fake.setListLag(0);
    const next = await world.engine();
    expect(next.failed, next.log.join('\n')).toBe(false);
    expect(next.results.map((r) => r.operation).sort()).toEqual([
      'created',
      'created',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(world.fake.numbers()).toHaveLength(6);
    expect(duplicatedNames(world.fake)).toEqual([]);
  });

  it('holds back new creates while one is in doubt, and goes on once the re-listing finds it', async () => {
    world = await startWorld();
    world.writeConfig(SIX);
    world.fake.injectFault({ method: 'POST', kind: 'status-after', status: 502 });
    world.fake.injectFault({ method: 'POST', kind: 'delay', delayMs: 150, times: 3 });
    const outcome = await world.engine();
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.results.map((r) => r.operation)).toEqual(Array(6).fill('created'));
    expect(posts()).toBe(6);
    // The fifth POST went out only after the doubtful one's re-listing had found its number.
    const order = world.fake.requests.map((r) => r.method);
    const relisting = order.indexOf('GET', order.indexOf('POST'));
    expect(order.slice(0, relisting).filter((method) => method === 'POST')).toHaveLength(4);
    expect(duplicatedNames(world.fake)).toEqual([]);
  });

  it('after a 5xx before anything was made, reports unknown and the next run creates it once', async () => {
    const outcome = await applyWithFault({ method: 'POST', kind: 'status-before', status: 503 });
    // The other two creates were sent with it (a window of four), and are made.
    expect(outcome.results.map((r) => r.operation).sort()).toEqual(['created', 'created', 'unknown']);
    expect(posts()).toBe(3);
    const next = await world.engine();
    expect(next.failed).toBe(false);
    expect(world.fake.numbers()).toHaveLength(3);
    expect(duplicatedNames(world.fake)).toEqual([]);
  });

  it('retries a POST answered 429 (nothing was made) after its Retry-After', async () => {
    const started = Date.now();
    const outcome = await applyWithFault({ method: 'POST', kind: 'rate-limit', retryAfter: '1' });
    expect(outcome.failed).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(posts()).toBe(4);
    expect(world.fake.numbers()).toHaveLength(3);
  });

  it('retries a PATCH that failed after the change and ends converged', async () => {
    world = await startWorld();
    world.writeConfig(THREE);
    await world.engine();
    world.writeConfig(THREE.replaceAll('cred-1', 'cred-2'));
    world.fake.injectFault({ method: 'PATCH', kind: 'reset-after' });
    const outcome = await world.engine();
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(world.fake.numbers().every((n) => n['credentialId'] === 'cred-2')).toBe(true);
  });

  it('writes nothing when the inventory cannot be listed', async () => {
    world = await startWorld();
    world.writeConfig(THREE);
    world.fake.injectFault({ method: 'GET', path: '/phone-number', kind: 'status-before', status: 500, times: 50 });
    await expect(world.engine()).rejects.toThrow(/phone-number/);
    expect(world.fake.mutatingRequests()).toEqual([]);
  });
});
