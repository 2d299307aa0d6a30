// SPEC section 9: `plan` of an export, against the same org with each variable set to the real
// secret, changes nothing. The org has every provider, hooks, a server with secret headers,
// fallback destinations, SIP authentication, and routing to assistants, squads and a workflow.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FakeVapi } from '../fake-vapi/index.js';
import { startWorld, type World } from '../helpers/engine.js';
import { exportOrg, roundTrip, storedSecrets } from './round-trip.js';

const SIP_PASSWORD = 'sip-password-canary-000000001';
const HEADER_TOKEN = 'Bearer header-canary-0001';
const API_KEY_HEADER = 'x-api-key-canary-0002';

/** Seeds the org as the dashboard would have left it; returns the IDs the export must route by. */
function seedOrg(fake: FakeVapi): { salesId: string } {
  const frontDesk = fake.seedAssistant('Front Desk');
  const sales = fake.seedAssistant('Sales');
  fake.seedAssistant('Sales');
  const squad = fake.seedSquad('Support Squad');
  const server = {
    url: 'https://hooks.example.com/vapi',
    timeoutSeconds: 20,
    headers: { Authorization: HEADER_TOKEN, 'x-api-key': API_KEY_HEADER },
  };
  fake.seedNumber({
    provider: 'vapi',
    name: 'acme-main',
    number: '+14155550100',
    assistantId: frontDesk.id,
    squadId: null,
    server,
    fallbackDestination: { type: 'number', number: '+14155550199', message: 'Transferring you now.' },
    hooks: [
      {
        on: 'call.ringing',
        do: [{ type: 'say', exact: 'Your balance is ${AMOUNT}; $5 a minute.' }],
        filters: [{ type: 'startsWith', key: 'number', startsWith: ['1415', '1628'] }],
      },
      {
        on: 'call.ending',
        do: { type: 'transfer', destination: { type: 'sip', sipUri: 'sip:desk@example.com' } },
        filters: [{ type: 'oneOf', key: 'call.endedReason', oneOf: ['assistant-request-failed'] }],
      },
    ],
  });
  fake.seedNumber({
    provider: 'vapi',
    name: 'acme-sip',
    sipUri: 'sip:acme-sip@acme.sip.vapi.ai',
    authentication: { realm: 'acme', username: 'acme-sip-user-0000000001', password: SIP_PASSWORD },
    squadId: squad.id,
  });
  fake.seedNumber({
    provider: 'twilio',
    name: 'acme-twilio',
    number: '+14155550101',
    twilioAccountSid: 'AC00000000000000000000000000000001',
    twilioAuthToken: 'twilio-token-canary-0001',
    smsEnabled: false,
    assistantId: sales.id,
    fallbackDestination: { type: 'sip', sipUri: 'sip:fallback@example.com' },
  });
  fake.seedNumber({
    provider: 'twilio',
    name: 'acme-twilio-key',
    number: '+14155550102',
    twilioAccountSid: 'AC00000000000000000000000000000002',
    twilioApiKey: 'SK-api-key-canary-0001',
    twilioApiSecret: 'api-secret-canary-0001',
    workflowId: 'wf-intake-0001',
  });
  fake.seedNumber({ provider: 'vonage', name: 'acme-vonage', number: '+442071838750', credentialId: 'cred-vonage-1', server });
  fake.seedNumber({
    provider: 'telnyx',
    name: 'acme-telnyx',
    number: '+13125550103',
    credentialId: 'cred-telnyx-1',
    hooks: [{ on: 'call.ringing', do: [{ type: 'transfer', destination: { type: 'number', number: '+13125550000' } }] }],
  });
  fake.seedNumber({
    provider: 'byo-phone-number',
    name: 'acme-byo',
    number: '1001',
    numberE164CheckEnabled: false,
    credentialId: 'cred-byo-1',
    squadId: squad.id,
  });
  fake.seedNumber({ provider: 'vapi', number: '+14155550150' });
  fake.seedNumber({ provider: 'telnyx', name: 'acme-dup', number: '+13125550104', credentialId: 'cred-telnyx-1' });
  fake.seedNumber({ provider: 'telnyx', name: 'acme-dup', number: '+13125550105', credentialId: 'cred-telnyx-1' });
  return { salesId: sales.id };
}

let world: World;
afterEach(async () => world.close());

describe.each([
  { returnSecrets: true, api: 'returns every secret' },
  { returnSecrets: false, api: 'withholds the Twilio and SIP secrets' },
])('export of an org of every provider, when the API $api', ({ returnSecrets }) => {
  it('plans no change and sends no write with each variable set to the real secret', async () => {
    world = await startWorld({ returnSecrets });
    seedOrg(world.fake);
    const { exported, outcome, planRequests } = await roundTrip(world);

    expect(exported.numbers.map((number) => number.name)).toEqual([
      'acme-byo',
      'acme-main',
      'acme-sip',
      'acme-telnyx',
      'acme-twilio',
      'acme-twilio-key',
      'acme-vonage',
    ]);
    expect(outcome.failed, outcome.log.join('\n')).toBe(false);
    expect(outcome.changed).toBe(false);
    expect(outcome.results.map((result) => [result.name, result.operation])).toEqual(
      exported.numbers.map((number) => [number.name, 'unchanged']),
    );
    expect(world.fake.mutatingRequests()).toEqual([]);
    console.info(
      `export round trip (API ${returnSecrets ? 'returns' : 'withholds'} secrets): ${exported.numbers.length} numbers exported, ` +
        `${exported.variables.length} placeholders, ${exported.leftOut.length} left out; the plan made ` +
        `${Object.entries(planRequests)
          .map(([method, count]) => `${count} ${method}`)
          .join(', ')} requests and ${world.fake.mutatingRequests().length} writes`,
    );
  });
});

