// Compares one declared number with the live one, server-side-apply style (SPEC section 3, step 3):
// only what the entry declares is compared or sent.
//
// Equality rules, applied recursively:
// - `null` (and `[]`) declared means "must be empty": equal to a missing value, `null` or `[]`.
// - A list compares as a whole: same length, elements equal in order.
// - An object compares only the keys it declares. Keys the API adds (server-side defaults such as
//   `server.timeoutSeconds`) are ignored, or a second run would never converge. A missing live
//   object is read as one with no keys.
// - A secret is compared only when the live value carries it (not missing, not null): the API may
//   leave secrets out of its responses, and an unreadable secret must not show as drift forever.
import { CREATE_ONLY_FIELDS, isSecretPath } from '../api-fields.js';
import type { DesiredNumber } from '../config/types.js';
import type { RemoteNumber } from '../vapi/types.js';
import type { FieldChange, LeafChange } from './types.js';

type Path = readonly (string | number)[];

/** What `diffNumber` found: the changed fields and the PATCH body, or why it cannot be patched. */
export type NumberDiff = { changes: FieldChange[]; body: Record<string, unknown> } | { error: string; hint: string };

// Keys of DesiredNumber itself, never part of `fields`; skipped should a caller leave them there.
const IDENTITY_KEYS = new Set(['name', 'provider']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** Whether the live value satisfies the declared one, under the rules above. */
export function satisfies(declared: unknown, live: unknown, path: Path): boolean {
  if (isSecretPath(path) && (live === undefined || live === null)) return true;
  if (isEmpty(declared)) return isEmpty(live);
  if (Array.isArray(declared)) {
    return (
      Array.isArray(live) &&
      live.length === declared.length &&
      declared.every((item, index) => satisfies(item, live[index], [...path, index]))
    );
  }
  if (isPlainObject(declared)) {
    const liveObject = live === undefined || live === null ? {} : live;
    if (!isPlainObject(liveObject)) return false;
    return Object.entries(declared).every(
      ([key, value]) => value === undefined || satisfies(value, liveObject[key], [...path, key]),
    );
  }
  return declared === live;
}

/** Whether the value at the path is a secret or holds one anywhere inside it. */
export function holdsSecret(value: unknown, path: Path): boolean {
  if (isSecretPath(path)) return true;
  if (Array.isArray(value)) return value.some((item, index) => holdsSecret(item, [...path, index]));
  if (isPlainObject(value)) return Object.entries(value).some(([key, item]) => holdsSecret(item, [...path, key]));
  return false;
}

/** How a secret inside a value shown whole (a removed list element, say) reads in every report. */
export const SECRET_MARK = '***';

/**
 * What differs between a declared value and the live one, one entry per changed leaf, under the
 * same rules as `satisfies` (it is empty exactly when `satisfies` holds). Objects are walked key by
 * key, so a secret header never hides its siblings. A list of objects is matched element by element
 * after its equal first and last elements are set aside, so one inserted hook is one added element,
 * not a change to every hook after it; what is left unpaired is an added or removed element, shown
 * whole. A list of plain values (`oneOf: [a, b]`) is one leaf, shown whole on both sides.
 */
export function leafChanges(declared: unknown, live: unknown, path: Path): LeafChange[] {
  if (satisfies(declared, live, path)) return [];
  if (isSecretPath(path)) return [{ path: formatPath(path), secret: true }];
  if (Array.isArray(declared) && Array.isArray(live) && !(holdsOnlyPlainValues(declared) && holdsOnlyPlainValues(live))) {
    return listLeafChanges(declared, live, path);
  }
  if (isPlainObject(declared) && (live === undefined || live === null || isPlainObject(live))) {
    const liveObject = isPlainObject(live) ? live : {};
    return Object.entries(declared).flatMap(([key, value]) =>
      value === undefined ? [] : leafChanges(value, liveObject[key], [...path, key]),
    );
  }
  return [{ path: formatPath(path), secret: false, old: masked(live, path), new: masked(declared, path) }];
}

function listLeafChanges(declared: unknown[], live: unknown[], path: Path): LeafChange[] {
  const same = (declaredIndex: number, liveIndex: number): boolean =>
    satisfies(declared[declaredIndex], live[liveIndex], [...path, declaredIndex]);
  let first = 0;
  while (first < declared.length && first < live.length && same(first, first)) first++;
  let declaredEnd = declared.length;
  let liveEnd = live.length;
  while (declaredEnd > first && liveEnd > first && same(declaredEnd - 1, liveEnd - 1)) {
    declaredEnd--;
    liveEnd--;
  }
  const changes: LeafChange[] = [];
  for (let index = first; index < Math.max(declaredEnd, liveEnd); index++) {
    const elementPath = [...path, index];
    if (index < declaredEnd && index < liveEnd) changes.push(...leafChanges(declared[index], live[index], elementPath));
    else if (index < declaredEnd) {
      changes.push({ path: formatPath(elementPath), secret: false, old: undefined, new: masked(declared[index], elementPath) });
    } else changes.push({ path: formatPath(elementPath), secret: false, old: masked(live[index], elementPath), new: undefined });
  }
  return changes;
}

function holdsOnlyPlainValues(list: unknown[]): boolean {
  return list.every((item) => item === null || typeof item !== 'object');
}

/** The value with every secret inside it replaced by SECRET_MARK, for showing it whole. */
function masked(value: unknown, path: Path): unknown {
  if (value === undefined || value === null) return value;
  if (isSecretPath(path)) return SECRET_MARK;
  if (Array.isArray(value)) return value.map((item, index) => masked(item, [...path, index]));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item, [...path, key])]));
  }
  return value;
}

