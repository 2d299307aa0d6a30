// One parsed YAML text (the config file or the `numbers` input) and the bookkeeping that lets a
// problem found later, on plain values, point back at the line and column it came from.

import { LineCounter, isAlias, isNode, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigProblem } from './types.js';

/** A key path from the document root: `['numbers', 2, 'hooks', 0, 'do']`. */
export type KeyPath = readonly (string | number)[];

/** Where one value was written: its node and, for a map value, the node of its key. */
export interface Located {
  node: Node | null;
  keyNode?: Node;
}

/** A YAML text being validated. */
export interface YamlSource {
  /** The file path as the user gave it, or `numbers input`. */
  label: string;
  text: string;
  /** A committed file, where literal secrets are refused; the inline input may carry them. */
  isFile: boolean;
  lineCounter: LineCounter;
  /** Offsets where each line starts, computed on first use (see `linePosition`). */
  lineStarts?: number[];
  /** Filled while reading values: every path's nodes, keyed by `pathKey`. */
  locations: Map<string, Located>;
  /**
   * Paths (`pathKey`) whose value lost a `${VAR}` that is unset: already reported, so what
   * validation would say about the value left over is noise.
   */
  unresolved: Set<string>;
}

/** Label used for problems in the inline list. */
export const NUMBERS_INPUT_LABEL = 'numbers input';

export function newSource(label: string, text: string, isFile: boolean): YamlSource {
  return { label, text, isFile, lineCounter: new LineCounter(), locations: new Map(), unresolved: new Set() };
}

export function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
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
  for (let start = 0; start <= text.length; ) {
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
  const valueRange = at?.node?.range;
  if (valueRange && valueRange[1] > valueRange[0]) return valueRange[0];
  return at?.keyNode?.range?.[0] ?? valueRange?.[0] ?? 0;
}

/** Where a map key starts (for unknown keys), else where its value starts. */
export function keyOffsetOf(at: Located | undefined): number {
  return at?.keyNode?.range?.[0] ?? offsetOf(at);
}

/** The text exactly as written for a node, e.g. `+14155550100` for a YAML integer. */
export function sourceText(source: YamlSource, node: Node | null | undefined): string | undefined {
  const range = node?.range;
  return range ? source.text.slice(range[0], range[1]) : undefined;
}

/** The parsed root node, or problems when the text is not usable YAML. */
export interface ParsedYaml {
  root: Node | null;
  problems: ConfigProblem[];
}

/**
 * Parses one YAML text. Syntax errors and warnings come back as positioned problems. Anchors and
 * aliases are refused outright: configs have `defaults:` for shared values, and refusing them
 * removes alias-expansion attacks ("billion laughs") without having to expand anything.
 */
export function parseYaml(source: YamlSource): ParsedYaml {
  const doc = parseDocument(source.text, {
    lineCounter: source.lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const problems: ConfigProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const opened = error.code === 'MISSING_CHAR' ? unclosedQuoteStart(doc, error.pos[0]) : undefined;
    const { message, hint } = yamlMessage(firstLine(error.message), source.text.slice(error.pos[0], error.pos[1]));
    problems.push(
      opened === undefined
        ? problemAtOffset(source, error.pos[0], [], `YAML syntax: ${message}`, hint)
        : problemAtOffset(source, opened, [], `YAML syntax: ${message}`, 'the quote that starts here is never closed'),
    );
  }
  if (problems.length > 0) return { root: null, problems };

  let aliasCount = 0;
  let first: Node | undefined;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node) || (isNode(node) && node.anchor !== undefined)) {
        aliasCount++;
        first ??= node;
      }
    },
  });
  if (first !== undefined) {
    problems.push(
      problemAtOffset(
        source,
        first.range?.[0] ?? 0,
        [],
        `YAML anchors and aliases (&name, *name) are not supported; found ${aliasCount}`,
        'write each value out, or put values shared by every number under `defaults:`',
      ),
    );
    return { root: null, problems };
  }
  return { root: isNode(doc.contents) ? doc.contents : null, problems };
}

/**
 * yaml reports an unclosed quote where the text ends, which can be far below the mistake; the
 * quoted scalar that swallowed the rest of the text starts where the mistake is.
 */
function unclosedQuoteStart(doc: Document, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[1] >= errorOffset) start ??= node.range[0];
    },
  });
  return start;
}

/**
 * Messages of the yaml library that quote the text they stumbled on, with that text left out: it
 * may be a secret (the `numbers` input carries literal ones, and a token that starts with `!`,
 * `|` or `>` is read as a tag or a block scalar) and nothing has been masked yet.
 */
const QUOTING_MESSAGES: [RegExp, string, string?][] = [
  [/^Unresolved tag\b/, 'a value starting with `!` is read as a YAML tag', 'quote the value: key: "!..."'],
  [/^Block scalar header includes extra characters\b/, 'a value starting with `|` or `>` is read as a block scalar', 'quote the value: key: ">..."'],
  [/^Invalid escape sequence\b/, 'invalid escape sequence in double quotes', 'write \\\\ for a backslash, or use single quotes'],
  [/ used for \w+ collection\b/, 'a tag does not fit the collection it is on', 'quote the value, or remove the tag'],
  [/^(Could not resolve tag|Not a valid tag|Verbatim tags|The .* tag has no suffix)/, 'an unknown YAML tag', 'quote the value, or remove the tag'],
  [/^(Unknown directive|Unsupported YAML version)/, 'an unsupported `%` directive', 'remove the line starting with `%`'],
  [/^(Ordered maps must not include duplicate keys|Unresolved plain scalar)/, 'an unsupported value'],
];

function yamlMessage(raw: string, token: string): { message: string; hint?: string } {
  for (const [pattern, message, hint] of QUOTING_MESSAGES) {
    if (pattern.test(raw)) return hint === undefined ? { message } : { message, hint };
  }
  // The parser appends the token it could not place as JSON: `Unexpected ... in YAML stream: "..."`.
  let message = raw.replace(/: ".*"$/, '');
  // Any other message that quotes the offending text (longer than an indicator) loses it too.
  const quoted = token.trim();
  if (quoted.length > 2) {
    for (const form of [quoted, JSON.stringify(quoted).slice(1, -1)]) message = message.split(form).join('(text not shown)');
  }
  return { message };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
