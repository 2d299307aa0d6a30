// Battery, part 2: `delete` and `apply` against orgs big enough to page, under generated faults.
import { describe, expect, it } from 'vitest';
import { batteryCase } from './arbitraries.js';
import { runBattery, scheduleCount } from './property.js';
import { tempDir } from '../helpers/temp.js';

const RUNS = scheduleCount(1_250, 50_000);

describe('battery: delete and paged inventories', () => {
  it(`holds I1-I6 over ${RUNS} generated fault schedules`, async () => {
    const tally = await runBattery('delete+paging', batteryCase({ pagingWeight: 4 }), RUNS, tempDir('vapi-battery-mixed-'));
    expect(tally.cases).toBeGreaterThanOrEqual(RUNS);
  }, 3_600_000);
});
