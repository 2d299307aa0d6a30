// The JSON Schema of a config file, for editors (yaml-language-server), built from the zod schemas
// the loader validates with. An editor sees the file as written, before `${VAR}` substitution and
// before `defaults:` is merged, so the schema must accept whatever the loader would accept after
// both: constrained text also takes a placeholder, and what `defaults:` may supply is not required.
// The build writes it to dist/vapi-numbers.schema.json; test/config/json-schema-agrees-with-loader
// holds the two to the same verdicts.

import { toJSONSchema } from 'zod/v4/core';
import type { $ZodType } from 'zod/v4/core';
import { PROVIDERS, REQUIRED_FIELDS } from '../api-fields.js';
import type { Provider } from '../api-fields.js';
import { DESCRIPTIONS, ENTRY_DESCRIPTION, PLACEHOLDER_DESCRIPTION, SECRET_DESCRIPTION } from './json-schema-descriptions.js';
import type { Descriptions } from './json-schema-descriptions.js';
import { shareRepeatedParts } from './json-schema-sharing.js';
import type { JsonSchema } from './json-schema-sharing.js';
import { E164, ROUTING_FIELDS, defaultsSchema, entrySchema, pruneSchema } from './schema.js';

/** Where the published schema lives: the `v1` tag's copy of dist/. */
export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/vapi-numbers/vapi-numbers/v1/dist/vapi-numbers.schema.json';

// interpolate.ts's grammar: `${NAME}`, or the `$${` escape (which shortens the text by one).
const PLACEHOLDER = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|\\$\\$\\{',
  description: PLACEHOLDER_DESCRIPTION,
};
// A secret needs a real reference: `$${NAME}` is an escape, not one.
const SECRET = { type: 'string', pattern: '(?:^|[^$])\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}', description: SECRET_DESCRIPTION };
const SECRET_KEYS = new Set(['twilioAuthToken', 'twilioApiKey', 'twilioApiSecret', 'password', 'headers']);
const TWILIO_CREDENTIALS = ['twilioAuthToken', 'twilioApiKey', 'twilioApiSecret'];

// Checks the loader makes with zod refinements, which zod cannot turn into JSON Schema.
const PATTERNS: Record<string, string> = {
  url: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]',
  holdAudioUrl: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]',
  transferCompleteAudioUrl: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]',
  numberDesiredAreaCode: '^[0-9]{3}$',
  startsWith: '^(?:[^+]|$)',
};

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const providerIs = (provider: Provider): JsonSchema => ({
  required: ['provider'],
  properties: { provider: { const: provider } },
});
const providerAbsent: JsonSchema = { not: { required: ['provider'] } };
/** Present with a value other than null (null means "must be empty", which supplies nothing). */
const has = (key: string): JsonSchema => ({ required: [key], properties: { [key]: { not: { type: 'null' } } } });

/** The JSON Schema (draft 2020-12) of a vapi-numbers config file. */
export function configJsonSchema(): JsonSchema {
  const entries = Object.fromEntries(PROVIDERS.map((provider) => [`entry-${provider}`, entryOf(provider)]));
  const defaults = adapt(fromZod(defaultsSchema), DESCRIPTIONS['defaults']);
  const defaultsProperties = defaults['properties'] as Record<string, JsonSchema>;
  const name = (entries['entry-vapi']?.['properties'] as Record<string, JsonSchema>)['name'];
  const anyProvider = describedAs('provider', { anyOf: [{ enum: [...PROVIDERS] }, PLACEHOLDER] });
  const defs: Record<string, JsonSchema> = {
    ...entries,
    // A number whose provider is a `${VAR}` (or comes from a `${VAR}` default): any provider's keys.
    'entry-any-provider': withRouting({
      ...defaults,
      properties: { name, provider: anyProvider, ...defaultsProperties },
      required: ['name'],
    }),
    defaults: withRouting({ ...defaults, properties: { provider: anyProvider, ...defaultsProperties } }),
    'twilio-credentials': {
      description: 'A twilio number needs twilioAuthToken, or twilioApiKey with twilioApiSecret.',
      allOf: [
        { if: has('twilioApiKey'), then: has('twilioApiSecret') },
        { if: has('twilioApiSecret'), then: has('twilioApiKey') },
        { anyOf: [has('twilioAuthToken'), has('twilioApiKey')] },
      ],
    },
    number: {
      type: 'object',
      description: ENTRY_DESCRIPTION,
      required: ['name'],
      properties: { provider: anyProvider },
      allOf: [
        ...PROVIDERS.map((provider) => ({ if: providerIs(provider), then: ref(`entry-${provider}`) })),
        { if: { required: ['provider'], properties: { provider: { enum: [...PROVIDERS] } } }, else: ref('entry-any-provider') },
      ],
    },
  };
  const root: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'vapi-numbers config',
    description: 'The phone numbers a Vapi organisation must have, as vapi-numbers reads them (version 1).',
    type: 'object',
    properties: {
      version: describedAs('version', { const: 1 }),
      defaults: { description: describe('defaults'), anyOf: [ref('defaults'), { type: 'null' }] },
      numbers: { description: describe('numbers'), anyOf: [{ type: 'array', items: ref('number') }, { type: 'null' }] },
      prune: { description: describe('prune'), anyOf: [adapt(fromZod(pruneSchema), DESCRIPTIONS['prune']), { type: 'null' }] },
    },
    required: ['version', 'numbers'],
    additionalProperties: false,
    allOf: whatDefaultsLeaveRequired(),
    $defs: defs,
  };
  return shareRepeatedParts(root);
}

