// One YAML text (the config file or the `numbers` input) and the bookkeeping that lets a problem
// found later, on plain values, point back at the line and column it came from. Nothing here loads
// the YAML library: a valid config is read without it (fast-read.ts), and only a config with
// something to report is parsed again with positions (yaml-source.ts).

import type { Node } from 'yaml';
import type { ConfigProblem } from './types.js';

/** A key path from the document root: `['numbers', 2, 'hooks', 0, 'do']`. */
export type KeyPath = readonly (string | number)[];

/** Where one value was written: its node and, for a map value, the node of its key. */
export interface Located {
  node: Node | null;
  keyNode?: Node;
  /** What the node is, recorded by the reader, so that messages need no YAML library to tell. */
  kind?: 'map' | 'list' | 'scalar';
  /** Where a value starts when it was read without nodes (the fast reader keeps only this). */
  start?: number;
  /** Where its key starts when it was read without nodes. */
  keyStart?: number;
}

/** A YAML text being validated. */
export interface YamlSource {
  /** The file path as the user gave it, or `numbers input`. */
  label: string;
  text: string;
  /** A committed file, where literal secrets are refused; the inline input may carry them. */
  isFile: boolean;
  /** Offsets where each line starts, computed on first use (see `linePosition`). */
  lineStarts?: number[];
  /** Filled by the positioned reader: every path's nodes, keyed by `pathKey`. */
  locations: Map<string, Located>;
  /**
   * Set by the fast reader instead, which keeps where its maps and keys start and finds a path's
   * place only when asked: on a valid config, once or twice per number.
   */
  findLocation?: (path: KeyPath) => Located | undefined;
  /**
   * Paths (`pathKey`) whose value lost a `${VAR}` that is unset: already reported, so what
   * validation would say about the value left over is noise.
   */
  unresolved: Set<string>;
}

/** Label used for problems in the inline list. */
export const NUMBERS_INPUT_LABEL = 'numbers input';

export function newSource(label: string, text: string, isFile: boolean): YamlSource {
  return { label, text, isFile, locations: new Map(), unresolved: new Set() };
}

export function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
}

/** Where the value at `path` was written, as whichever reader read the source knows it. */
export function locationOf(source: YamlSource, path: KeyPath): Located | undefined {
  return source.findLocation === undefined ? source.locations.get(pathKey(path)) : source.findLocation(path);
}

/** `numbers[2].hooks[0].do`, the spelling users see. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** A problem at a character offset of the source. */
export function problemAtOffset(
  source: YamlSource,
  offset: number,
  path: KeyPath,
  message: string,
  hint?: string,
): ConfigProblem {
  const { line, col } = linePosition(source, offset);
  const problem: ConfigProblem = { file: source.label, line, column: col, path: formatPath(path), message };
  if (hint !== undefined) problem.hint = hint;
  return problem;
}

/**
 * A problem at a located value. An empty value (`key:` with nothing after it) has no text of its
 * own to point at, so it points at its key.
 */
export function problemAt(
  source: YamlSource,
  at: Located | undefined,
  path: KeyPath,
  message: string,
  hint?: string,
): ConfigProblem {
  return problemAtOffset(source, offsetOf(at), path, message, hint);
}

/**
 * The 1-based line and column of an offset, counted from the text itself. The parser's own
 * LineCounter misses the line breaks inside a token it could not read, which put positions on
 * the wrong line with a column past its end.
 */
export function linePosition(source: YamlSource, offset: number): { line: number; col: number } {
  const starts = (source.lineStarts ??= lineStartsOf(source.text));
  const at = Math.min(Math.max(0, Math.floor(offset) || 0), source.text.length);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= at) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, col: at - (starts[low] ?? 0) + 1 };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Where a text is nested deepest, roughly: the first line with the longest run of indentation,
 * `- `, `[` and `{`. For pointing at a document too deep to read, which has no parsed nodes.
 */
export function deepestOffset(text: string): number {
  let best = 0;
  let bestDepth = -1;
  for (let start = 0; start <= text.length;) {
    const end = text.indexOf('\n', start);
    const depth = /^[\s\-[{]*/.exec(text.slice(start, end === -1 ? undefined : end))?.[0].length ?? 0;
    if (depth > bestDepth) [best, bestDepth] = [start, depth];
    if (end === -1) break;
    start = end + 1;
  }
  return best;
}

/** Where a located value starts, falling back to its key, then to the start of the text. */
export function offsetOf(at: Located | undefined): number {
  if (at?.start !== undefined) return at.start;
  const valueRange = at?.node?.range;
  if (valueRange && valueRange[1] > valueRange[0]) return valueRange[0];
  return at?.keyNode?.range?.[0] ?? valueRange?.[0] ?? 0;
}

/** Where a map key starts (for unknown keys), else where its value starts. */
export function keyOffsetOf(at: Located | undefined): number {
  return at?.keyNode?.range?.[0] ?? at?.keyStart ?? offsetOf(at);
}

/** The text exactly as written for a node, e.g. `+14155550100` for a YAML integer. */
export function sourceText(source: YamlSource, node: Node | null | undefined): string | undefined {
  const range = node?.range;
  return range ? source.text.slice(range[0], range[1]) : undefined;
}
