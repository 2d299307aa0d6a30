// Zod schemas for the values a number entry may declare, mirroring the API's create DTOs
// (test/fixtures/vapi/phone-numbers.openapi.json) strictly: every object refuses keys the API lacks,
// because the API answers an unknown property with a 400 after the run has already started.

// zod/mini rather than zod: the same checks and issues, about 5 ms less to load at start-up.
import * as z from 'zod/mini';
import { COMMON_FIELDS, PROVIDERS, PROVIDER_FIELDS, REQUIRED_FIELDS } from '../api-fields.js';
import type { Provider } from '../api-fields.js';

/** Conveniences resolved by name to `assistantId` / `squadId` before planning. */
export const NAME_REFERENCE_FIELDS = ['assistant', 'squad'] as const;

/** The keys that pick what answers a call; a number declares at most one. */
export const ROUTING_FIELDS = ['assistant', 'assistantId', 'squad', 'squadId', 'workflowId'] as const;

/** The `call.endedReason` values a call.ending filter accepts. */
export const ENDED_REASONS = [
  'assistant-request-failed',
  'assistant-request-returned-error',
  'assistant-request-returned-unspeakable-error',
  'assistant-request-returned-invalid-assistant',
  'assistant-request-returned-no-assistant',
  'assistant-request-returned-forwarding-phone-number',
] as const;

// ISO 639-1 codes plus `yue`, as TextContent.language lists them.
const LANGUAGES = (
  'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo ' +
  'es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki ' +
  'kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no ' +
  'nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te ' +
  'tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yue yo za zh zu'
).split(' ') as [string, ...string[]];

const id = z.string().check(z.minLength(1));

/** A number's name, the match key. */
const entryName = z.string().check(z.minLength(1), z.maxLength(40));

const httpUrl = z
  .string()
  .check(z.refine((value) => /^https?:\/\/[^\s/]+/i.test(value), { message: 'must be an http:// or https:// URL' }));

const textContent = z.strictObject({ type: z.literal('text'), text: z.string(), language: z.enum(LANGUAGES) });
const customMessage = z.strictObject({
  type: z.literal('custom-message'),
  content: z.optional(z.string().check(z.maxLength(1000))),
  contents: z.optional(z.array(textContent)),
});
/** Spoken text: a plain string, or a custom-message object with per-language contents. */
const spokenMessage = z.union([z.string(), customMessage]);

const contextEngineeringPlan = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lastNMessages'), maxMessages: z.number().check(z.gte(0)) }),
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('all') }),
]);

const transferPlan = z.strictObject({
  mode: z.enum([
    'blind-transfer',
    'blind-transfer-add-summary-to-sip-header',
    'warm-transfer-say-message',
    'warm-transfer-say-summary',
    'warm-transfer-twiml',
    'warm-transfer-wait-for-operator-to-speak-first-and-then-say-message',
    'warm-transfer-wait-for-operator-to-speak-first-and-then-say-summary',
    'warm-transfer-experimental',
  ]),
  message: z.optional(spokenMessage),
  timeout: z.optional(z.number().check(z.gte(1), z.lte(600))),
  sipVerb: z.optional(z.enum(['refer', 'bye', 'dial'])),
  dialTimeout: z.optional(z.number().check(z.gte(1), z.lte(600))),
  holdAudioUrl: z.optional(httpUrl),
  transferCompleteAudioUrl: z.optional(httpUrl),
  contextEngineeringPlan: z.optional(contextEngineeringPlan),
  twiml: z.optional(z.string().check(z.maxLength(4096))),
  summaryPlan: z.optional(
    z.strictObject({
      messages: z.optional(z.array(z.record(z.string(), z.unknown()))),
      enabled: z.optional(z.boolean()),
      timeoutSeconds: z.optional(z.number().check(z.gte(1), z.lte(60))),
    }),
  ),
  sipHeadersInReferToEnabled: z.optional(z.boolean()),
  fallbackPlan: z.optional(z.strictObject({ message: spokenMessage, endCallEnabled: z.optional(z.boolean()) })),
});

