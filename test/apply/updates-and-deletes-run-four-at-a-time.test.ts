// Updates and deletes run four at a time (README, "Choices"): never more at once against one org,
// and not one by one either, which would make a large prune four times slower.
import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../src/apply/map-limited.js';

async function run(items: number, limit: number): Promise<{ peak: number; done: number[] }> {
  let active = 0;
  let peak = 0;
  const done: number[] = [];
  await mapLimited(
    Array.from({ length: items }, (_, i) => i),
    limit,
    async (item) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(item);
      active--;
    },
  );
  return { peak, done };
}

describe('mapLimited', () => {
  it('runs at most `limit` at a time, and that many when there are enough', async () => {
    const { peak, done } = await run(10, 4);
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs fewer at once when there are fewer items, and one at a time with a limit of 1 or less', async () => {
    expect((await run(3, 4)).peak).toBe(3);
    expect((await run(5, 1)).peak).toBe(1);
    expect((await run(5, 0)).done).toHaveLength(5);
    expect((await run(0, 4)).done).toEqual([]);
  });
});