describe('the exported text', () => {
  it('writes every secret as a variable, never its value, and lists the variables at the top', async () => {
    world = await startWorld({ returnSecrets: true });
    seedOrg(world.fake);
    const exported = await exportOrg(world.fake);
    for (const secret of storedSecrets(world.fake)) expect(exported.text).not.toContain(secret);
    expect(exported.variables.map((variable) => [variable.name, variable.number, variable.field])).toEqual([
      ['ACME_MAIN_SERVER_HEADER_AUTHORIZATION', 'acme-main', 'server.headers.Authorization'],
      ['ACME_MAIN_SERVER_HEADER_X_API_KEY', 'acme-main', 'server.headers.x-api-key'],
      ['ACME_SIP_SIP_PASSWORD', 'acme-sip', 'authentication.password'],
      ['ACME_TWILIO_TWILIO_AUTH_TOKEN', 'acme-twilio', 'twilioAuthToken'],
      ['ACME_TWILIO_KEY_TWILIO_API_KEY', 'acme-twilio-key', 'twilioApiKey'],
      ['ACME_TWILIO_KEY_TWILIO_API_SECRET', 'acme-twilio-key', 'twilioApiSecret'],
      ['ACME_VONAGE_SERVER_HEADER_AUTHORIZATION', 'acme-vonage', 'server.headers.Authorization'],
      ['ACME_VONAGE_SERVER_HEADER_X_API_KEY', 'acme-vonage', 'server.headers.x-api-key'],
    ]);
    const header = exported.text.slice(0, exported.text.indexOf('\n\nversion: 1'));
    for (const variable of exported.variables) expect(header).toContain(`#   ${variable.name}`);
  });

  it('routes by a unique name, by ID otherwise, and declares no server-owned or bought field', async () => {
    world = await startWorld({ returnSecrets: true });
    const { salesId } = seedOrg(world.fake);
    const exported = await exportOrg(world.fake);
    const numbers = (parse(exported.text) as { numbers: Record<string, unknown>[] }).numbers;
    const byName = new Map(numbers.map((number) => [number['name'], number]));
    expect(byName.get('acme-main')).toMatchObject({ assistant: 'Front Desk' });
    expect(byName.get('acme-sip')).toMatchObject({ squad: 'Support Squad' });
    expect(byName.get('acme-twilio')).toMatchObject({ assistantId: salesId });
    expect(byName.get('acme-twilio-key')).toMatchObject({ workflowId: 'wf-intake-0001' });
    expect(byName.get('acme-main')).not.toHaveProperty('number');
    expect(byName.get('acme-main')).not.toHaveProperty('squadId');
    expect(byName.get('acme-byo')).toMatchObject({ number: '1001' });
    for (const number of numbers) {
      for (const field of ['id', 'orgId', 'createdAt', 'updatedAt', 'status', 'numberDesiredAreaCode']) {
        expect(number).not.toHaveProperty(field);
      }
    }
    // The hook's `${AMOUNT}` is text, not a variable: escaped so the loader reads it back as written.
    expect(exported.text).toContain('Your balance is $${AMOUNT}; $5 a minute.');
  });

  it('leaves out the number without a name and both numbers of a duplicated name, saying what to do', async () => {
    world = await startWorld();
    seedOrg(world.fake);
    const exported = await exportOrg(world.fake);
    expect(exported.leftOut.map(({ name, reason, ids, line }) => ({ name, reason, count: ids.length, line }))).toEqual([
      { name: undefined, reason: 'it has no name', count: 1, line: '+14155550150' },
      { name: 'acme-dup', reason: '2 numbers carry this name', count: 2, line: undefined },
    ]);
    expect(exported.text).toMatch(/^# {3}\S+ \+14155550150: it has no name; name it in the Vapi dashboard/m);
    expect(exported.text).toMatch(/^# {3}"acme-dup" \S+, \S+: 2 numbers carry this name; rename all but one/m);
  });

  it('exports only the names the glob matches, and then reports no number without a name', async () => {
    world = await startWorld();
    seedOrg(world.fake);
    const { exported, outcome } = await roundTrip(world, { match: 'acme-t*' });
    expect(exported.numbers.map((number) => number.name)).toEqual(['acme-telnyx', 'acme-twilio', 'acme-twilio-key']);
    expect(exported.leftOut).toEqual([]);
    expect(outcome.changed).toBe(false);
  });

  it('has teeth: a variable set to another secret than the live one plans an update', async () => {
    world = await startWorld({ returnSecrets: true });
    seedOrg(world.fake);
    const { outcome } = await roundTrip(world, { env: { ACME_MAIN_SERVER_HEADER_AUTHORIZATION: 'Bearer some-other-token' } });
    expect(outcome.changed).toBe(true);
    expect(outcome.results.filter((result) => result.operation !== 'unchanged').map((result) => result.name)).toEqual([
      'acme-main',
    ]);
  });
});
