// Validation of `defaults:` and of one entry under `numbers:` (file or inline input), down to a
// DesiredNumber. Works on plain values read by fast-read.ts or yaml-values.ts; positions come
// from the source.

import { PROVIDERS, PROVIDER_FIELDS, isProvider } from '../api-fields.js';
import type { Provider } from '../api-fields.js';
import { DEFAULTS_KEYS, ROUTING_FIELDS, defaultsSchema, entryKeys, entrySchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { formatPath, keyOffsetOf, linePosition, locationOf, offsetOf, problemAt, problemAtOffset } from './positions.js';
import type { KeyPath, YamlSource } from './positions.js';
import { issueToProblems } from './zod-issues.js';
import type { Whereabouts } from './zod-issues.js';
import type { ConfigProblem, DesiredNumber, SourceLocation } from './types.js';

/** Where a map of fields lives: `['defaults']` or `['numbers', 2]` in a source. */
export interface FieldsOrigin {
  source: YamlSource;
  base: KeyPath;
}

/** The checked `defaults:` section, ready to merge under entries. */
export interface Defaults {
  origin: FieldsOrigin;
  values: Record<string, unknown>;
}

const PROVIDER_LIST = PROVIDERS.map((provider) => `\`${provider}\``).join(', ');

/** Finds a path under `base`; when it is absent, also the nearest written ancestor. */
export function locateIn(origin: FieldsOrigin, relative: KeyPath): Whereabouts {
  const path = origin.base.concat(relative);
  for (let length = path.length; length >= 0; length--) {
    const found = locationOf(origin.source, length === path.length ? path : path.slice(0, length));
    if (found !== undefined) {
      return { source: origin.source, path, located: length === path.length ? found : undefined, nearest: found };
    }
  }
  return { source: origin.source, path, located: undefined, nearest: undefined };
}

function isFieldMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unknownKey(origin: FieldsOrigin, key: string, known: readonly string[]): ConfigProblem {
  const where = locateIn(origin, [key]);
  return problemAtOffset(where.source, keyOffsetOf(where.located), where.path, `unknown key \`${key}\``, didYouMean(key, known));
}

function checkProvider(origin: FieldsOrigin, value: unknown, problems: ConfigProblem[]): Provider | undefined {
  if (isProvider(value)) return value;
  const where = locateIn(origin, ['provider']);
  const written = typeof value === 'string' ? `unknown provider \`${value}\`` : '`provider` must be text';
  const hint = typeof value === 'string' ? didYouMean(value, PROVIDERS) : undefined;
  problems.push(problemAt(where.source, where.located, where.path, `${written}; one of ${PROVIDER_LIST}`, hint));
  return undefined;
}

function checkRouting(origin: FieldsOrigin, values: Record<string, unknown>, problems: ConfigProblem[]): void {
  const isSet = (key: string): boolean => values[key] !== undefined && values[key] !== null;
  // One target (every number that names one) is the usual case: nothing to order or report.
  let count = 0;
  for (const key of ROUTING_FIELDS) if (isSet(key)) count++;
  if (count < 2) return;
  const set = ROUTING_FIELDS.filter(isSet).sort(
    (a, b) => keyOffsetOf(locateIn(origin, [a]).located) - keyOffsetOf(locateIn(origin, [b]).located),
  );
  const second = set[1] ?? '';
  const where = locateIn(origin, [second]);
  problems.push(
    problemAtOffset(
      where.source,
      keyOffsetOf(where.located),
      where.path,
      `only one routing target may be set; found ${set.map((key) => `\`${key}\``).join(' and ')}`,
      'a call is answered by one assistant, squad or workflow: keep one of them',
    ),
  );
}

// Twilio authenticates with the auth token or with an API key and its secret. Without either, or
// with half a pair, the API would only refuse the number after the run has started.
function checkTwilioCredentials(origin: FieldsOrigin, values: Record<string, unknown>, problems: ConfigProblem[]): void {
  const has = (key: string): boolean => values[key] !== undefined && values[key] !== null;
  const [hasKey, hasSecret] = [has('twilioApiKey'), has('twilioApiSecret')];
  if (hasKey !== hasSecret) {
    const [present, absent] = hasKey ? ['twilioApiKey', 'twilioApiSecret'] : ['twilioApiSecret', 'twilioApiKey'];
    const where = locateIn(origin, [present]);
    problems.push(
      problemAtOffset(
        where.source,
        keyOffsetOf(where.located),
        where.path,
        `\`${present}\` needs \`${absent}\` too`,
        'or use twilioAuthToken alone',
      ),
    );
  } else if (!hasKey && !has('twilioAuthToken')) {
    const where = locateIn(origin, []);
    problems.push(
      problemAt(
        origin.source,
        where.located,
        [...origin.base, 'twilioAuthToken'],
        'missing twilio credentials: set `twilioAuthToken`, or both `twilioApiKey` and `twilioApiSecret`',
        'add twilioAuthToken: ${TWILIO_AUTH_TOKEN} here or under `defaults:`',
      ),
    );
  }
}

