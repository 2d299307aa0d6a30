import { isSecretPath } from '../api-fields.js';

/** What a secret value is replaced with in logs and reports. */
export const REDACTED = '***';

/**
 * A deep copy of a phone-number body (or a list of them) with every secret value replaced by
 * `***`. A top-level array is treated as a list of numbers, each redacted as its own root, so a
 * listing response is covered too. Null stays null: "must be empty" is not a secret.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => redactAt(item, []));
  return redactAt(value, []);
}

function redactAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length > 0 && value !== null && value !== undefined && isSecretPath(path)) return REDACTED;
  if (Array.isArray(value)) return value.map((item, index) => redactAt(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) copy[key] = redactAt(field, [...path, key]);
    return copy;
  }
  return value;
}
