// Turns zod issues into positioned problems written for people: the key in backquotes, what was
// expected, what YAML actually read, and a hint where there is a usual fix.

import type { Scalar } from 'yaml';
import type * as z from 'zod/mini';
import { isSecretPath } from '../api-fields.js';
import { didYouMean } from './suggest.js';
import { keyOffsetOf, pathKey, problemAt, problemAtOffset, sourceText } from './positions.js';
import type { KeyPath, Located, YamlSource } from './positions.js';
import { pathInEntry } from './scalars.js';
import type { ConfigProblem } from './types.js';

/** Where a path of the validated value was written. */
export interface Whereabouts {
  source: YamlSource;
  /** The path from the document root, for the problem's key path. */
  path: KeyPath;
  /** The value's nodes; undefined when the key is absent. */
  located: Located | undefined;
  /** The nearest ancestor that was written, to point at when the value itself is absent. */
  nearest: Located | undefined;
}

/** What formatting needs besides the issue. */
export interface IssueContext {
  /** Finds a path relative to the validated value. */
  locate(path: KeyPath): Whereabouts;
  schema: z.ZodMiniType;
  value: unknown;
  /** Says why a missing top-level key is required, e.g. "provider `twilio` requires it". */
  requiredBecause?: (key: string) => string;
}

type Issue = z.core.$ZodIssue;

export function issueToProblems(issue: Issue, context: IssueContext): ConfigProblem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  const where = context.locate(path);
  if (where.located !== undefined && where.source.unresolved.has(pathKey(where.path))) return [];
  const key = lastKey(where.path);
  const at = (message: string, hint?: string): ConfigProblem[] => [
    problemAt(where.source, where.located ?? where.nearest, where.path, message, hint),
  ];
  const secret = isSecret(where.path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(context.schema, context.value, path);
      return issue.keys.map((unknown) => {
        const child = context.locate([...path, unknown]);
        const hint = didYouMean(unknown, known) ?? (known.length > 0 ? `expected one of ${list(known)}` : undefined);
        return problemAtOffset(child.source, keyOffsetOf(child.located), child.path, `unknown key \`${unknown}\``, hint);
      });
    }
    case 'invalid_type': {
      if (where.located === undefined) {
        const because = path.length === 1 && context.requiredBecause ? `: ${context.requiredBecause(key)}` : '';
        return at(`missing \`${key}\`${because}`);
      }
      const node = where.located.node;
      const value = scalarValue(where.located);
      if (issue.expected === 'string' && value !== undefined && value !== null && typeof value !== 'string') {
        if (secret) return at(`\`${key}\` must be quoted text`, `write ${key}: "\${VARIABLE}"`);
        const written = sourceText(where.source, node) ?? String(value);
        return at(
          `YAML reads ${written} as ${describe(where.located)}, not text; quote it`,
          typeof key === 'string' && key !== '' ? `write ${key}: "${written}"` : `write "${written}"`,
        );
      }
      return at(`\`${key}\` must be ${expected(issue.expected)}, not ${describe(where.located)}`, typeHint(key, issue.expected));
    }
    case 'too_big':
    case 'too_small':
      return at(sizeMessage(issue, key, secret, valueAt(context.value, path)));
    case 'invalid_value': {
      const written = valueAt(context.value, path);
      const found = secret || typeof written === 'object' ? '' : `, not \`${String(written)}\``;
      const options = issue.values.map(String);
      if (options.length === 1) return at(`\`${key}\` must be \`${options[0] ?? ''}\`${found}`);
      const hint = typeof written === 'string' && !secret ? didYouMean(written, options) : undefined;
      return at(`\`${key}\` must be one of ${list(options)}${found}`, hint);
    }
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
        const written = valueAt(context.value, path);
        if (where.located === undefined) return at(`missing \`${key}\`: one of ${list(options)}`);
        const hint = typeof written === 'string' ? didYouMean(written, options) : undefined;
        return at(`\`${key}\` must be one of ${list(options)}${typeof written === 'string' ? `, not \`${written}\`` : ''}`, hint);
      }
      return at(`\`${key}\` must be text or a map with \`type: custom-message\`, not ${describe(where.located)}`);
    }
    case 'custom': {
      const hint = (issue.params as { hint?: unknown } | undefined)?.hint;
      return at(`\`${key}\` ${issue.message}`, typeof hint === 'string' ? hint : undefined);
    }
    default:
      return at(`\`${key}\`: ${issue.message}`);
  }
}

