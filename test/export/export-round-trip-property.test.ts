// The round trip over generated organisations: whatever the org holds (every provider, odd names,
// duplicated and missing names, assistants and squads sharing names, `${` in texts, an API that
// returns or withholds secrets), `plan` of its export with the real secrets changes nothing, and
// every named number is either exported or listed as left out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/plan/globs.js';
import { startWorld } from '../helpers/engine.js';
import { assertReplayable } from '../helpers/replay.js';
import { roundTrip, storedSecrets } from './round-trip.js';

/** A secret the org holds: long and marked, so that finding it in the text cannot be chance. */
const secret = (minLength: number): fc.Arbitrary<string> =>
  fc.stringMatching(/^[a-z0-9]{8,16}$/).map((text) => `canary-${text}`.padEnd(minLength, 'x'));

const name = fc.oneof(
  fc.constantFrom('acme-main', 'acme-sales', 'Main Support Line', 'café line', '1st line', 'github-line', 'a${B}c', '#7: "x"'),
  fc.constantFrom(' spaced ', 'yes', '0412', '+14155550100', 'x'.repeat(41)),
  fc.string({ minLength: 1, maxLength: 12 }),
);

const e164 = fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }).map((n) => `+1${n}`);
const text = fc.string({ maxLength: 30 });

const server = fc.record(
  {
    url: fc.constantFrom('https://hooks.example.com/vapi', 'http://localhost:8080/x'),
    timeoutSeconds: fc.integer({ min: 1, max: 300 }),
    headers: fc.dictionary(fc.constantFrom('Authorization', 'x-api-key', 'X-Api-Key', 'x_api_key', 'Ünïcode'), secret(12), {
      maxKeys: 3,
    }),
    credentialId: fc.constantFrom('cred-server-1', null),
    staticIpAddressesEnabled: fc.boolean(),
    // A key the API may add that the config does not know: left out of the export, with a note.
    region: fc.constant('us-west'),
  },
  { requiredKeys: ['url'] },
);

const destination = fc.oneof(
  fc.record(
    { type: fc.constant('number'), number: e164, message: fc.option(text, { nil: undefined }) },
    { requiredKeys: ['type', 'number'] },
  ),
  fc.record({ type: fc.constant('sip'), sipUri: fc.constant('sip:desk@example.com') }),
);

const hooks = fc.array(
  fc.oneof(
    fc.record({ on: fc.constant('call.ringing'), do: fc.tuple(fc.record({ type: fc.constant('say'), exact: text })) }),
    fc.record({ on: fc.constant('call.ending'), do: fc.record({ type: fc.constant('transfer'), destination }) }),
  ),
  { maxLength: 2 },
);

const common = fc.record(
  {
    name: fc.option(name, { nil: undefined }),
    route: fc.constantFrom('assistant', 'squad', 'workflow', 'unknown-assistant', 'null', 'none'),
    routeIndex: fc.nat(3),
    server: fc.option(server, { nil: null }),
    fallbackDestination: destination,
    hooks,
  },
  { requiredKeys: ['name', 'route', 'routeIndex'] },
);

const own = fc.oneof(
  fc.record(
    {
      provider: fc.constant('vapi'),
      number: e164,
      sipUri: fc.constant('sip:line@acme.sip.vapi.ai'),
      // The username is not a secret and is exported as it is: drawn without the canary mark, so that
      // no secret can be a piece of it (a shrunk header secret once was, and the text "leaked" it).
      authentication: fc.record({
        username: fc.stringMatching(/^[a-z0-9]{8,20}$/).map((user) => `user-${user}`),
        password: secret(24),
      }),
    },
    { requiredKeys: ['provider'] },
  ),
  fc.record(
    {
      provider: fc.constant('twilio'),
      number: e164,
      twilioAccountSid: fc.constant('AC00000000000000000000000000000001'),
      credentials: fc.option(
        fc.oneof(
          fc.record({ twilioAuthToken: secret(16) }),
          fc.record({ twilioApiKey: secret(16), twilioApiSecret: secret(16) }),
        ),
        {
          nil: undefined,
        },
      ),
      smsEnabled: fc.boolean(),
    },
    { requiredKeys: ['provider', 'number', 'twilioAccountSid'] },
  ),
  fc.record({ provider: fc.constantFrom('vonage', 'telnyx'), number: e164, credentialId: fc.constant('cred-1') }),
  fc.record(
    {
      provider: fc.constant('byo-phone-number'),
      credentialId: fc.constant('cred-byo'),
      number: fc.constantFrom('1001', '+14155550123', 'desk-line'),
      numberE164CheckEnabled: fc.constant(false),
    },
    { requiredKeys: ['provider', 'credentialId'] },
  ),
);

