// Turns zod issues into the messages Vapi's NestJS ValidationPipe (class-validator) sends, so that
// clients see the same array-of-strings `message` they would get from the real API. Nested messages
// carry the parent path as a dotted prefix ("hooks.0.do.0.property foo should not exist"), as
// NestJS prepends it.
import type { z } from 'zod';

type Path = readonly PropertyKey[];

function dotted(path: Path): string {
  return path.map(String).join('.');
}

function valueAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function typeMessage(expected: string, input: unknown): string {
  if (expected === 'object' && Array.isArray(input)) return 'must be an object, not an array';
  switch (expected) {
    case 'string':
      return 'must be a string';
    case 'number':
      return 'must be a number conforming to the specified constraints';
    case 'boolean':
      return 'must be a boolean value';
    case 'array':
      return 'must be an array';
    case 'object':
    case 'record':
      return 'must be an object';
    default:
      return `must be a ${expected}`;
  }
}

function describe(issue: z.core.$ZodIssue, body: unknown, base: Path): string[] {
  const path = [...base, ...issue.path];
  const where = dotted(path);
  const input = valueAt(body, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const prefix = path.length > 0 ? `${where}.` : '';
      return issue.keys.map((k) => `${prefix}property ${k} should not exist`);
    }
    case 'invalid_type':
      if (input === undefined) return [`${where} should not be empty`];
      if (input === null) return [`${where} should not be null`];
      return [`${where} ${typeMessage(issue.expected, input)}`];
    case 'invalid_value':
      return [`${where} must be one of the following values: ${issue.values.map(String).join(', ')}`];
    case 'too_big':
      if (issue.origin === 'string') return [`${where} must be shorter than or equal to ${issue.maximum} characters`];
      if (issue.origin === 'array') return [`${where} must contain no more than ${issue.maximum} elements`];
      return [`${where} must not be greater than ${issue.maximum}`];
    case 'too_small':
      if (issue.origin === 'string') return [`${where} must be longer than or equal to ${issue.minimum} characters`];
      if (issue.origin === 'array') return [`${where} must contain at least ${issue.minimum} elements`];
      return [`${where} must not be less than ${issue.minimum}`];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
        if (input === undefined) return [`${where} should not be empty`];
        return [`${where} must be one of the following values: ${options.join(', ')}`];
      }
      // Zod already reports the single branch whose type matched; reaching here means none did.
      if (input === undefined) return [`${where} should not be empty`];
      return [`${where} must be a string or an object`];
    }
    default:
      return [`${where} ${issue.message}`];
  }
}

/** Parses `body` with `schema`; returns NestJS-style messages, empty when the body is valid. */
export function validationMessages(schema: z.ZodType, body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return ['request body must be a JSON object'];
  }
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => describe(issue, body, []));
}