function sizeMessage(
  issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall,
  key: string,
  secret: boolean,
  value: unknown,
): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') {
    if (!big && limit === 1) return `\`${key}\` is empty`;
    const length = typeof value === 'string' && !secret ? `is ${value.length} characters; ` : '';
    return `\`${key}\` ${length}${big ? 'at most' : 'at least'} ${limit} characters allowed`;
  }
  if (issue.origin === 'array') return `\`${key}\` holds ${big ? 'at most' : 'at least'} ${limit} items`;
  if (!secret && typeof value === 'number') return `\`${key}\` is ${value}; it must be ${big ? 'at most' : 'at least'} ${limit}`;
  return `\`${key}\` must be ${big ? 'at most' : 'at least'} ${limit}`;
}

function typeHint(key: string, expectedType: string): string | undefined {
  if (key === 'do' && expectedType === 'array') return 'call.ringing takes a list under do:';
  if (key === 'do' && expectedType === 'object') return 'call.ending takes a single action under do:, not a list';
  if (key === 'assistant' || key === 'squad') return `to unassign, write ${key}Id: null`;
  return undefined;
}

function expected(type: string): string {
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a map';
    default:
      return type;
  }
}

/** What YAML made of a node, in the words of the config's author. */
export function describe(at: Located | undefined): string {
  if (at?.kind === 'map') return 'a map';
  if (at?.kind === 'list') return 'a list';
  const value = scalarValue(at);
  if (value === undefined || value === null) return 'empty (null)';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return 'text';
}

/** A scalar node's value as YAML resolved it (before `${VAR}`); undefined for anything else. */
function scalarValue(at: Located | undefined): unknown {
  return at?.kind === 'scalar' ? (at.node as Scalar | null)?.value : undefined;
}

function lastKey(path: KeyPath): string {
  const key = [...path].reverse().find((part) => typeof part === 'string');
  return typeof key === 'string' ? key : '';
}

function isSecret(path: KeyPath): boolean {
  const inEntry = pathInEntry(path);
  return inEntry !== undefined && isSecretPath(inEntry);
}

function list(items: readonly string[]): string {
  return items.map((item) => `\`${item}\``).join(', ');
}

function valueAt(value: unknown, path: KeyPath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** The internals of zod 4 schemas that `knownKeysAt` walks. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  options?: z.ZodMiniType[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(schema: z.ZodMiniType): SchemaDef {
  return schema._zod.def;
}

/**
 * The keys the schema allows in the object at `path`, for did-you-mean. Unions are followed along
 * the option the value's discriminator picks, as zod did when it reported the key.
 */
export function knownKeysAt(schema: z.ZodMiniType, value: unknown, path: KeyPath): string[] {
  let current: z.ZodMiniType | undefined = schema;
  let currentValue = value;
  for (let depth = 0; current !== undefined; depth++) {
    current = unwrap(current, currentValue);
    const def = defOf(current);
    if (depth === path.length) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    const part = path[depth];
    if (part === undefined) return [];
    currentValue = valueAt(currentValue, [part]);
    if (def.type === 'object') current = def.shape?.[String(part)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  return [];
}

function unwrap(schema: z.ZodMiniType, value: unknown): z.ZodMiniType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) current = def.innerType;
    else if (def.type === 'union' && def.options) current = pickOption(def, value) ?? current;
    else return current;
    if (def.type === 'union') return current;
  }
}

function pickOption(def: SchemaDef, value: unknown): z.ZodMiniType | undefined {
  const options = def.options ?? [];
  const objects = options.filter((option) => defOf(option).type === 'object');
  if (def.discriminator !== undefined) {
    const tag = valueAt(value, [def.discriminator]);
    return objects.find((option) => defOf(defOf(option).shape?.[def.discriminator ?? ''] ?? option).values?.includes(tag));
  }
  return value !== null && typeof value === 'object' ? objects[0] : options[0];
}
