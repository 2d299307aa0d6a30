// Request-body schemas of Vapi's phone-number API, written by hand from
// test/fixtures/vapi/phone-numbers.openapi.json. Every object is strict, because the real API (NestJS with
// forbidNonWhitelisted) answers 400 "property X should not exist" for any key its DTO lacks.
// test/fake-vapi/fake-vapi-schema.test.ts holds the property lists, bounds and enums to the OpenAPI document.
// This file has the objects nested inside a phone-number body; schemas.ts has the DTOs themselves.
import { z } from 'zod';

const str = () => z.string();
const num = () => z.number();

export const TextContent = z.strictObject({
  type: z.literal('text'),
  text: str(),
  language: z.enum(
    (
      'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ' +
      'ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik ' +
      'io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml ' +
      'mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd ' +
      'se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi ' +
      'vo wa wo xh yi yue yo za zh zu'
    ).split(' ') as [string, ...string[]],
  ),
});

export const CustomMessage = z.strictObject({
  contents: z.array(TextContent).optional(),
  type: z.literal('custom-message'),
  content: str().max(1000).optional(),
});

const Message = z.union([str(), CustomMessage]);

export const SummaryPlan = z.strictObject({
  // The schema types the items only as "object" (chat messages such as {role, content}).
  messages: z.array(z.record(z.string(), z.unknown())).optional(),
  enabled: z.boolean().optional(),
  timeoutSeconds: num().min(1).max(60).optional(),
});

export const TransferFallbackPlan = z.strictObject({
  message: Message,
  endCallEnabled: z.boolean().optional(),
});

export const ContextEngineeringPlanLastNMessages = z.strictObject({
  type: z.literal('lastNMessages'),
  maxMessages: num().min(0),
});
export const ContextEngineeringPlanNone = z.strictObject({ type: z.literal('none') });
export const ContextEngineeringPlanAll = z.strictObject({ type: z.literal('all') });

export const TransferPlan = z.strictObject({
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
  message: Message.optional(),
  timeout: num().min(1).max(600).optional(),
  // The OpenAPI says `type: object` with a string enum: a generator quirk; the values are strings.
  sipVerb: z.enum(['refer', 'bye', 'dial']).optional(),
  dialTimeout: num().min(1).max(600).optional(),
  holdAudioUrl: str().optional(),
  transferCompleteAudioUrl: str().optional(),
  contextEngineeringPlan: z
    .discriminatedUnion('type', [ContextEngineeringPlanLastNMessages, ContextEngineeringPlanNone, ContextEngineeringPlanAll])
    .optional(),
  twiml: str().max(4096).optional(),
  summaryPlan: SummaryPlan.optional(),
  sipHeadersInReferToEnabled: z.boolean().optional(),
  fallbackPlan: TransferFallbackPlan.optional(),
});

export const TransferDestinationNumber = z.strictObject({
  message: Message.optional(),
  type: z.literal('number'),
  numberE164CheckEnabled: z.boolean().optional(),
  number: str().min(3).max(40),
  extension: str().min(1).max(10).optional(),
  callerId: str().max(40).optional(),
  transferPlan: TransferPlan.optional(),
  // Newer than the OpenAPI cut: see NEWER_THAN_OPENAPI in schemas.ts.
  name: str().optional(),
  description: str().optional(),
});

export const TransferDestinationSip = z.strictObject({
  message: Message.optional(),
  type: z.literal('sip'),
  sipUri: str(),
  callerId: str().max(40).optional(),
  transferPlan: TransferPlan.optional(),
  sipHeaders: z.record(z.string(), z.unknown()).optional(),
  name: str().optional(),
  description: str().optional(),
});

export const Destination = z.discriminatedUnion('type', [TransferDestinationNumber, TransferDestinationSip]);

export const BackoffPlan = z.strictObject({
  // `type: object` with a string enum in the OpenAPI, like TransferPlan.sipVerb.
  type: z.enum(['fixed', 'exponential']),
  maxRetries: num().min(0).max(10),
  baseDelaySeconds: num().min(0).max(10),
  // Items are typed "object" in the schema but are HTTP status codes in practice.
  excludedStatusCodes: z.array(z.union([num(), z.record(z.string(), z.unknown())])).optional(),
});

export const Server = z.strictObject({
  timeoutSeconds: num().min(1).max(300).optional(),
  credentialId: str().optional(),
  staticIpAddressesEnabled: z.boolean().optional(),
  encryptedPaths: z.array(str()).optional(),
  url: str().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  backoffPlan: BackoffPlan.optional(),
});

export const SipAuthentication = z.strictObject({
  realm: str().optional(),
  username: str().min(20).max(40),
  password: str().min(20).max(40),
});

export const SayPhoneNumberHookAction = z.strictObject({
  type: z.literal('say'),
  exact: str().max(4000),
});

export const TransferPhoneNumberHookAction = z.strictObject({
  type: z.literal('transfer'),
  destination: Destination.optional(),
});

const HookAction = z.discriminatedUnion('type', [TransferPhoneNumberHookAction, SayPhoneNumberHookAction]);

const ENDED_REASONS = [
  'assistant-request-failed',
  'assistant-request-returned-error',
  'assistant-request-returned-unspeakable-error',
  'assistant-request-returned-invalid-assistant',
  'assistant-request-returned-no-assistant',
  'assistant-request-returned-forwarding-phone-number',
] as const;

export const PhoneNumberCallRingingHookFilter = z.strictObject({
  type: z.literal('startsWith'),
  key: z.literal('number'),
  // `maxLength: 20` sits on the array itself in the OpenAPI; read as at most 20 prefixes.
  startsWith: z.array(str().max(20)).max(20),
});

export const PhoneNumberCallEndingHookFilter = z.strictObject({
  type: z.literal('oneOf'),
  key: z.literal('call.endedReason'),
  oneOf: z.array(z.enum(ENDED_REASONS)),
});

// call.ringing runs a list of actions, call.ending a single one: the shapes differ on purpose.
export const PhoneNumberHookCallRinging = z.strictObject({
  on: z.literal('call.ringing'),
  filters: z.array(PhoneNumberCallRingingHookFilter).optional(),
  do: z.array(HookAction),
});

export const PhoneNumberHookCallEnding = z.strictObject({
  on: z.literal('call.ending'),
  filters: z.array(PhoneNumberCallEndingHookFilter).optional(),
  do: HookAction.optional(),
});

export const Hook = z.discriminatedUnion('on', [PhoneNumberHookCallRinging, PhoneNumberHookCallEnding]);