/** One provider's entry: its keys and their values; what it must hold depends on `defaults:`. */
function entryOf(provider: Provider): JsonSchema {
  const converted = adapt(fromZod(entrySchema(provider)), DESCRIPTIONS['numbers']);
  const { name, ...rest } = converted['properties'] as Record<string, JsonSchema>;
  return withRouting({
    type: 'object',
    description: `A \`${provider}\` number.`,
    properties: { name, provider: describedAs('provider', { const: provider }), ...rest },
    required: ['name'],
    additionalProperties: false,
  });
}

// The loader requires each key after merging `defaults:` under the entry, so a key is required of
// an entry only when `defaults:` does not supply it, and the provider only when it has no default.
function whatDefaultsLeaveRequired(): JsonSchema[] {
  const supplied = (key: string): JsonSchema => ({
    required: ['defaults'],
    properties: { defaults: { type: 'object', ...has(key) } },
  });
  const defaultProviderIs = (provider: Provider): JsonSchema => ({
    required: ['defaults'],
    properties: { defaults: { type: 'object', ...providerIs(provider) } },
  });
  const eachNumber = (rule: JsonSchema): JsonSchema => ({ properties: { numbers: { items: rule } } });
  const rules: JsonSchema[] = [{ if: supplied('provider'), else: eachNumber({ required: ['provider'] }) }];
  for (const provider of PROVIDERS) {
    // A number without `provider:` is one of the default provider's, with its keys only.
    rules.push({ if: defaultProviderIs(provider), then: eachNumber({ if: providerAbsent, then: ref(`entry-${provider}`) }) });
    for (const key of REQUIRED_FIELDS[provider]) {
      rules.push(
        { if: supplied(key), else: eachNumber({ if: providerIs(provider), then: { required: [key] } }) },
        {
          if: { allOf: [defaultProviderIs(provider), { not: supplied(key) }] },
          then: eachNumber({ if: providerAbsent, then: { required: [key] } }),
        },
      );
    }
  }
  // Twilio's credentials (the auth token, or an API key with its secret) are checked on the number
  // alone only when `defaults:` supplies none of them; otherwise the merge decides.
  const noneSupplied = { not: { anyOf: TWILIO_CREDENTIALS.map(supplied) } };
  const credentials = ref('twilio-credentials');
  rules.push(
    { if: noneSupplied, then: eachNumber({ if: providerIs('twilio'), then: credentials }) },
    { if: { allOf: [noneSupplied, defaultProviderIs('twilio')] }, then: eachNumber({ if: providerAbsent, then: credentials }) },
  );
  return rules;
}

/** At most one of assistant, squad and workflow (a null one does not count). */
function withRouting(schema: JsonSchema): JsonSchema {
  const routing: readonly string[] = ROUTING_FIELDS;
  const rules = routing.map((key) => ({
    if: has(key),
    then: { properties: Object.fromEntries(routing.filter((other) => other !== key).map((other) => [other, { type: 'null' }])) },
  }));
  return { ...schema, allOf: rules };
}

function fromZod(schema: unknown): JsonSchema {
  const { $schema: _draft, ...converted } = toJSONSchema(schema as $ZodType, { target: 'draft-2020-12', io: 'input' });
  return converted;
}

/** zod's output, made to read the file as the loader does, with descriptions from `described`. */
function adapt(schema: JsonSchema, described: Descriptions[string] | undefined): JsonSchema {
  return withDescriptions(withLoaderRules(schema, undefined), typeof described === 'object' ? described : {});
}

function describe(key: string): string | undefined {
  const described = DESCRIPTIONS[key];
  return typeof described === 'string' ? described : (described?.['_'] as string | undefined);
}