/** `+` and 1-15 digits: what Vapi's E.164 check (on unless turned off) accepts. */
export const E164 = /^\+[0-9]{1,15}$/;

// Vapi checks a destination's number for E.164 unless the destination turns the check off; a
// number such as 555-0100 would otherwise be refused only after the run has begun writing.
const numberDestination = z
  .strictObject({
    type: z.literal('number'),
    number: z.string().check(z.minLength(3), z.maxLength(40)),
    extension: z.optional(z.string().check(z.minLength(1), z.maxLength(10))),
    callerId: z.optional(z.string().check(z.maxLength(40))),
    message: z.optional(spokenMessage),
    numberE164CheckEnabled: z.optional(z.boolean()),
    transferPlan: z.optional(transferPlan),
    description: z.optional(z.string()),
  })
  .check(
    z.superRefine((destination, ctx) => {
      const { number, numberE164CheckEnabled } = destination;
      if (numberE164CheckEnabled === false || typeof number !== 'string' || E164.test(number)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['number'],
        input: number,
        message: `is ${JSON.stringify(number)}, not E.164: \`+\`, then 1-15 digits, no spaces or dashes`,
        params: {
          hint: 'for example number: "+14155550100"; to dial a number that is not E.164 (a SIP trunk extension), set numberE164CheckEnabled: false in this destination',
        },
      });
    }),
  );

const sipDestination = z.strictObject({
  type: z.literal('sip'),
  sipUri: z.string().check(z.minLength(1)),
  callerId: z.optional(z.string().check(z.maxLength(40))),
  message: z.optional(spokenMessage),
  sipHeaders: z.optional(z.record(z.string(), z.unknown())),
  transferPlan: z.optional(transferPlan),
  description: z.optional(z.string()),
});

/** `fallbackDestination`, and a transfer action's `destination`. */
export const transferDestination = z.discriminatedUnion('type', [numberDestination, sipDestination]);

const hookAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('say'), exact: z.string().check(z.maxLength(4000)) }),
  z.strictObject({ type: z.literal('transfer'), destination: z.optional(transferDestination) }),
]);

// The API matches prefixes against the digits of the caller's number, which carry no `+`.
const numberPrefix = z.string().check(
  z.maxLength(20),
  z.superRefine((prefix, ctx) => {
    if (prefix.startsWith('+')) {
      ctx.addIssue({
        code: 'custom',
        message: 'prefixes are written without `+`',
        params: { hint: `write ${prefix.slice(1)}, not ${prefix}` },
      });
    }
  }),
);

const ringingHook = z.strictObject({
  on: z.literal('call.ringing'),
  do: z.array(hookAction),
  filters: z.optional(
    z.array(
      z.strictObject({
        type: z.literal('startsWith'),
        key: z.literal('number'),
        startsWith: z.array(numberPrefix).check(z.maxLength(20)),
      }),
    ),
  ),
});

const endingHook = z.strictObject({
  on: z.literal('call.ending'),
  do: z.optional(hookAction),
  filters: z.optional(
    z.array(
      z.strictObject({ type: z.literal('oneOf'), key: z.literal('call.endedReason'), oneOf: z.array(z.enum(ENDED_REASONS)) }),
    ),
  ),
});

const server = z.strictObject({
  url: z.optional(httpUrl),
  timeoutSeconds: z.optional(z.number().check(z.gte(1), z.lte(300))),
  credentialId: z.optional(id),
  headers: z.optional(z.record(z.string(), z.string())),
  backoffPlan: z.optional(
    z.strictObject({
      type: z.enum(['fixed', 'exponential']),
      maxRetries: z.int().check(z.gte(0), z.lte(10)),
      baseDelaySeconds: z.number().check(z.gte(0), z.lte(10)),
      excludedStatusCodes: z.optional(z.array(z.int().check(z.gte(100), z.lte(599)))),
    }),
  ),
  staticIpAddressesEnabled: z.optional(z.boolean()),
  encryptedPaths: z.optional(z.array(z.string())),
});

const areaCode = z.string().check(
  z.refine((code) => /^[0-9]{3}$/.test(code), {
    message: 'must be exactly 3 digits',
    params: { hint: 'a US area code, quoted: numberDesiredAreaCode: "415"' },
  }),
);