/** `server.headers.x-api-key`, `hooks[1].filters[0]`; a key that would read ambiguously is quoted. */
export function formatPath(path: Path): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return index === 0 ? key : `.${key}`;
    })
    .join('');
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) result[key] = withoutNulls(item);
  }
  return result;
}

/**
 * The POST body for a number that does not exist yet: `provider`, `name` and every declared field.
 * Fields (and object keys, at any depth) declared `null` are left out: a new number has nothing to
 * empty, and the API rejects nulls where it expects a value.
 */
export function createBody(desired: DesiredNumber): Record<string, unknown> {
  const body: Record<string, unknown> = { provider: desired.provider, name: desired.name };
  for (const [field, value] of Object.entries(desired.fields)) {
    if (IDENTITY_KEYS.has(field) || value === null || value === undefined) continue;
    body[field] = withoutNulls(value);
  }
  return body;
}

// Numbers brought from a carrier: the number is the line itself, so it cannot change in place.
// A `vapi` number's `number` is bought by Vapi and not declarable at all.
function isImported(provider: string): boolean {
  return provider !== 'vapi';
}

function replaceHint(name: string): string {
  return (
    `A number cannot be turned into another line in place. To replace it, declare the new line under ` +
    `another name and apply, then remove "${name}" with the delete command; or delete "${name}" first ` +
    `and apply again (it is then created anew).`
  );
}

function immutableError(desired: DesiredNumber, remote: RemoteNumber): { error: string; hint: string } | undefined {
  // A live number that does not say its provider (old numbers can lack schema-required fields)
  // cannot be shown to differ, so it is not refused on that ground.
  if (remote.provider !== undefined && remote.provider !== desired.provider) {
    return {
      error: `"${desired.name}" (${remote.id}) is a ${remote.provider} number; it cannot become a ${desired.provider} number in place.`,
      hint: replaceHint(desired.name),
    };
  }
  const declaredNumber = desired.fields['number'];
  if (isImported(desired.provider) && declaredNumber !== undefined && !satisfies(declaredNumber, remote.number, ['number'])) {
    return {
      error: `"${desired.name}" (${remote.id}) is ${remote.number ?? 'a number without a phone number'}; it cannot be changed to ${String(declaredNumber)} in place.`,
      hint: replaceHint(desired.name),
    };
  }
  return undefined;
}

/**
 * Compares the declared fields of one entry with its live number. Returns one FieldChange per
 * changed top-level field (sorted by field name, each with its changed leaves) and the PATCH body holding exactly those fields as
 * declared (nested objects whole, `null` as `null`); or an error when the change cannot be made in
 * place (`provider`, or `number` of an imported number). Create-only fields are never compared.
 */
export function diffNumber(desired: DesiredNumber, remote: RemoteNumber): NumberDiff {
  const refused = immutableError(desired, remote);
  if (refused) return refused;

  const createOnly = new Set(CREATE_ONLY_FIELDS[desired.provider]);
  const changes: FieldChange[] = [];
  const body: Record<string, unknown> = {};
  const fields = Object.keys(desired.fields).sort();
  for (const field of fields) {
    const declared = desired.fields[field];
    // `number` was settled above: equal, or not declarable (a `vapi` number's is bought for it).
    if (declared === undefined || IDENTITY_KEYS.has(field) || createOnly.has(field) || field === 'number') continue;
    const live = remote[field];
    if (satisfies(declared, live, [field])) continue;
    changes.push({
      field,
      from: live ?? null,
      to: declared,
      secret: holdsSecret(declared, [field]) || holdsSecret(live, [field]),
      leaves: leafChanges(declared, live, [field]),
    });
    body[field] = declared;
  }
  return { changes, body };
}