function describedAs(key: string, schema: JsonSchema): JsonSchema {
  const entry = DESCRIPTIONS['numbers'] as Descriptions;
  const described = key === 'version' ? DESCRIPTIONS['version'] : entry[key];
  return { description: typeof described === 'string' ? described : undefined, ...schema };
}

/** Rebuilds every subschema, children first; `key` is the property the schema is the value of. */
function mapSchemas(
  schema: JsonSchema,
  key: string | undefined,
  visit: (node: JsonSchema, key: string | undefined) => JsonSchema,
): JsonSchema {
  const node: JsonSchema = { ...schema };
  const child = (value: unknown, childKey: string | undefined): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? mapSchemas(value as JsonSchema, childKey, visit)
      : value;
  if (node['properties']) {
    const properties = node['properties'] as Record<string, JsonSchema>;
    node['properties'] = Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, child(value, name)]));
  }
  for (const word of ['items', 'additionalProperties', 'not', 'if', 'then', 'else']) {
    if (node[word] !== undefined) node[word] = child(node[word], key);
  }
  for (const word of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(node[word])) node[word] = (node[word] as unknown[]).map((member) => child(member, key));
  }
  return visit(node, key);
}

function withLoaderRules(schema: JsonSchema, key: string | undefined): JsonSchema {
  return mapSchemas(schema, key, (node, at) => {
    // zod writes discriminated unions as oneOf; with placeholders a value may fit two branches.
    if (Array.isArray(node['oneOf'])) {
      const { oneOf, ...rest } = node;
      node = { ...rest, anyOf: oneOf };
    }
    if (
      node['type'] === 'object' &&
      constOf((node['properties'] as Record<string, JsonSchema> | undefined)?.['type']) === 'number'
    ) {
      // A transfer destination's number is checked for E.164 unless the check is turned off.
      node = {
        ...node,
        if: { required: ['numberE164CheckEnabled'], properties: { numberE164CheckEnabled: { const: false } } },
        else: { properties: { number: { anyOf: [{ type: 'string', pattern: E164.source }, PLACEHOLDER] } } },
      };
    }
    const type = node['type'] as string | string[] | undefined;
    // zod writes a nullable unconstrained string as `type: [string, null]`; the string may get rules.
    if (Array.isArray(type) && type.includes('string')) {
      const others = type.filter((name) => name !== 'string');
      return { anyOf: [textRules({ ...node, type: 'string' }, at), { type: others.length === 1 ? others[0] : others }] };
    }
    return type === 'string' ? textRules(node, at) : node;
  });
}

/** A string's rules: a secret must be a placeholder; any other constrained text may be one. */
function textRules(node: JsonSchema, at: string | undefined): JsonSchema {
  if (at !== undefined && SECRET_KEYS.has(at)) return SECRET;
  const pattern = at === undefined ? undefined : PATTERNS[at];
  const text = pattern === undefined ? node : { ...node, pattern };
  // `${VAR}` is replaced before the value is checked, so a placeholder may stand for any text.
  const constrained = ['pattern', 'maxLength', 'enum', 'const', 'format'].some((word) => word in text);
  return constrained || Number(text['minLength'] ?? 0) > 1 ? { anyOf: [text, PLACEHOLDER] } : text;
}

function constOf(schema: JsonSchema | undefined): unknown {
  if (schema === undefined) return undefined;
  if ('const' in schema) return schema['const'];
  const first = (schema['anyOf'] as JsonSchema[] | undefined)?.[0];
  return first?.['const'];
}

/** Puts each key's description on its schema, walking nested objects, lists and unions alike. */
function withDescriptions(schema: JsonSchema, described: Descriptions): JsonSchema {
  const node: JsonSchema = { ...schema };
  const properties = node['properties'] as Record<string, JsonSchema> | undefined;
  if (properties) {
    node['properties'] = Object.fromEntries(
      Object.entries(properties).map(([name, value]) => {
        const text = described[name];
        const inner = typeof text === 'object' ? withDescriptions(value, text) : value;
        const description = typeof text === 'object' ? text['_'] : text;
        const { description: _generic, ...rest } = inner;
        return [name, description === undefined ? inner : { description, ...rest }];
      }),
    );
  }
  for (const word of ['items', 'additionalProperties']) {
    const value = node[word];
    if (value !== null && typeof value === 'object') node[word] = withDescriptions(value as JsonSchema, described);
  }
  if (Array.isArray(node['anyOf']))
    node['anyOf'] = (node['anyOf'] as JsonSchema[]).map((member) => withDescriptions(member, described));
  return node;
}
