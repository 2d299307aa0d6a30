// What the engine knows of Vapi's phone-number fields (test/fixtures/vapi/phone-numbers.openapi.json).
// Config validation, the plan's diff rules and log redaction all read these lists, so a field the
// API adds is taught to the engine in one place. test/api-fields.test.ts holds them to the schema.

/** The five phone-number providers, as the API spells them. */
export const PROVIDERS = ['vapi', 'twilio', 'vonage', 'telnyx', 'byo-phone-number'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Create-body fields every provider accepts (besides `provider`). */
export const COMMON_FIELDS = ['name', 'assistantId', 'squadId', 'workflowId', 'server', 'fallbackDestination', 'hooks'] as const;

/** Each provider's own create-body fields. */
export const PROVIDER_FIELDS: Record<Provider, readonly string[]> = {
  vapi: ['numberDesiredAreaCode', 'sipUri', 'authentication'],
  twilio: ['number', 'twilioAccountSid', 'twilioAuthToken', 'twilioApiKey', 'twilioApiSecret', 'smsEnabled'],
  vonage: ['number', 'credentialId'],
  telnyx: ['number', 'credentialId'],
  'byo-phone-number': ['number', 'credentialId', 'numberE164CheckEnabled'],
};

/** Fields the create body of each provider requires (besides `provider`). */
export const REQUIRED_FIELDS: Record<Provider, readonly string[]> = {
  vapi: [],
  twilio: ['number', 'twilioAccountSid'],
  vonage: ['number', 'credentialId'],
  telnyx: ['number', 'credentialId'],
  'byo-phone-number': ['credentialId'],
};

/**
 * Fields accepted on create but not by PATCH for that provider: a change to one of them cannot be
 * applied in place. `numberDesiredAreaCode` only steers which number is bought.
 */
export const CREATE_ONLY_FIELDS: Record<Provider, readonly string[]> = {
  vapi: ['numberDesiredAreaCode'],
  twilio: [],
  vonage: [],
  telnyx: [],
  'byo-phone-number': [],
};

/**
 * Fields that identify the line itself: changing them would mean a different number, so the
 * engine refuses to PATCH them and tells the user how to replace the entry instead.
 */
export const IMMUTABLE_FIELDS: readonly string[] = ['provider', 'number'];

/** Top-level fields whose values are secrets. */
export const SECRET_FIELDS: readonly string[] = ['twilioAuthToken', 'twilioApiKey', 'twilioApiSecret'];

/**
 * Whether the value at a key path is a secret: the three Twilio credentials, the SIP password and
 * every value under `server.headers` (they usually carry a bearer token for the user's server).
 */
export function isSecretPath(path: readonly (string | number)[]): boolean {
  const [top, second] = path;
  if (path.length === 1 && typeof top === 'string') return SECRET_FIELDS.includes(top);
  if (top === 'authentication' && second === 'password') return true;
  if (top === 'server' && second === 'headers' && path.length >= 3) return true;
  return false;
}

/** An object more than four keys down is not looked into (an answer could nest without end). */
const DEEPEST_READ = 4;

/**
 * Adds to `found` the non-empty strings at the paths isSecretPath accepts, in the order a walk of
 * every path finds them. It goes straight to those branches rather than asking isSecretPath at
 * every string: list pages bring thousands of numbers, whose hooks and destinations hold no
 * secret. Kept beside isSecretPath so that the two change together; the property test
 * test/report/secret-paths-walk.test.ts holds them equal for any value.
 */
export function collectSecrets(fields: unknown, found: Set<string>): void {
  if (!isKeyed(fields)) return;
  for (const key of Object.keys(fields)) {
    if (SECRET_FIELDS.includes(key)) {
      const value = fields[key];
      if (typeof value === 'string' && value !== '') found.add(value);
    } else if (key === 'authentication') {
      const authentication = fields[key];
      if (isKeyed(authentication) && isOwnEnumerable(authentication, 'password')) {
        collectStrings(authentication['password'], 2, found);
      }
    } else if (key === 'server') {
      const server = fields[key];
      if (!isKeyed(server) || !isOwnEnumerable(server, 'headers')) continue;
      // A string right at `server.headers` is not a header's value; everything inside it is.
      const headers = server['headers'];
      if (headers === null || typeof headers !== 'object') continue;
      for (const value of Object.values(headers)) collectStrings(value, 3, found);
    }
  }
}

/** Every non-empty string in a value at `depth` keys (all of it secret), within DEEPEST_READ. */
function collectStrings(value: unknown, depth: number, found: Set<string>): void {
  if (typeof value === 'string') {
    if (value !== '') found.add(value);
    return;
  }
  if (depth > DEEPEST_READ || value === null || typeof value !== 'object') return;
  for (const item of Object.values(value)) collectStrings(item, depth + 1, found);
}

/** An object whose keys are names: an array's are indices, which no secret path starts with. */
function isKeyed(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOwnEnumerable(value: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(value, key);
}

/** Every field a config entry may declare for a provider (API fields plus `provider`). */
export function declarableFields(provider: Provider): string[] {
  return ['provider', ...COMMON_FIELDS, ...PROVIDER_FIELDS[provider]];
}

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}
