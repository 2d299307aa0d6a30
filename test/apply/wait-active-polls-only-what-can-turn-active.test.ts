// wait-until-active waits for what waiting can change: a `vapi` number this run wrote or found
// that Vapi still calls `activating`. An imported number (Twilio, Vonage, ...) has no activation to
// wait for, an entry that failed has no number, and a `blocked` number will not turn active by
// waiting: polling any of them would hold the job until wait-timeout and then fail it. Polls back
// off from 2 s to at most 15 s apart.
import { describe, expect, it } from 'vitest';
import type { NumberResult } from '../../src/apply/types.js';
import { waitUntilActive } from '../../src/apply/wait-active.js';
import { memoryLog } from '../../src/log.js';
import type { RemoteNumber, VapiClient } from '../../src/vapi/types.js';

/** A virtual clock, and a client whose `getPhoneNumber(id)` answers the next status scripted for id. */
function world(statuses: Record<string, string[]>) {
  let now = 0;
  const sleeps: number[] = [];
  const polled: string[] = [];
  const client = {
    getPhoneNumber: async (id: string): Promise<RemoteNumber> => {
      polled.push(id);
      const script = statuses[id] ?? [];
      const status = script.length > 1 ? script.shift() : script[0];
      return { id, name: id, provider: 'vapi', ...(status ? { status } : {}) };
    },
  } as unknown as VapiClient;
  const options = {
    client,
    log: memoryLog(),
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { options, sleeps, polled, now: () => now };
}

const result = (fields: Partial<NumberResult> & Pick<NumberResult, 'name'>): NumberResult => ({
  operation: 'created',
  declared: true,
  provider: 'vapi',
  ...fields,
});

describe('waitUntilActive', () => {
  it('polls only the vapi numbers still activating; imported numbers and failed entries are left alone', async () => {
    const w = world({ 'pn-vapi': ['activating', 'active'] });
    const results = [
      result({ name: 'free', id: 'pn-vapi', status: 'activating' }),
      result({ name: 'imported', id: 'pn-vonage', provider: 'vonage' }), // no status at all
      result({ name: 'twilio', id: 'pn-twilio', provider: 'twilio', status: 'activating' }),
      result({ name: 'broken', operation: 'failed' }),
      result({ name: 'ready', id: 'pn-ready', status: 'active' }),
    ];
    const waited = await waitUntilActive(results, { ...w.options, timeoutMs: 300_000 });
    expect(waited.error).toBeUndefined();
    expect(new Set(w.polled)).toEqual(new Set(['pn-vapi']));
    expect(waited.results.map((r) => [r.name, r.status])).toEqual([
      ['free', 'active'],
      ['imported', undefined],
      ['twilio', 'activating'],
      ['broken', undefined],
      ['ready', 'active'],
    ]);
    expect(w.now()).toBeLessThan(10_000);
  });

  it('reports a blocked number at once, without polling it or waiting', async () => {
    const w = world({});
    const waited = await waitUntilActive([result({ name: 'stuck', id: 'pn-stuck', status: 'blocked' })], {
      ...w.options,
      timeoutMs: 300_000,
    });
    expect(waited.error).toMatch(/'stuck' \(pn-stuck, blocked\)/);
    expect(w.polled).toEqual([]);
    expect(w.sleeps).toEqual([]);
  });

  it('backs off 2, 4, 8 s, then polls every 15 s until the timeout, and names what is still activating', async () => {
    const w = world({ 'pn-slow': ['activating'] });
    const waited = await waitUntilActive([result({ name: 'slow', id: 'pn-slow', status: 'activating' })], {
      ...w.options,
      timeoutMs: 60_000,
    });
    expect(w.sleeps).toEqual([2_000, 4_000, 8_000, 15_000, 15_000, 15_000, 1_000]);
    expect(w.now()).toBe(60_000);
    expect(waited.error).toMatch(/^wait-until-active: not active after 60 s: 'slow' \(pn-slow, activating\)\. /);
    expect(waited.error).toMatch(/raise wait-timeout, or run again later \(a blocked number needs Vapi support\)\.$/);
    expect(waited.results[0]).toMatchObject({ id: 'pn-slow', operation: 'created' });
  });
});
