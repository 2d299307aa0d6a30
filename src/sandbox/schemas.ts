// The phone-number create and update DTOs of Vapi's API, by provider, written by hand from
// test/fixtures/vapi/phone-numbers.openapi.json. Strict objects: the real API (NestJS with
// forbidNonWhitelisted) answers 400 "property X should not exist" for any key a DTO lacks, which is
// also how read-only fields such as `id` or `createdAt` are refused.
import { z } from 'zod';
import {
  BackoffPlan,
  ContextEngineeringPlanAll,
  ContextEngineeringPlanLastNMessages,
  ContextEngineeringPlanNone,
  CustomMessage,
  Destination,
  Hook,
  PhoneNumberCallEndingHookFilter,
  PhoneNumberCallRingingHookFilter,
  PhoneNumberHookCallEnding,
  PhoneNumberHookCallRinging,
  SayPhoneNumberHookAction,
  Server,
  SipAuthentication,
  SummaryPlan,
  TextContent,
  TransferDestinationNumber,
  TransferDestinationSip,
  TransferFallbackPlan,
  TransferPhoneNumberHookAction,
  TransferPlan,
} from './schemas-nested.js';

export * from './schemas-nested.js';

const str = () => z.string();

const common = {
  fallbackDestination: Destination.optional(),
  hooks: z.array(Hook).optional(),
  name: str().max(40).optional(),
  assistantId: str().optional(),
  workflowId: str().optional(),
  squadId: str().optional(),
  server: Server.optional(),
};

// On PATCH these accept null, which clears the stored field (how un-assigning an assistant works).
const commonUpdate = {
  ...common,
  fallbackDestination: Destination.nullable().optional(),
  hooks: z.array(Hook).nullable().optional(),
  assistantId: str().nullable().optional(),
  workflowId: str().nullable().optional(),
  squadId: str().nullable().optional(),
  server: Server.nullable().optional(),
};

export const CreateVapiPhoneNumberDTO = z.strictObject({
  ...common,
  provider: z.literal('vapi'),
  numberDesiredAreaCode: str().min(3).max(3).optional(),
  sipUri: str().optional(),
  authentication: SipAuthentication.optional(),
});

const twilioOwn = {
  smsEnabled: z.boolean().optional(),
  twilioAuthToken: str().optional(),
  twilioApiKey: str().optional(),
  twilioApiSecret: str().optional(),
};

export const CreateTwilioPhoneNumberDTO = z.strictObject({
  ...common,
  provider: z.literal('twilio'),
  number: str(),
  twilioAccountSid: str(),
  ...twilioOwn,
});

export const CreateVonagePhoneNumberDTO = z.strictObject({
  ...common,
  provider: z.literal('vonage'),
  number: str(),
  credentialId: str(),
});

export const CreateTelnyxPhoneNumberDTO = z.strictObject({
  ...common,
  provider: z.literal('telnyx'),
  number: str(),
  credentialId: str(),
});

export const CreateByoPhoneNumberDTO = z.strictObject({
  ...common,
  provider: z.literal('byo-phone-number'),
  numberE164CheckEnabled: z.boolean().optional(),
  number: str().min(3).max(40).optional(),
  credentialId: str(),
});

export const UpdateVapiPhoneNumberDTO = z.strictObject({
  ...commonUpdate,
  provider: z.literal('vapi').optional(),
  sipUri: str().optional(),
  authentication: SipAuthentication.optional(),
});

export const UpdateTwilioPhoneNumberDTO = z.strictObject({
  ...commonUpdate,
  provider: z.literal('twilio').optional(),
  number: str().optional(),
  twilioAccountSid: str().optional(),
  ...twilioOwn,
});

export const UpdateVonagePhoneNumberDTO = z.strictObject({
  ...commonUpdate,
  provider: z.literal('vonage').optional(),
  number: str().optional(),
  credentialId: str().optional(),
});

export const UpdateTelnyxPhoneNumberDTO = z.strictObject({
  ...commonUpdate,
  provider: z.literal('telnyx').optional(),
  number: str().optional(),
  credentialId: str().optional(),
});

export const UpdateByoPhoneNumberDTO = z.strictObject({
  ...commonUpdate,
  provider: z.literal('byo-phone-number').optional(),
  numberE164CheckEnabled: z.boolean().optional(),
  number: str().min(3).max(40).optional(),
  credentialId: str().optional(),
});

/** The five providers the phone-number API knows. */
export type Provider = 'vapi' | 'twilio' | 'vonage' | 'telnyx' | 'byo-phone-number';
export const PROVIDERS: readonly Provider[] = ['vapi', 'twilio', 'vonage', 'telnyx', 'byo-phone-number'];

export const CREATE_SCHEMAS: Record<Provider, z.ZodType> = {
  vapi: CreateVapiPhoneNumberDTO,
  twilio: CreateTwilioPhoneNumberDTO,
  vonage: CreateVonagePhoneNumberDTO,
  telnyx: CreateTelnyxPhoneNumberDTO,
  'byo-phone-number': CreateByoPhoneNumberDTO,
};

export const UPDATE_SCHEMAS: Record<Provider, z.ZodType> = {
  vapi: UpdateVapiPhoneNumberDTO,
  twilio: UpdateTwilioPhoneNumberDTO,
  vonage: UpdateVonagePhoneNumberDTO,
  telnyx: UpdateTelnyxPhoneNumberDTO,
  'byo-phone-number': UpdateByoPhoneNumberDTO,
};

/**
 * Properties the real API takes that the OpenAPI cut in ../shared/vapi (VapiAI/docs, 2026-08-20)
 * lacks: Vapi's official SDK, @vapi-ai/server-sdk 2.0.1 (published 2026-09-15, generated from a
 * later document), declares them, and test/sandbox/sandbox-sdk.test.ts sends them. The schema test allows
 * exactly these extras and fails once the OpenAPI document has them too.
 */
export const NEWER_THAN_OPENAPI: Record<string, readonly string[]> = {
  TransferDestinationNumber: ['name'],
  TransferDestinationSip: ['name'],
};

/** Every hand-written object schema, keyed by its OpenAPI component name (for the schema test). */
export const OBJECT_SCHEMAS: Record<string, z.ZodObject> = {
  CreateVapiPhoneNumberDTO,
  CreateTwilioPhoneNumberDTO,
  CreateVonagePhoneNumberDTO,
  CreateTelnyxPhoneNumberDTO,
  CreateByoPhoneNumberDTO,
  UpdateVapiPhoneNumberDTO,
  UpdateTwilioPhoneNumberDTO,
  UpdateVonagePhoneNumberDTO,
  UpdateTelnyxPhoneNumberDTO,
  UpdateByoPhoneNumberDTO,
  Server,
  BackoffPlan,
  SipAuthentication,
  TransferDestinationNumber,
  TransferDestinationSip,
  TransferPlan,
  TransferFallbackPlan,
  SummaryPlan,
  ContextEngineeringPlanLastNMessages,
  ContextEngineeringPlanNone,
  ContextEngineeringPlanAll,
  CustomMessage,
  TextContent,
  PhoneNumberHookCallRinging,
  PhoneNumberHookCallEnding,
  PhoneNumberCallRingingHookFilter,
  PhoneNumberCallEndingHookFilter,
  SayPhoneNumberHookAction,
  TransferPhoneNumberHookAction,
};
