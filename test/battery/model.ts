// The battery's world as plain data: a declared config, the remote state seeded before the first
// run, a fault schedule for the first run and dashboard edits made before the second. Everything
// here is a value fast-check can generate, print and shrink; the harness turns it into requests.

export type Provider = 'vapi' | 'twilio' | 'vonage' | 'telnyx' | 'byo-phone-number';

/** Secret values come from the environment (a literal secret in the file is refused). */
export const SECRETS = {
  TWILIO_TOKEN: 'twilio-token-battery-0001',
  TWILIO_SECRET: 'twilio-secret-battery-0002',
  SIP_PASSWORD: 'sip-password-battery-000003',
  SERVER_TOKEN: 'Bearer server-token-battery-4',
} as const;

export const ASSISTANTS = ['Front desk', 'Sales'] as const;
/** A seeded `assistantId` of `@assistant:<name>` is replaced by that assistant's id when seeding. */
export const ASSISTANT_REF = '@assistant:';

/** One declared number: `fields` hold values as the engine sees them after interpolation. */
export interface Entry {
  name: string;
  provider: Provider;
  fields: Record<string, unknown>;
  /** `assistant: <name>`, resolved by the engine to an assistantId. */
  assistant?: (typeof ASSISTANTS)[number];
}

/** How a declared entry exists before the first run. */
export type Presence = 'absent' | 'exact' | 'drifted' | 'duplicated';

/** A number seeded before the first run (the org as the action finds it). */
export interface SeededNumber {
  name?: string;
  provider: Provider;
  fields: Record<string, unknown>;
}

export type FaultSpec =
  | { kind: 'status-before' | 'status-after'; status: number }
  | { kind: 'reset-before' | 'reset-after' | 'hang-before' | 'hang-after' }
  | { kind: 'rate-limit'; retryAfter: RetryAfterSpec };

/** `date:+N` / `date:-N` become an HTTP date N seconds from when the fault fires. */
export type RetryAfterSpec = string | undefined;

/** Hits the `nth` .. `nth + count - 1` requests of `method` (0-based) in the faulty run. */
export interface ScheduledFault {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  nth: number;
  count: number;
  fault: FaultSpec;
}

/** A dashboard edit between the faulty run and the first clean run. */
export type OutOfBand =
  | { kind: 'rename'; target: number; to: string }
  | { kind: 'delete'; target: number }
  | { kind: 'duplicate'; target: number }
  | { kind: 'change'; target: number; patch: Record<string, unknown> };

export interface BatteryCase {
  command: 'apply' | 'delete';
  prune: boolean;
  pruneMatch: string[];
  protectConfig: string[];
  protectInput: string[];
  maxDeletions: number;
  entries: Entry[];
  /** Seeded numbers: drifted/duplicated declared ones and unmanaged ones, in creation order. */
  remote: SeededNumber[];
  returnSecrets: boolean;
  /** Read lag (list requests a new number stays hidden) during the faulty run. */
  lag: number;
  schedule: ScheduledFault[];
  /** Faults on any request of the faulty run with probability `rate`, drawn from `faults`. */
  noise: { rate: number; faults: FaultSpec[] };
  outOfBand: OutOfBand[];
  /** Seeds the fake's shuffles and the client's jitter. */
  seed: number;
}

/** Name globs as the engine reads them: `*` any run, `?` one character, the rest literal. */
export function globTest(glob: string, name: string): boolean {
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(name);
}

export function isProtected(c: BatteryCase, name: string): boolean {
  return [...c.protectInput, ...c.protectConfig].some((glob) => globTest(glob, name));
}

/** Whether the run's prune owns an undeclared name. */
export function prunable(c: BatteryCase, name: string): boolean {
  return (
    c.command === 'apply' &&
    c.prune &&
    c.pruneMatch.length > 0 &&
    !c.entries.some((e) => e.name === name) &&
    c.pruneMatch.some((glob) => globTest(glob, name)) &&
    !isProtected(c, name)
  );
}

/** The config file as JSON (valid YAML); secret values are written as `${VAR}`. */
export function configText(c: BatteryCase): string {
  const byValue = new Map<string, string>(Object.entries(SECRETS).map(([k, v]) => [v, k]));
  const interpolate = (value: unknown): unknown => {
    if (typeof value === 'string') return byValue.has(value) ? `\${${byValue.get(value)}}` : value;
    if (Array.isArray(value)) return value.map(interpolate);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
    }
    return value;
  };
  const numbers = c.entries.map((e) => ({
    name: e.name,
    provider: e.provider,
    ...(interpolate(e.fields) as Record<string, unknown>),
    ...(e.assistant ? { assistant: e.assistant } : {}),
  }));
  return JSON.stringify({ version: 1, numbers, prune: { match: c.pruneMatch, protect: c.protectConfig } }, null, 1);
}

/** What a stored number must satisfy for one declared field (the README's compare rules). */
export function satisfiesField(declared: unknown, live: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(declared)) return empty(live);
  if (Array.isArray(declared)) {
    return Array.isArray(live) && live.length === declared.length && declared.every((d, i) => satisfiesField(d, live[i]));
  }
  if (typeof declared === 'object' && declared !== null) {
    const obj = live === undefined || live === null ? {} : live;
    if (typeof obj !== 'object' || Array.isArray(obj)) return false;
    return Object.entries(declared).every(([k, v]) => satisfiesField(v, (obj as Record<string, unknown>)[k]));
  }
  return declared === live;
}

/** The declared fields of an entry as they reach the API (assistant resolved to its id). */
export function declaredFields(entry: Entry, assistantIds: Map<string, string>): Record<string, unknown> {
  const fields = { ...entry.fields };
  if (entry.assistant) fields.assistantId = assistantIds.get(entry.assistant);
  return fields;
}

/** Whether a stored number is the declared entry (create-only fields aside). */
export function matchesEntry(entry: Entry, stored: Record<string, unknown>, assistantIds: Map<string, string>): boolean {
  if (stored.provider !== entry.provider) return false;
  return Object.entries(declaredFields(entry, assistantIds)).every(
    ([k, v]) => k === 'numberDesiredAreaCode' || satisfiesField(v, stored[k]),
  );
}
