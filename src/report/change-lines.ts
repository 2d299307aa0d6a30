// An update's changed leaves as text, the same in the job summary, the PR comment and the terminal:
// `server.timeoutSeconds: 15 -> 25`. Values are written the way a config reads (`[a, b]`,
// `{type: "number"}`), scrubbed, then cut around where they differ, so two long values never show
// the same cut-off text on both sides.
import type { FieldChange, LeafChange } from '../plan/types.js';

/** What a report prints for one leaf; `old`/`new` are absent for a secret leaf. */
export type LeafLine = { path: string; secret: true } | { path: string; secret: false; old: string; new: string };

/** The most characters of a value shown on a line, besides the `...` marks where it is cut. */
export const MAX_VALUE_CHARS = 80;
/** Characters kept before the first difference when a value is cut, so the reader sees where it is. */
const LEAD_CHARS = 24;

/** Written in place of both values of a secret leaf. */
export const SECRET_CHANGED = 'changed (secret)';

/** Every changed leaf of an update's fields, in field order, scrubbed and cut. */
export function leafLines(changes: readonly FieldChange[], scrub: (text: string) => string, max = MAX_VALUE_CHARS): LeafLine[] {
  return changes.flatMap((change) => change.leaves.map((leaf) => leafLine(leaf, scrub, max)));
}

function leafLine(leaf: LeafChange, scrub: (text: string) => string, max: number): LeafLine {
  const path = scrub(leaf.path);
  if (leaf.secret) return { path, secret: true };
  const [old, next] = cutAroundDifference(scrub(valueText(leaf.old)), scrub(valueText(leaf.new)), max);
  return { path, secret: false, old, new: next };
}

/** A value as a config reads it: strings quoted, lists `[a, b]`, objects `{key: value}`, `(none)` for absent. */
export function valueText(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${/^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key)}: ${valueText(item)}`).join(', ')}}`;
  }
  return String(value);
}

/**
 * Both texts, each cut to `max` characters when longer, from a common start a little before their
 * first difference: what differs is in view on both sides. `...` marks a cut; a cut never splits
 * a `***` or a surrogate pair.
 */
export function cutAroundDifference(old: string, next: string, max: number): [string, string] {
  let differs = 0;
  while (differs < old.length && differs < next.length && old[differs] === next[differs]) differs++;
  const start = Math.max(0, differs - LEAD_CHARS);
  return [cutFrom(old, start, max), cutFrom(next, start, max)];
}

function cutFrom(text: string, wantedStart: number, max: number): string {
  if (text.length <= max) return text;
  let start = Math.min(wantedStart, text.length - max);
  while (start > 0 && (splitsMark(text, start) || isLowSurrogate(text, start))) start--;
  let end = Math.min(text.length, start + max);
  while (end < text.length && end > start && (splitsMark(text, end) || isLowSurrogate(text, end))) end--;
  return `${start > 0 ? '...' : ''}${text.slice(start, end)}${end < text.length ? '...' : ''}`;
}

function splitsMark(text: string, at: number): boolean {
  return text[at - 1] === '*' && text[at] === '*';
}

function isLowSurrogate(text: string, at: number): boolean {
  return (text.charCodeAt(at) & 0xfc00) === 0xdc00;
}
