// The reports hide every secret the plan holds, also ones the config never declared: a live
// number's Twilio token or SIP password (when the API returns them) and every value under
// `server.headers`, however deep. The API can quote any of them back in an error, and the job
// summary, the CLI's table and JSON and the outputs are built from that error's text. Here the
// API does exactly that, in-process (test/report/secret-canaries.test.ts does it through dist/).
import { afterEach, describe, expect, it } from 'vitest';
import { palette } from '../../src/cli/colour.js';
import { renderJson, renderTable } from '../../src/cli/report.js';
import { renderReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import type { RunOutcome } from '../../src/run.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world?.close());

/** The forms a secret takes in a quoted text: raw, JSON-escaped, URL-encoded, base64. */
function forms(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64');
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), base64, base64.replace(/=+$/, '')];
}

/** Everything the run shows to people, as the action and the CLI render it. */
function shown(outcome: RunOutcome): Record<string, string> {
  return {
    summary: renderReport(outcome),
    table: renderTable(outcome, { secrets: [], colours: palette(false) }),
    json: renderJson(outcome, []),
    outputs: JSON.stringify(outputsFor(outcome)),
  };
}

function expectHidden(outcome: RunOutcome, secrets: string[]): void {
  for (const [where, text] of Object.entries(shown(outcome))) {
    for (const secret of secrets) {
      for (const form of forms(secret)) expect(text, `${where} shows ${form}`).not.toContain(form);
    }
  }
}

/** The API's message reached the summary, the table and the JSON: only hiding keeps the values out. */
function expectQuoted(outcome: RunOutcome): void {
  const { summary, table, json } = shown(outcome);
  for (const text of [summary, table, json]) expect(text).toContain('phone number rejected');
}

/** Makes the next PATCH fail with a 400 whose message quotes `quoted`, as an API echoing its input would. */
function failNextPatchQuoting(quoted: string[]): void {
  world.fake.injectFault({
    method: 'PATCH',
    kind: 'status-before',
    status: 400,
    message: `phone number rejected: ${quoted.map((q, i) => `field${i}=${q} json=${JSON.stringify(q)} b64=${Buffer.from(q).toString('base64')}`).join('; ')}`,
  });
}

describe('secrets only the live number holds are hidden when the API quotes them', () => {
  const LIVE_TOKEN = 'live-only-twilio-token-7Q2';
  const LIVE_HEADER = 'Bearer live-only-header-9K4';
  const LIVE_DEEP = 'live-only-deep-header-3X8';
  const CONFIG = [
    'version: 1',
    'numbers:',
    '  - name: support',
    '    provider: twilio',
    '    number: "+14155550100"',
    '    twilioAccountSid: AC00000000000000000000000000000001',
    // A twilio number needs a credential; an API key pair, so the live auth token stays undeclared.
    '    twilioApiKey: ${TWILIO_API_KEY}',
    '    twilioApiSecret: ${TWILIO_API_SECRET}',
    '    assistantId: asst-new',
    '',
  ].join('\n');

  it('a live Twilio token and live header values (one and three levels down) the config never declared', async () => {
    world = await startWorld({ returnSecrets: true });
    world.writeConfig(CONFIG);
    world.fake.seedNumber({
      provider: 'twilio',
      name: 'support',
      number: '+14155550100',
      twilioAccountSid: 'AC00000000000000000000000000000001',
      twilioAuthToken: LIVE_TOKEN,
      assistantId: 'asst-old',
      server: {
        url: 'https://example.com/hook',
        headers: { Authorization: LIVE_HEADER, 'X-Nested': { signed: { token: LIVE_DEEP } } },
      },
    });
    failNextPatchQuoting([LIVE_TOKEN, LIVE_HEADER, LIVE_DEEP]);

    const outcome = await world.engine({}, { TWILIO_API_KEY: 'SK-declared-key-0001', TWILIO_API_SECRET: 'declared-secret-0001' });
    expect(outcome.failed).toBe(true);
    expectQuoted(outcome);
    expectHidden(outcome, [LIVE_TOKEN, LIVE_HEADER, LIVE_DEEP]);
  });
});

describe('a declared secret that is not part of the change', () => {
  it('a Twilio token the API does not return, quoted in the error of a PATCH of another field', async () => {
    const TOKEN = 'declared-unchanged-token-2M6';
    world = await startWorld({ returnSecrets: false });
    world.writeConfig(
      [
        'version: 1',
        'numbers:',
        '  - name: support',
        '    provider: twilio',
        '    number: "+14155550102"',
        '    twilioAccountSid: AC00000000000000000000000000000001',
        '    twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
        '    assistantId: asst-new',
        '    workflowId: null', // a declared null sits beside the secrets the reports look for
        '',
      ].join('\n'),
    );
    world.fake.seedNumber({
      provider: 'twilio',
      name: 'support',
      number: '+14155550102',
      twilioAccountSid: 'AC00000000000000000000000000000001',
      twilioAuthToken: TOKEN,
      assistantId: 'asst-old',
    });
    failNextPatchQuoting([TOKEN]);
    const outcome = await world.engine({}, { TWILIO_AUTH_TOKEN: TOKEN });
    expect(outcome.failed).toBe(true);
    // Only assistantId is sent: the token is held by the declaration alone.
    expect(world.fake.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ assistantId: 'asst-new' });
    expectQuoted(outcome);
    expectHidden(outcome, [TOKEN]);
  });
});

describe('declared header values are hidden however deep they sit', () => {
  it('a header declared in the config and quoted back in an error', async () => {
    const HEADER = 'declared-header-secret-5V1';
    world = await startWorld();
    world.writeConfig(
      [
        'version: 1',
        'numbers:',
        '  - name: support',
        '    provider: vonage',
        '    number: "+14155550101"',
        '    credentialId: cred-1',
        '    server:',
        '      url: https://example.com/hook',
        '      headers:',
        '        X-Api-Key: ${HEADER_SECRET}',
        '',
      ].join('\n'),
    );
    world.fake.seedNumber({ provider: 'vonage', name: 'support', number: '+14155550101', credentialId: 'cred-1' });
    failNextPatchQuoting([HEADER]);
    const outcome = await world.engine({}, { HEADER_SECRET: HEADER });
    expect(outcome.failed).toBe(true);
    expectQuoted(outcome);
    expectHidden(outcome, [HEADER]);
  });
});
