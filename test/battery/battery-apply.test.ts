// Battery, part 1: `apply` (with and without prune) under generated fault schedules (issue 3).
import { describe, expect, it } from 'vitest';
import { batteryCase } from './arbitraries.js';
import { runBattery, scheduleCount } from './property.js';
import { tempDir } from '../helpers/temp.js';

const RUNS = scheduleCount(1_250, 50_000);

describe('battery: apply never buys twice, deletes only what it owns, converges', () => {
  it(`holds I1-I6 over ${RUNS} generated fault schedules`, async () => {
    const tally = await runBattery('apply', batteryCase({ command: 'apply' }), RUNS, tempDir('vapi-battery-apply-'));
    expect(tally.cases).toBeGreaterThanOrEqual(RUNS);
  }, 3_600_000);
});