function validate(
  origin: FieldsOrigin,
  values: Record<string, unknown>,
  schema: ReturnType<typeof entrySchema>,
  problems: ConfigProblem[],
  options: { originOf?: (key: string) => FieldsOrigin; requiredBecause?: (key: string) => string } = {},
): boolean {
  const result = schema.safeParse(values);
  if (result.success) return true;
  const context = {
    schema,
    value: values,
    locate: (path: KeyPath) => {
      const first = path[0];
      return locateIn(first === undefined ? origin : (options.originOf?.(String(first)) ?? origin), path);
    },
    ...(options.requiredBecause ? { requiredBecause: options.requiredBecause } : {}),
  };
  for (const issue of result.error.issues) problems.push(...issueToProblems(issue, context));
  return false;
}

/** Checks `defaults:`; returns the keys that can be merged (unknown ones are left out). */
export function readDefaults(source: YamlSource, value: unknown, problems: ConfigProblem[]): Defaults | undefined {
  const origin: FieldsOrigin = { source, base: ['defaults'] };
  if (value === undefined || value === null) return undefined;
  if (!isFieldMap(value)) {
    const where = locateIn(origin, []);
    problems.push(problemAt(source, where.located, where.path, '`defaults` must be a map of fields shared by every number'));
    return undefined;
  }
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'name') {
      const where = locateIn(origin, [key]);
      problems.push(
        problemAtOffset(
          source,
          keyOffsetOf(where.located),
          where.path,
          '`name` cannot be a default',
          'each number needs its own unique name',
        ),
      );
    } else if (!DEFAULTS_KEYS.includes(key)) problems.push(unknownKey(origin, key, DEFAULTS_KEYS));
    else values[key] = field;
  }
  if ('provider' in values) checkProvider(origin, values['provider'], problems);
  checkRouting(origin, values, problems);
  const { provider: _provider, ...fields } = values;
  validate(origin, fields, defaultsSchema, problems);
  return { origin, values };
}

/** Whether an item under `numbers` is a map of fields; reports it when it is not. */
export function isEntryMap(origin: FieldsOrigin, value: unknown, problems: ConfigProblem[]): value is Record<string, unknown> {
  if (isFieldMap(value)) return true;
  const entry = locateIn(origin, []);
  problems.push(
    problemAt(
      origin.source,
      entry.located,
      entry.path,
      'each item under `numbers` must be a map of fields',
      'start each item with `- name: ...`',
    ),
  );
  return false;
}

/** Where an entry starts, as a DesiredNumber's `source`. */
export function entrySource(origin: FieldsOrigin): SourceLocation {
  const start = linePosition(origin.source, offsetOf(locateIn(origin, []).located));
  return { file: origin.source.label, line: start.line, column: start.col };
}

/** Where a key of an entry (or of `defaults:`) was written, with its key path. */
function fieldSource(origin: FieldsOrigin, key: string): SourceLocation & { path: string } {
  const where = locateIn(origin, [key]);
  const start = linePosition(origin.source, keyOffsetOf(where.located));
  return { file: origin.source.label, line: start.line, column: start.col, path: formatPath(where.path) };
}

/** The keys a number may declare for a provider, or for any provider when it has none: made once each. */
const ALLOWED_KEYS = new Map<Provider | undefined, ReadonlySet<string>>();

