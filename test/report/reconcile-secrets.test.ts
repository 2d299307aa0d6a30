// Secrets are compared only when the API returns them, and never reach a log line or the report.
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import { startWorld, type World } from '../helpers/engine.js';

const CONFIG = [
  'version: 1',
  'numbers:',
  '  - name: twilio-line',
  '    provider: twilio',
  '    number: "+14155550100"',
  '    twilioAccountSid: AC1',
  '    twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
  '    server:',
  '      url: https://example.com/hook',
  '      headers:',
  '        X-Token: ${HEADER_TOKEN}',
  '',
].join('\n');
const FIRST = { TWILIO_AUTH_TOKEN: 'first-token-canary-111', HEADER_TOKEN: 'header-canary-111' };
const ROTATED = { TWILIO_AUTH_TOKEN: 'second-token-canary-222', HEADER_TOKEN: 'header-canary-111' };

let world: World;
afterEach(async () => world?.close());

function expectNoCanary(texts: string[]): void {
  const all = texts.join('\n');
  for (const canary of [...Object.values(FIRST), ...Object.values(ROTATED)]) expect(all).not.toContain(canary);
}

describe('secrets', () => {
  it('when the API returns them: a rotated token is one PATCH, shown as *** everywhere', async () => {
    world = await startWorld({ returnSecrets: true });
    world.writeConfig(CONFIG);
    const first = await world.engine({}, FIRST);
    expect(first.failed, first.log.join('\n')).toBe(false);
    world.fake.resetLog();
    const same = await world.engine({}, FIRST);
    expect(same.results[0]?.operation).toBe('unchanged');
    expect(world.fake.mutatingRequests()).toEqual([]);

    const rotated = await world.engine({}, ROTATED);
    expect(rotated.failed, rotated.log.join('\n')).toBe(false);
    const writes = world.fake.mutatingRequests();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.body).toEqual({ twilioAuthToken: ROTATED.TWILIO_AUTH_TOKEN });
    expect(rotated.results[0]?.changes).toEqual([
      {
        field: 'twilioAuthToken',
        from: FIRST.TWILIO_AUTH_TOKEN,
        to: ROTATED.TWILIO_AUTH_TOKEN,
        secret: true,
        leaves: [{ path: 'twilioAuthToken', secret: true }],
      },
    ]);
    // The plan value holds the raw values; everything shown to people must not.
    expectNoCanary([...first.log, ...same.log, ...rotated.log, renderReport(rotated), JSON.stringify(outputsFor(rotated))]);
  });

  it('when the API hides them: the second run is unchanged and sends no write', async () => {
    world = await startWorld({ returnSecrets: false });
    world.writeConfig(CONFIG);
    await world.engine({}, FIRST);
    world.fake.resetLog();
    const rotated = await world.engine({}, ROTATED);
    expect(rotated.results[0]?.operation).toBe('unchanged');
    expect(world.fake.mutatingRequests()).toEqual([]);
    expectNoCanary([...rotated.log, renderReport(rotated)]);
  });
});