/** The schema of every field a number may declare, whichever provider accepts it. */
const FIELD_SCHEMAS: Record<string, z.ZodMiniType> = {
  name: entryName,
  assistant: z.string().check(z.minLength(1)),
  squad: z.string().check(z.minLength(1)),
  assistantId: id,
  squadId: id,
  workflowId: id,
  server,
  fallbackDestination: transferDestination,
  hooks: z.array(z.discriminatedUnion('on', [ringingHook, endingHook])),
  numberDesiredAreaCode: areaCode,
  sipUri: z.string().check(z.minLength(1)),
  authentication: z.strictObject({
    realm: z.optional(z.string()),
    username: z.string().check(z.minLength(20), z.maxLength(40)),
    password: z.string().check(z.minLength(20), z.maxLength(40)),
  }),
  number: z.string().check(z.minLength(1)),
  twilioAccountSid: id,
  twilioAuthToken: z.string().check(z.minLength(1)),
  twilioApiKey: z.string().check(z.minLength(1)),
  twilioApiSecret: z.string().check(z.minLength(1)),
  smsEnabled: z.boolean(),
  credentialId: id,
  numberE164CheckEnabled: z.boolean(),
};

// Limits that differ by provider: only the BYO create body bounds `number`.
const PROVIDER_OVERRIDES: Partial<Record<Provider, Record<string, z.ZodMiniType>>> = {
  'byo-phone-number': { number: z.string().check(z.minLength(3), z.maxLength(40)) },
};

/** Keys a number may declare for a provider: the API's fields plus `assistant` / `squad`. */
export function entryKeys(provider: Provider): string[] {
  return [...COMMON_FIELDS, ...PROVIDER_FIELDS[provider], ...NAME_REFERENCE_FIELDS];
}

/** Every key `defaults:` may hold: any provider's fields, `provider`, `assistant`, `squad`. */
export const DEFAULTS_KEYS: readonly string[] = [
  'provider',
  ...new Set(PROVIDERS.flatMap((provider) => entryKeys(provider).filter((key) => key !== 'name'))),
];

// `null` declares "must be empty", so optional fields accept it; `assistant`/`squad` name
// something to look up and have no empty form (`assistantId: null` unassigns).
function optionalField(key: string, schema: z.ZodMiniType): z.ZodMiniType {
  return (NAME_REFERENCE_FIELDS as readonly string[]).includes(key) ? z.optional(schema) : z.optional(z.nullable(schema));
}

const entrySchemas = new Map<Provider, z.ZodMiniType>();

/** The strict schema of one number entry (after defaults are merged in), `provider` aside. */
export function entrySchema(provider: Provider): z.ZodMiniType {
  let schema = entrySchemas.get(provider);
  if (schema === undefined) {
    const required = new Set(['name', ...REQUIRED_FIELDS[provider]]);
    const shape: Record<string, z.ZodMiniType> = {};
    for (const key of entryKeys(provider)) {
      const field = PROVIDER_OVERRIDES[provider]?.[key] ?? FIELD_SCHEMAS[key] ?? z.never();
      shape[key] = required.has(key) ? field : optionalField(key, field);
    }
    schema = z.strictObject(shape);
    entrySchemas.set(provider, schema);
  }
  return schema;
}

/** The schema of `defaults:`: every field optional; `provider` checked separately. */
export const defaultsSchema: z.ZodMiniType = z.strictObject(
  Object.fromEntries(
    DEFAULTS_KEYS.filter((key) => key !== 'provider').map((key) => [key, optionalField(key, FIELD_SCHEMAS[key] ?? z.never())]),
  ),
);

/** An entry as `delete` reads it: its name; every other key is left unread (not refused). */
export const nameOnlySchema = z.object({ name: entryName });

/** The file's `prune:` section. */
export const pruneSchema = z.strictObject({
  match: z.optional(z.array(z.string().check(z.minLength(1)))),
  protect: z.optional(z.array(z.string().check(z.minLength(1)))),
});
