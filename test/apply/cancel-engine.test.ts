// An orderly cancel (issue 12, item 2), in-process: once cancelled, the engine sends no new
// request (no next create, no retry, no next page), lets the request in flight finish within the
// grace, lists once for a create it gave up on, and reports every number with what is known.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancellation, isCancellation } from '../../src/cancel.js';
import type { FaultKind, FaultMethod } from '../fake-vapi/index.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

const NAMES = ['c-0', 'c-1', 'c-2', 'c-3'];
const CONFIG = `version: 1\nnumbers:\n${NAMES.map(
  (name, i) => `  - name: ${name}\n    provider: vonage\n    number: "+1555300000${i}"\n    credentialId: c\n`,
).join('')}`;

/**
 * Cancels when the run's `request`-th request arrives, holding it (`delay`) or never answering it
 * (`hang-*`). Returns how many requests the fake had seen, the held one included, at the cancel.
 */
function cancelAt(cancel: Cancellation, request: number, kind: FaultKind, signal = 'SIGINT'): { seen: number } {
  const at = { seen: -1 };
  let base: number | undefined;
  world.fake.setFaultPicker((incoming) => {
    base ??= incoming.index;
    if (incoming.index - base !== request) return undefined;
    return { method: incoming.method as FaultMethod, kind, delayMs: 150 };
  });
  world.fake.setFaultListener((fault) => {
    if (fault.kind !== kind || at.seen >= 0) return;
    at.seen = world.fake.requests.length;
    cancel.cancel(signal);
  });
  return at;
}

const after = (seen: number): string[] => world.fake.requests.slice(seen).map((r) => `${r.method} ${r.path}`);

