// fast-check generators for battery cases. Sizes are skewed small (most cases hold a handful of
// numbers, so 2,000 fit in the default run) with a tail of large configs and of orgs big enough to
// force paging through the fake's 100-item list cap.
import fc from 'fast-check';
import { ASSISTANTS, ASSISTANT_REF, SECRETS } from './model.js';
import type { BatteryCase, Entry, FaultSpec, OutOfBand, Presence, Provider, ScheduledFault, SeededNumber } from './model.js';

const PREFIXES = ['acme', 'team', 'ops'] as const;
const PROVIDERS: Provider[] = ['vapi', 'twilio', 'vonage', 'telnyx', 'byo-phone-number'];

const name = fc.tuple(fc.constantFrom(...PREFIXES), fc.nat(40)).map(([p, n]) => `${p}-${n}`);

const hooks = fc.constantFrom<unknown[] | null>(
  [{ on: 'call.ringing', do: [{ type: 'say', exact: 'Please hold.' }] }],
  [
    {
      on: 'call.ringing',
      do: [{ type: 'say', exact: 'Hi' }],
      filters: [{ type: 'startsWith', key: 'number', startsWith: ['1415'] }],
    },
    { on: 'call.ending', do: { type: 'transfer', destination: { type: 'number', number: '+14155550000' } } },
  ],
  null,
);

const common = fc.record(
  {
    routing: fc.constantFrom<Record<string, unknown>>(
      { assistantId: 'asst-1' },
      { assistantId: null },
      { squadId: 'squad-1' },
      { workflowId: 'wf-1' },
      { assistant: 'Front desk' },
      { assistant: 'Sales' },
    ),
    server: fc.constantFrom(
      { url: 'https://hooks.example.com/vapi' },
      { url: 'https://hooks.example.com/vapi', timeoutSeconds: 20, headers: { authorization: SECRETS.SERVER_TOKEN } },
      null,
    ),
    fallbackDestination: fc.constantFrom(
      { type: 'number', number: '+14155550199' },
      { type: 'sip', sipUri: 'sip:desk@example.com' },
    ),
    hooks,
  },
  { requiredKeys: [] },
);

function own(provider: Provider, index: number): fc.Arbitrary<Record<string, unknown>> {
  const number = `+1555${String(index).padStart(7, '0')}`;
  switch (provider) {
    case 'vapi':
      return fc.record(
        {
          numberDesiredAreaCode: fc.constant('415'),
          sipUri: fc.constant(`sip:line${index}@battery.sip.vapi.ai`),
          authentication: fc.constant({ username: 'battery-user-0000000001', password: SECRETS.SIP_PASSWORD }),
        },
        { requiredKeys: [] },
      );
    case 'twilio':
      return fc.record(
        {
          number: fc.constant(number),
          twilioAccountSid: fc.constant('AC-battery'),
          twilioAuthToken: fc.constant(SECRETS.TWILIO_TOKEN),
          smsEnabled: fc.boolean(),
        },
        // A twilio number needs a credential (the loader refuses one without): the token is always declared.
        { requiredKeys: ['number', 'twilioAccountSid', 'twilioAuthToken'] },
      );
    case 'vonage':
    case 'telnyx':
      return fc.record({ number: fc.constant(number), credentialId: fc.constantFrom('cred-1', 'cred-2') });
    case 'byo-phone-number':
      return fc.record(
        { credentialId: fc.constant('cred-byo'), number: fc.constant(number), numberE164CheckEnabled: fc.boolean() },
        { requiredKeys: ['credentialId'] },
      );
  }
}

function entryArb(entryName: string, index: number): fc.Arbitrary<Entry> {
  return fc
    .constantFrom(...PROVIDERS)
    .chain((provider) => fc.tuple(fc.constant(provider), own(provider, index), common))
    .map(([provider, fields, extra]) => {
      const { routing, ...rest } = extra;
      const all: Record<string, unknown> = { ...fields, ...rest, ...(routing ?? {}) };
      const assistant = all.assistant as Entry['assistant'];
      delete all.assistant;
      return { name: entryName, provider, fields: all, ...(assistant ? { assistant } : {}) };
    });
}

/** Field edits a dashboard user might make; each is also used as pre-existing drift. */
export const DRIFTS: Record<string, unknown>[] = [
  { assistantId: 'asst-old' },
  { squadId: 'squad-old' },
  { hooks: [{ on: 'call.ringing', do: [{ type: 'say', exact: 'Old greeting' }] }] },
  { hooks: null },
  { server: { url: 'https://old.example.com/vapi' } },
  { fallbackDestination: { type: 'number', number: '+14155550100' } },
  { smsEnabled: false },
  { smsEnabled: true },
  { credentialId: 'cred-old' },
  { numberE164CheckEnabled: false },
];

/** The numbers seeded for one declared entry, by presence. */
function seedsFor(entry: Entry, presence: Presence, drift: Record<string, unknown>): SeededNumber[] {
  // Seeded as a previous run would have left them; the harness swaps in the assistant's real id.
  const fields: Record<string, unknown> = { ...entry.fields };
  if (entry.assistant) fields.assistantId = `${ASSISTANT_REF}${entry.assistant}`;
  for (const [k, v] of Object.entries(fields)) if (v === null || k === 'numberDesiredAreaCode') delete fields[k];
  const base = { name: entry.name, provider: entry.provider, fields };
  if (presence === 'absent') return [];
  if (presence === 'exact') return [base];
  if (presence === 'drifted') return [{ ...base, fields: { ...fields, ...drift } }];
  return [base, { ...base, fields: { ...fields, ...drift } }];
}

