// Under an unpublished rate limit (here a 10 requests/s token bucket), a 200-number apply finishes
// with no failure, and after the first 429 the client keeps under the limit on its own.
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers/engine.js';
import { tokenBucket } from '../helpers/token-bucket.js';

let world: World;
afterEach(async () => world?.close());

function config(count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) =>
      `  - name: soak-${i}\n    provider: vonage\n    number: "+1555400${String(i).padStart(4, '0')}"\n    credentialId: c\n`,
  );
  return `version: 1\nnumbers:\n${entries.join('')}`;
}

describe('rate-limit soak', () => {
  it('applies 200 numbers through a 10 requests/s bucket with no failure and under 5% 429s', async () => {
    world = await startWorld();
    const bucket = tokenBucket({ perSecond: 10, burst: 10 });
    world.fake.setFaultPicker(bucket.picker);
    world.writeConfig(config(200));
    const started = performance.now();
    const outcome = await world.engine();
    const seconds = (performance.now() - started) / 1000;
    const total = world.fake.requests.length;
    const limited = world.fake.requests.filter((r) => r.status === 429).length;
    const granted = total - limited;
    const floor = (granted - 10) / 10;
    console.log(
      `rate-limit soak: ${granted} requests granted, ${limited} answered 429 (${((100 * limited) / total).toFixed(1)}%), ` +
        `${seconds.toFixed(1)} s against a bucket minimum of ${floor.toFixed(1)} s (${(seconds / floor).toFixed(2)}x)`,
    );
    expect(outcome.failed, outcome.log.filter((l) => !l.startsWith('debug')).join('\n')).toBe(false);
    expect(outcome.results.filter((r) => r.operation === 'created')).toHaveLength(200);
    expect(world.fake.numbers()).toHaveLength(200);
    expect(limited / total).toBeLessThan(0.05);
  }, 90_000);
});