describe('a cancelled run', () => {
  it('lets the POST in flight finish, sends nothing more, and reports the rest as not sent', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG);
    const cancel = new Cancellation();
    const at = cancelAt(cancel, 2, 'delay');
    // One create at a time: the second is in flight at the cancel, the last two not yet sent.
    const outcome = await world.engine({}, {}, { cancel, createWindow: 1 });
    expect(outcome.results.map((r) => r.operation)).toEqual(['created', 'created', 'failed', 'failed']);
    expect(outcome.results.map((r) => r.problem?.cancelled)).toEqual([undefined, undefined, 'not-sent', 'not-sent']);
    expect(outcome.results[2]?.problem?.message).toBe(
      'Not created: the run was cancelled (SIGINT) before this request was sent.',
    );
    expect(after(at.seen)).toEqual([]);
    expect(outcome.failed).toBe(true);
    expect(outcome.failures).toEqual([
      expect.stringMatching(
        /^The run was cancelled \(SIGINT\) before it finished \(2 created, 2 not started\): .*Wait about a minute/,
      ),
    ]);
    const live = world.fake.numbers().map((n) => n['name']);
    expect(live.sort()).toEqual(['c-0', 'c-1']);
  });

  it('with creates four at a time, lets every POST in flight finish and starts none after the cancel', async () => {
    world = await startWorld();
    const names = Array.from({ length: 8 }, (_, i) => `w-${i}`);
    world.writeConfig(
      `version: 1\nnumbers:\n${names
        .map((name, i) => `  - name: ${name}\n    provider: vonage\n    number: "+1555310000${i}"\n    credentialId: c\n`)
        .join('')}`,
    );
    const cancel = new Cancellation();
    // Every POST is held a while; the first to arrive cancels the run. The window's four were all
    // sent together, before any of them could end and let a fifth start.
    world.fake.setFaultPicker((incoming) =>
      incoming.method === 'POST' ? { method: 'POST', kind: 'delay', delayMs: 150 } : undefined,
    );
    world.fake.setFaultListener(() => {
      if (!cancel.cancelled) cancel.cancel('SIGINT');
    });
    const outcome = await world.engine({}, {}, { cancel });
    expect(outcome.results.map((r) => r.operation)).toEqual([...Array(4).fill('created'), ...Array(4).fill('failed')]);
    expect(outcome.results.slice(4).map((r) => r.problem?.cancelled)).toEqual(Array(4).fill('not-sent'));
    expect(world.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
    expect(
      world.fake
        .numbers()
        .map((n) => n['name'])
        .sort(),
    ).toEqual(names.slice(0, 4));
    expect(outcome.failures[0]).toMatch(/\(4 created, 4 not started\)/);
  });

  it('a PATCH in flight finishes; updates not yet sent are reported, not made', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG);
    for (const [i, name] of NAMES.entries()) {
      world.fake.seedNumber({ provider: 'vonage', name, number: `+1555300000${i}`, credentialId: 'old' });
    }
    const cancel = new Cancellation();
    // Updates run four at a time: cancel on the first, the other three are already sent.
    const at = cancelAt(cancel, 1, 'delay');
    const outcome = await world.engine({}, {}, { cancel });
    expect(outcome.results.every((r) => r.operation === 'updated')).toBe(true);
    expect(after(at.seen).filter((r) => r.startsWith('GET'))).toEqual([]);
    expect(outcome.failures[0]).toMatch(/\(4 updated\)/);
  });

  describe('a create still unanswered when the grace ends', () => {
    const cases = [
      { kind: 'hang-after', lag: 0, expected: 'created' },
      { kind: 'hang-after', lag: 3, expected: 'unknown' },
      { kind: 'hang-before', lag: 0, expected: 'unknown' },
    ] as const;
    for (const { kind, lag, expected } of cases) {
      it(`${kind}${lag ? ', list lagging' : ''}: one listing, then ${expected}`, async () => {
        world = await startWorld();
        world.writeConfig(CONFIG);
        world.fake.setListLag(lag);
        const cancel = new Cancellation({ graceMs: 200, listByMs: 2_000 });
        const at = cancelAt(cancel, 2, kind);
        const started = performance.now();
        const outcome = await world.engine({}, {}, { cancel, createWindow: 1 });
        expect(performance.now() - started).toBeLessThan(2_000);
        expect(after(at.seen)).toEqual(['GET /phone-number']);
        const result = outcome.results[1];
        expect(result?.operation).toBe(expected);
        if (expected === 'created') {
          const made = world.fake.numbers().find((n) => n['name'] === 'c-1');
          expect(result?.id).toBe(made?.id);
          expect(result?.problem).toBeUndefined();
        } else {
          expect(result?.problem?.message).toMatch(/got no answer within 0\.2 s of the cancel.*does not show it/);
          expect(result?.problem?.hint).toMatch(/^Wait about a minute, then run again/);
        }
        expect(outcome.results.slice(2).map((r) => r.problem?.cancelled)).toEqual(['not-sent', 'not-sent']);
      });
    }

    it('a second signal stops waiting at once', async () => {
      world = await startWorld();
      world.writeConfig(CONFIG);
      const cancel = new Cancellation({ graceMs: 30_000, listByMs: 31_000 });
      cancelAt(cancel, 1, 'hang-before');
      const running = world.engine({}, {}, { cancel });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      cancel.cancel('SIGTERM');
      const outcome = await running;
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(outcome.results[0]?.operation).toBe('unknown');
    });
  });

  it('retries nothing after the cancel: a listing answered 503 is not sent again, and the run ends at once', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG);
    // The inventory's retry waits under its own deadline; a cancel ends that wait at once rather
    // than holding the run to the 5 s grace.
    const cancel = new Cancellation();
    world.fake.injectFault({ method: 'GET', kind: 'status-before', status: 503 });
    world.fake.setFaultListener(() => cancel.cancel('SIGINT'));
    const started = performance.now();
    const error: unknown = await world.engine({}, {}, { cancel }).catch((thrown: unknown) => thrown);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(isCancellation(error)).toBe(true);
    expect(world.fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 503']);
  });

  it('retries nothing after the cancel: a PATCH answered 503 is not sent again, its outcome unknown', async () => {
    world = await startWorld();
    world.writeConfig(CONFIG.split('  - name: c-1')[0] ?? '');
    world.fake.seedNumber({ provider: 'vonage', name: 'c-0', number: '+15553000000', credentialId: 'old' });
    const cancel = new Cancellation();
    world.fake.injectFault({ method: 'PATCH', kind: 'status-before', status: 503 });
    world.fake.setFaultListener(() => cancel.cancel('SIGINT'));
    const started = performance.now();
    const outcome = await world.engine({}, {}, { cancel });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(world.fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PATCH 503']);
    expect(outcome.results[0]?.operation).toBe('unknown');
    expect(outcome.results[0]?.problem?.message).toMatch(/was not retried after the cancel/);
  });

  it('asks for no next page of a listing after the cancel', async () => {
    world = await startWorld({ maxListLimit: 100 });
    world.writeConfig(CONFIG);
    for (let i = 0; i < 150; i++) world.fake.seedNumber({ provider: 'vonage', name: `other-${i}`, number: `+1555400${i}` });
    const cancel = new Cancellation();
    cancelAt(cancel, 0, 'delay');
    const error: unknown = await world.engine({}, {}, { cancel }).catch((thrown: unknown) => thrown);
    expect(isCancellation(error)).toBe(true);
    expect(world.fake.requests).toHaveLength(1);
  });
});

describe('Cancellation', () => {
  it('listens for SIGINT and SIGTERM until told to stop, and adds nothing to the process after', () => {
    const before = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const stop = new Cancellation().listen();
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(before + 2);
    stop();
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(before);

    const proc = new EventEmitter();
    const cancel = new Cancellation({ describe: (signal) => `stopped by ${signal}` });
    const seen: string[] = [];
    cancel.onCancel((signal, repeated) => seen.push(`${signal}${repeated ? ' again' : ''}`));
    const off = cancel.listen(proc as unknown as NodeJS.Process);
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    off();
    proc.emit('SIGINT');
    expect(seen).toEqual(['SIGTERM', 'SIGINT again']);
    expect(cancel.cause).toBe('stopped by SIGTERM');
    expect(cancel.signal.aborted).toBe(true);
  });

  it('hardStop resolves its time after the signal, and never without one', async () => {
    const cancel = new Cancellation({ hardStopMs: 50 });
    let stopped = false;
    void cancel.hardStop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    cancel.cancel('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(true);
  });
});