function allowedKeys(provider: Provider | undefined): ReadonlySet<string> {
  let keys = ALLOWED_KEYS.get(provider);
  if (keys === undefined) {
    keys = new Set(provider === undefined ? PROVIDERS.flatMap(entryKeys) : entryKeys(provider));
    ALLOWED_KEYS.set(provider, keys);
  }
  return keys;
}

/** Checks one entry, merged over the defaults; a DesiredNumber when it is valid. */
export function readEntry(
  origin: FieldsOrigin,
  value: unknown,
  defaults: Defaults | undefined,
  problems: ConfigProblem[],
): DesiredNumber | undefined {
  if (!isEntryMap(origin, value, problems)) return undefined;
  let provider: Provider | undefined;
  if ('provider' in value) provider = checkProvider(origin, value['provider'], problems);
  else if (defaults?.values['provider'] !== undefined)
    provider = isProvider(defaults.values['provider']) ? defaults.values['provider'] : undefined;
  else {
    problems.push(
      problemAt(
        origin.source,
        locateIn(origin, []).located,
        [...origin.base, 'provider'],
        `missing \`provider\`: one of ${PROVIDER_LIST}`,
        'set it here or under `defaults:`',
      ),
    );
  }

  const allowed = allowedKeys(provider);
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === 'provider') continue;
    if (allowed.has(key)) {
      own[key] = value[key];
      continue;
    }
    const owners = PROVIDERS.filter((candidate) => PROVIDER_FIELDS[candidate].includes(key));
    if (provider !== undefined && owners.length > 0) {
      const where = locateIn(origin, [key]);
      problems.push(
        problemAtOffset(
          where.source,
          keyOffsetOf(where.located),
          where.path,
          `\`${key}\` is not a field of provider \`${provider}\`; only ${owners.map((owner) => `\`${owner}\``).join(', ')} ${owners.length === 1 ? 'accepts' : 'accept'} it`,
          'check `provider:`, or remove the key',
        ),
      );
    } else problems.push(unknownKey(origin, key, ['provider', ...allowed]));
  }
  if (provider === undefined) return undefined;

  // Routing merges as one group: a number that picks its own target replaces the default one
  // rather than adding a second target next to it.
  const ownRouting = ROUTING_FIELDS.some((key) => key in own);
  // Without defaults, the entry's own fields are all there is (and are not changed below).
  const merged: Record<string, unknown> = defaults === undefined ? own : {};
  if (defaults !== undefined) {
    for (const key of Object.keys(defaults.values)) {
      // A default for another provider's field (twilio credentials, say) simply does not apply here.
      if (!allowed.has(key) || (ownRouting && (ROUTING_FIELDS as readonly string[]).includes(key))) continue;
      merged[key] = defaults.values[key];
    }
    for (const key of Object.keys(own)) merged[key] = own[key];
  }
  // Where a merged key was written: a key that is not the entry's own came from `defaults:`.
  const originOf = (key: string): FieldsOrigin =>
    defaults !== undefined && !Object.hasOwn(own, key) && Object.hasOwn(merged, key) ? defaults.origin : origin;
  if (ownRouting) checkRouting(origin, merged, problems);
  if (provider === 'twilio') checkTwilioCredentials(origin, merged, problems);

  const valid = validate(origin, merged, entrySchema(provider), problems, {
    originOf,
    requiredBecause: (key) =>
      key === 'name'
        ? 'every number needs a unique name (1-40 characters): it is how existing numbers are matched'
        : `provider \`${provider}\` requires it`,
  });
  if (!valid || typeof merged['name'] !== 'string') return undefined;

  const { name, assistant, squad, ...fields } = merged;
  const desired: DesiredNumber = { name, provider, fields, source: entrySource(origin) };
  if (typeof assistant === 'string') desired.assistantName = assistant;
  if (typeof squad === 'string') desired.squadName = squad;
  const byName = typeof assistant === 'string' ? 'assistant' : typeof squad === 'string' ? 'squad' : undefined;
  if (byName !== undefined) desired.routingSource = fieldSource(originOf(byName), byName);
  return desired;
}
