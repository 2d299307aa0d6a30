import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/vapi/pacing.js';

/** A clock that only moves when someone sleeps. */
function virtualClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('Pacer', () => {
  it('does not hold anything back before a 429', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    for (let i = 0; i < 50; i++) pacer.granted(await pacer.turn());
    expect(clock.sleeps).toEqual([]);
    expect(pacer.intervalMs).toBe(0);
  });

  it('after a 429 waits it out, then spaces requests at the rate granted before it', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    for (let i = 0; i < 10; i++) {
      pacer.granted(await pacer.turn());
      clock.advance(5);
    }
    await pacer.turn();
    pacer.limited(1_000);
    expect(pacer.intervalMs).toBeCloseTo(105, 5);
    const first = await pacer.turn();
    const second = await pacer.turn();
    expect(first).toBeGreaterThanOrEqual(clock.now() - 105 - 1);
    expect(second - first).toBeCloseTo(105, 5);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(1_000 - 50);
  });

  it('learns nothing from a lone 429 (too few requests to tell a rate)', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    pacer.granted(await pacer.turn());
    pacer.limited(200);
    expect(pacer.intervalMs).toBe(0);
    await pacer.turn();
    expect(clock.sleeps).toEqual([200]);
  });

  it('does not slow down for 429s to requests already in flight when the pace was learnt', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    for (let i = 0; i < 10; i++) pacer.granted(await pacer.turn());
    // Four creates let go together; three of them run into the limit.
    const together = await Promise.all([pacer.turn(), pacer.turn(), pacer.turn(), pacer.turn()]);
    clock.advance(20);
    pacer.limited(1_000, together[1]);
    const learnt = pacer.intervalMs;
    pacer.limited(1_000, together[2]);
    pacer.limited(1_000, together[3]);
    expect(pacer.intervalMs).toBe(learnt);
    // Requests let go at the learnt pace, one of them still refused: now the estimate was high.
    for (let i = 0; i < 10; i++) pacer.granted(await pacer.turn());
    const later = await pacer.turn();
    pacer.limited(0, later);
    expect(pacer.intervalMs).toBeGreaterThan(learnt);
  });

  it('only ever slows down on a second 429', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(clock);
    for (let i = 0; i < 10; i++) pacer.granted(await pacer.turn());
    pacer.limited(0);
    const learnt = pacer.intervalMs;
    for (let i = 0; i < 20; i++) pacer.granted(await pacer.turn());
    pacer.limited(0);
    expect(pacer.intervalMs).toBeGreaterThan(learnt);
  });
});
