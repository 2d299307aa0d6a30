// Holds a drafted entry to the loader's own schema (src/config/schema.ts), so that every exported
// file loads. What the API returned but the loader refuses is left out rather than written: an
// undeclared field is never compared, so the round trip still holds, and the comment says what.
import { REQUIRED_FIELDS } from '../api-fields.js';
import type { Provider } from '../api-fields.js';
import { entrySchema } from '../config/schema.js';
import { formatPath } from '../plan/diff.js';
import { SecretSlot } from './variables.js';

/** The fields the loader accepts, with what was taken out; or why the number cannot be declared. */
export type Loadable =
  { fields: Record<string, unknown>; leftOut: { field: string; reason: string }[] } | { refused: string; todo: string };

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
}

// The loader checks secrets after `${VAR}` is replaced; a stand-in of a length every secret field
// accepts (a SIP password takes 20-40 characters) is checked in their place, never the value.
const SECRET_STAND_IN = 'x'.repeat(32);

function withStandIns(value: unknown): unknown {
  if (value instanceof SecretSlot) return SECRET_STAND_IN;
  if (Array.isArray(value)) return value.map(withStandIns);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withStandIns(item)]));
  }
  return value;
}

function at(fields: Record<string, unknown>, path: PropertyKey[]): unknown {
  let value: unknown = fields;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** Why the loader refuses a value, in words; zod/mini's own message is only "Invalid input". */
function issueReason(issue: Issue, fields: Record<string, unknown>): string {
  const where = formatPath(issue.path.map(pathKey));
  const what = (() => {
    switch (issue.code) {
      case 'invalid_type':
        if (at(fields, issue.path) === undefined) return 'missing, and the config requires it';
        return `the config expects ${issue.expected ?? 'another type'} here`;
      case 'too_small':
      case 'too_big':
        return "outside the config's limits";
      case 'invalid_value':
        return 'not one of the values the config accepts';
      case 'invalid_union':
        return 'matches none of the shapes the config accepts';
      case 'custom':
        return issue.message;
      default:
        return 'the config refuses it';
    }
  })();
  return `${where}: ${what}`;
}

/**
 * Removes from `fields` what the loader would refuse: keys the config does not know, anywhere, are
 * removed one by one; any other problem removes the whole top-level field. A problem in the name or
 * in a field the provider requires leaves the number out.
 */
export function loadable(name: string, provider: Provider, draft: Record<string, unknown>): Loadable {
  const fields = copyTree(draft) as Record<string, unknown>;
  const required = new Set(['name', ...REQUIRED_FIELDS[provider]]);
  const leftOut: { field: string; reason: string }[] = [];
  const schema = entrySchema(provider);
  // Each round removes at least one key, so the loop ends; a round that cannot is a schema surprise.
  for (;;) {
    const result = schema.safeParse(withStandIns({ name, ...fields }));
    if (result.success) return { fields, leftOut };
    const before = leftOut.length;
    for (const issue of result.error.issues as Issue[]) {
      const [top] = issue.path;
      const parent = at(fields, issue.path);
      if (issue.code === 'unrecognized_keys' && typeof parent === 'object' && parent !== null) {
        for (const key of issue.keys ?? []) {
          delete (parent as Record<string, unknown>)[key];
          leftOut.push({ field: formatPath([...issue.path.map(pathKey), key]), reason: 'not a key the config accepts' });
        }
      } else if (typeof top !== 'string' || required.has(top)) {
        const todo = typeof top === 'string' && top !== 'name' ? `correct ${top} on the number in Vapi` : 'correct it in Vapi';
        return { refused: issueReason(issue, fields), todo: `${todo}, then export again` };
      } else if (top in fields) {
        leftOut.push({ field: top, reason: issueReason(issue, fields) });
        delete fields[top];
      }
    }
    if (leftOut.length === before) return { refused: 'the config refuses its fields', todo: 'declare the number by hand' };
  }
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/** A deep copy of plain data that keeps each SecretSlot as it is. */
function copyTree(value: unknown): unknown {
  if (value instanceof SecretSlot || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyTree);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyTree(item)]));
}
