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
  const { line, col } = source.lineCounter.linePos(offset);
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
    problems.push(
      opened === undefined
        ? problemAtOffset(source, error.pos[0], [], `YAML syntax: ${firstLine(error.message)}`)
        : problemAtOffset(source, opened, [], `YAML syntax: ${firstLine(error.message)}`, 'the quote that starts here is never closed'),
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

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