const faultSpec: fc.Arbitrary<FaultSpec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('status-before' as const), status: fc.constantFrom(500, 502, 503, 504) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('status-after' as const), status: fc.constantFrom(500, 502, 503, 504) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reset-after' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset-before' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('hang-after' as const, 'hang-before' as const) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('rate-limit' as const),
      retryAfter: fc.constantFrom<string | undefined>(
        '1',
        '2',
        '0.5',
        'date:+3',
        'date:-5',
        '0',
        '86400',
        'date:+86400',
        'soon',
        '-1',
        '',
        undefined,
      ),
    }),
  },
);

const scheduled: fc.Arbitrary<ScheduledFault> = fc
  .record({
    // POST weighs most: an ambiguous create is where a second number could be bought.
    method: fc.constantFrom<ScheduledFault['method']>('GET', 'GET', 'POST', 'POST', 'POST', 'PATCH', 'DELETE'),
    nth: fc.oneof({ weight: 3, arbitrary: fc.nat(2) }, { weight: 1, arbitrary: fc.nat(12) }),
    count: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 7 }) }),
    fault: faultSpec,
  })
  // A hang costs real time (the client's timeout): never more than one in a row.
  .map((s) => (s.fault.kind.startsWith('hang') ? { ...s, count: 1 } : s));

const outOfBand: fc.Arbitrary<OutOfBand> = fc.oneof(
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(59), to: fc.oneof(name, fc.constant('renamed-by-hand')) }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat(59) }),
  fc.record({ kind: fc.constant('duplicate' as const), target: fc.nat(59) }),
  fc.record({ kind: fc.constant('change' as const), target: fc.nat(59), patch: fc.constantFrom(...DRIFTS) }),
);

const declaredCount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 3, arbitrary: fc.integer({ min: 7, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 21, max: 60 }) },
);

export interface CaseOptions {
  command?: 'apply' | 'delete';
  /** Relative weight of orgs with 100+ numbers (paging); default 1 in 8. */
  pagingWeight?: number;
}

export function batteryCase(options: CaseOptions = {}): fc.Arbitrary<BatteryCase> {
  return declaredCount
    .chain((count) => fc.uniqueArray(name, { minLength: 0, maxLength: count }))
    .chain((names) =>
      fc.record({
        command: options.command
          ? fc.constant(options.command)
          : fc.constantFrom<'apply' | 'delete'>('apply', 'apply', 'apply', 'delete'),
        prune: fc.boolean(),
        pruneMatch: fc.constantFrom<string[]>([], ['acme-*'], ['acme-*', 'team-?'], ['team-*'], ['*']),
        protectConfig: fc.constantFrom<string[]>([], ['acme-main'], ['acme-1*']),
        protectInput: fc.constantFrom<string[]>([], [], ['*-7']),
        maxDeletions: fc.oneof(fc.constant(10), fc.nat(20)),
        entries: fc.tuple<Entry[]>(...names.map((n, i) => entryArb(n, i))),
        presence: fc.array(fc.constantFrom<Presence>('absent', 'absent', 'exact', 'exact', 'drifted', 'duplicated'), {
          minLength: names.length,
          maxLength: names.length,
        }),
        drifts: fc.array(fc.constantFrom(...DRIFTS), { minLength: names.length, maxLength: names.length }),
        unmanaged: fc.array(fc.oneof(name, fc.constant('acme-main'), fc.constant(undefined)), { maxLength: 8 }),
        filler: fc.oneof(
          { weight: 8, arbitrary: fc.constant(0) },
          { weight: options.pagingWeight ?? 1, arbitrary: fc.integer({ min: 95, max: 140 }) },
        ),
        returnSecrets: fc.boolean(),
        lag: fc.constantFrom(0, 0, 0, 1, 2, 4),
        schedule: fc.array(scheduled, { maxLength: 6 }),
        noise: fc.record({
          rate: fc.constantFrom(0, 0, 0.05, 0.15, 0.3),
          // No hangs in the noise: each costs the client's timeout in real time.
          faults: fc.array(
            faultSpec.filter((f) => !f.kind.startsWith('hang')),
            { maxLength: 3 },
          ),
        }),
        outOfBand: fc.array(outOfBand, { maxLength: 3 }),
        seed: fc.integer({ min: 1, max: 0x7fffffff }),
      }),
    )
    .map((r) => {
      const remote: SeededNumber[] = [];
      r.entries.forEach((entry, i) => {
        remote.push(...seedsFor(entry, r.presence[i] ?? 'absent', r.drifts[i] ?? {}));
      });
      const declared = new Set(r.entries.map((e) => e.name));
      r.unmanaged.forEach((n, i) => {
        if (n !== undefined && declared.has(n)) return;
        remote.push({
          ...(n === undefined ? {} : { name: n }),
          provider: 'vonage',
          fields: { number: `+1556${String(i).padStart(7, '0')}`, credentialId: 'cred-1' },
        });
      });
      for (let i = 0; i < r.filler; i++) {
        remote.push({
          name: `filler-${i}`,
          provider: 'byo-phone-number',
          fields: { credentialId: 'cred-byo', number: `+1557${String(i).padStart(7, '0')}` },
        });
      }
      return {
        command: r.command,
        prune: r.prune,
        pruneMatch: r.pruneMatch,
        protectConfig: r.protectConfig,
        protectInput: r.protectInput,
        maxDeletions: r.maxDeletions,
        entries: r.entries,
        remote,
        returnSecrets: r.returnSecrets,
        lag: r.lag,
        schedule: r.schedule,
        noise: r.noise,
        outOfBand: r.outOfBand,
        seed: r.seed,
      };
    });
}

export { ASSISTANTS };
