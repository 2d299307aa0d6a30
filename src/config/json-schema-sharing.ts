// Moves the parts of a JSON Schema that occur more than once (a transfer destination sits under
// every provider's entry, under `defaults:` and inside hooks) into `$defs`, referenced by `$ref`.
// Without it the config's schema repeats the same destinations and language lists some hundred
// times; with it, each is written once and the file stays small enough to read.

/** A JSON Schema, or any part of one. */
export type JsonSchema = { [keyword: string]: unknown };

/** Parts shorter than this (as JSON) stay where they are: a reference would save little. */
const SMALLEST_SHARED = 300;

const SINGLE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else'];
const LISTS = ['anyOf', 'oneOf', 'allOf'];

interface Part {
  schema: JsonSchema;
  key: string | undefined;
}

/** Calls `visit` on each subschema under `schema` (not `schema` itself) with the key it belongs to. */
function eachPart(schema: JsonSchema, key: string | undefined, visit: (part: Part) => JsonSchema | undefined): void {
  const step = (value: unknown, childKey: string | undefined): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const part = value as JsonSchema;
    const replaced = visit({ schema: part, key: childKey });
    if (replaced !== undefined) return replaced;
    eachPart(part, childKey, visit);
    return part;
  };
  const properties = schema['properties'] as Record<string, unknown> | undefined;
  if (properties) for (const name of Object.keys(properties)) properties[name] = step(properties[name], name);
  for (const word of SINGLE) if (schema[word] !== undefined) schema[word] = step(schema[word], key);
  for (const word of LISTS) {
    const list = schema[word];
    if (Array.isArray(list)) schema[word] = list.map((member) => step(member, key));
  }
}

/** A name for a shared part: the key it was found under, with its `type` when it is one kind of several. */
function nameFor(part: Part, taken: Record<string, unknown>): string {
  const typeSchema = (part.schema['properties'] as JsonSchema | undefined)?.['type'] as JsonSchema | undefined;
  const kind = typeSchema?.['const'] ?? (typeSchema?.['anyOf'] as JsonSchema[] | undefined)?.[0]?.['const'];
  const base = [part.key ?? 'rule', typeof kind === 'string' ? kind : undefined].filter(Boolean).join('-');
  let name = base;
  for (let n = 2; name in taken; n++) name = `${base}-${n}`;
  return name;
}

/** A copy of `schema` with each repeated part moved to `$defs`, largest first. */
export function shareRepeatedParts(schema: JsonSchema): JsonSchema {
  // A copy: the same objects sit in several places of `schema`, and parts are replaced in place.
  const root = structuredClone(schema);
  const defs = (root['$defs'] ??= {}) as Record<string, JsonSchema>;
  const roots = (): JsonSchema[] => [root, ...Object.values(defs)];
  for (;;) {
    const seen = new Map<string, { count: number; first: Part }>();
    for (const schema of roots()) {
      eachPart(schema, undefined, (part) => {
        const text = JSON.stringify(part.schema);
        if (text.length < SMALLEST_SHARED) return undefined;
        const entry = seen.get(text);
        if (entry) entry.count++;
        else seen.set(text, { count: 1, first: part });
        return undefined;
      });
    }
    let best: [string, Part] | undefined;
    for (const [text, { count, first }] of seen) {
      if (count > 1 && (best === undefined || text.length > best[0].length)) best = [text, first];
    }
    if (best === undefined) return root;
    const [text, first] = best;
    const name = nameFor(first, defs);
    const reference = { $ref: `#/$defs/${name}` };
    for (const schema of roots()) {
      eachPart(schema, undefined, (part) => (JSON.stringify(part.schema) === text ? reference : undefined));
    }
    defs[name] = JSON.parse(text) as JsonSchema;
  }
}
