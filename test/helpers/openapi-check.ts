// Checks a JSON value against a component of test/fixtures/vapi/phone-numbers.openapi.json: the subset
// of JSON Schema that document uses ($ref, allOf, oneOf, enum, types, bounds, required), with
// objects closed, so a response carrying a property the schema lacks is reported too (except the
// properties the sandbox knows to be newer than the document: NEWER_THAN_OPENAPI).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NEWER_THAN_OPENAPI } from '../../src/sandbox/schemas.js';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** The repository's copy of Vapi's OpenAPI cut (see its README): the tests fail, never skip, without it. */
export const OPENAPI_PATH = fileURLToPath(new URL('../fixtures/vapi/phone-numbers.openapi.json', import.meta.url));

export function loadComponents(): Record<string, Schema> {
  if (!existsSync(OPENAPI_PATH))
    throw new Error(`${OPENAPI_PATH} is missing: restore it from git, the conformance tests need it`);
  return (JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Record<string, Schema> } }).components
    .schemas;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Problems found, as `path: what`; empty when `value` fits the component `name`. */
export function problems(components: Record<string, Schema>, name: string, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    const found = components[ref.split('/').pop() as string];
    if (!found) throw new Error(`unknown $ref ${ref}`);
    return found;
  };

  const check = (schema: Schema, v: unknown, at: string, component?: string): string[] => {
    if (schema.$ref) return check(resolve(schema.$ref), v, at, schema.$ref.split('/').pop());
    if (schema.allOf) return schema.allOf.flatMap((s) => check(s, v, at));
    if (schema.oneOf) {
      const results = schema.oneOf.map((s) => check(s, v, at));
      if (results.some((r) => r.length === 0)) return [];
      // Report the closest branch: the one with the fewest problems.
      return results.reduce((a, b) => (b.length < a.length ? b : a));
    }
    // The generator writes some string enums as `type: object`; the values are what counts.
    if (schema.enum && schema.type !== 'array')
      return schema.enum.includes(v) ? [] : [`${at}: ${JSON.stringify(v)} is not one of ${schema.enum.join(', ')}`];
    switch (schema.type) {
      case 'string': {
        if (typeof v !== 'string') return [`${at}: expected a string`];
        const out: string[] = [];
        if (schema.format === 'date-time' && Number.isNaN(Date.parse(v))) out.push(`${at}: not a date-time`);
        if (schema.minLength !== undefined && v.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
        if (schema.maxLength !== undefined && v.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
        return out;
      }
      case 'number':
      case 'integer': {
        if (typeof v !== 'number') return [`${at}: expected a number`];
        const out: string[] = [];
        if (schema.minimum !== undefined && v < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
        if (schema.maximum !== undefined && v > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
        return out;
      }
      case 'boolean':
        return typeof v === 'boolean' ? [] : [`${at}: expected a boolean`];
      case 'array':
        if (!Array.isArray(v)) return [`${at}: expected an array`];
        return schema.items ? v.flatMap((item, i) => check(schema.items as Schema, item, `${at}[${i}]`)) : [];
      case 'object': {
        if (!isObject(v)) return [`${at}: expected an object`];
        if (!schema.properties) return [];
        const out = (schema.required ?? []).filter((k) => !(k in v)).map((k) => `${at}.${k}: missing`);
        for (const [key, child] of Object.entries(v)) {
          const prop = schema.properties[key];
          if (prop) out.push(...check(prop, child, `${at}.${key}`));
          else if (!NEWER_THAN_OPENAPI[component ?? '']?.includes(key)) out.push(`${at}.${key}: not in the schema`);
        }
        return out;
      }
      default:
        return [];
    }
  };

  return check({ $ref: name }, value, name);
}