const organisation = fc.record({
  assistants: fc.array(fc.constantFrom('Front Desk', 'Sales', 'Support', ''), { maxLength: 4 }),
  squads: fc.array(fc.constantFrom('Support Squad', 'Night Squad'), { maxLength: 3 }),
  numbers: fc.array(fc.tuple(common, own), { maxLength: 7 }),
  returnSecrets: fc.boolean(),
  match: fc.option(fc.constantFrom('acme-*', '*', '?*e*'), { nil: undefined }),
});

type Organisation = typeof organisation extends fc.Arbitrary<infer T> ? T : never;

/** Totals over all generated orgs, printed at the end so a run shows what it covered. */
const totals = { numbers: 0, placeholders: 0, leftOut: 0, leftOutFields: 0, requests: 0 };

async function checkRoundTrip(org: Organisation): Promise<void> {
  const world = await startWorld({ returnSecrets: org.returnSecrets });
  try {
    const assistants = org.assistants.map((assistant) => world.fake.seedAssistant(assistant));
    const squads = org.squads.map((squad) => world.fake.seedSquad(squad));
    for (const [{ route, routeIndex, ...fields }, { credentials, ...ownFields }] of org.numbers.map(
      ([c, o]) => [c, { credentials: undefined, ...o }] as const,
    )) {
      const routing: Record<string, unknown> = {};
      if (route === 'assistant' && assistants.length > 0) routing['assistantId'] = assistants[routeIndex % assistants.length]?.id;
      if (route === 'squad' && squads.length > 0) routing['squadId'] = squads[routeIndex % squads.length]?.id;
      if (route === 'workflow') routing['workflowId'] = `wf-${routeIndex}`;
      if (route === 'unknown-assistant') routing['assistantId'] = `gone-${routeIndex}`;
      if (route === 'null') routing['assistantId'] = null;
      world.fake.seedNumber({ ...fields, ...ownFields, ...(credentials ?? {}), ...routing });
    }

    const { exported, outcome, planRequests } = await roundTrip(world, org.match === undefined ? {} : { match: org.match });
    totals.numbers += exported.numbers.length;
    totals.placeholders += exported.variables.length;
    totals.leftOut += exported.leftOut.length;
    totals.leftOutFields += exported.leftOutFields.length;
    totals.requests += Object.values(planRequests).reduce((sum, count) => sum + count, 0);

    expect(outcome.failed, `${exported.text}\n${outcome.log.join('\n')}`).toBe(false);
    expect(outcome.changed, exported.text).toBe(false);
    expect(world.fake.mutatingRequests()).toEqual([]);
    expect(outcome.results.map((result) => result.operation)).toEqual(exported.numbers.map(() => 'unchanged'));
    for (const value of storedSecrets(world.fake)) expect(exported.text).not.toContain(value);

    // Every selected name is accounted for: exported once, or left out with a reason.
    const glob = org.match === undefined ? undefined : compileGlob(org.match);
    const selected = world.fake
      .numbers()
      .map((number) => number['name'])
      .filter((named): named is string => typeof named === 'string' && named !== '' && (glob === undefined || glob.test(named)));
    const accounted = [...exported.numbers.map((number) => number.name), ...exported.leftOut.flatMap((left) => left.name ?? [])];
    expect(new Set(accounted)).toEqual(new Set(selected));
    const names = exported.numbers.map((number) => number.name);
    expect(names).toEqual([...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  } finally {
    await world.close();
  }
}

describe('export round trip over generated organisations', () => {
  it('plans no change for the export of any org, with every selected name exported or left out', async () => {
    const started = Date.now();
    const { runs } = await assertReplayable(fc.asyncProperty(organisation, checkRoundTrip), { numRuns: 100 });
    console.info(
      `export round-trip property: ${runs} generated orgs in ${Date.now() - started} ms; ${totals.numbers} numbers exported, ` +
        `${totals.placeholders} placeholders, ${totals.leftOut} numbers and ${totals.leftOutFields} fields left out, ` +
        `${totals.requests} plan requests, no write`,
    );
  }, 60_000);
});
