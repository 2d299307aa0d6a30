// The fast reader of a config text, for the happy path: js-yaml into plain values, with a schema that
// resolves plain scalars exactly as the `yaml` library's YAML 1.2 core schema does, and only the
// start of each map kept (for the `source` of every number). It vouches for a deliberately boring
// subset of YAML; anything outside it, and anything js-yaml refuses, makes it decline, and the
// caller reads the text again with the positioned reader (yaml-values.ts), which then reports
// exactly what it always has. The equivalence of both readers is a property test
// (config-fast-path.test.ts).

import { Schema, Type, load } from 'js-yaml';
import type { State } from 'js-yaml';
import { pathKey } from './positions.js';
import type { KeyPath } from './positions.js';
import { readScalar } from './scalars.js';
import type { ValueReader } from './scalars.js';

/** Thrown when the text is outside what the fast reader vouches for; the caller reads it again. */
export class FastReadDeclined extends Error {
  constructor(reason: string) {
    super(`fast config read declined: ${reason}`);
    this.name = 'FastReadDeclined';
  }
}

/**
 * Text the two parsers could read differently, or that the positioned reader refuses, each found
 * cheaply and conservatively (a false alarm only costs the slow read). Anywhere in the text:
 * - characters YAML treats specially or refuses: tabs, controls, C1, line and paragraph separators,
 *   lone surrogates (and so any astral character), byte order marks, and a CR not before an LF;
 * - a backslash (escape sequences, where parsers differ at the edges);
 * - a directive (`%` starting a line), a document marker other than a leading `---`;
 * - a line over 1,000 characters (the positioned parser limits implicit keys to 1,024).
 */
const UNUSUAL_TEXT = [
  /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]|\r(?!\n)|\\/,
  /^%|(?<=\n)(?:---|\.\.\.)(?=\s|$)|^\.\.\.(?=\s|$)/m,
  /^[^\n]{1001}/m,
];

/**
 * Outside comments (which often quote such characters), where a node can start (a line's start,
 * after `:`, `- `, `[`, `{` or `,`): anchors `&`, aliases `*`, tags `!`, the reserved `@` and
 * backquote, `%`, explicit keys `?`, and block scalars that keep trailing lines (`|+`) or give
 * their indentation (`|2`), whose edges parsers read apart. Text such as `Sales & Support` is
 * plain text to both parsers and passes. Anchors and tags are refused again where js-yaml reports
 * them, should a `#` inside quotes have hidden one here.
 */
const UNUSUAL_TOKEN = /(?:^|[:,[{]|- )[ ]*(?:[&*!%@`?]|[|>](?:[-+]?[0-9]|[0-9]?\+))/m;
const COMMENT = /(^|\s)#.*$/gm;

// The `yaml` library's core schema, in its order of precedence (yaml/dist/schema/core): the same
// tests and the same conversions, so that a plain scalar becomes the same value in both readers.
// js-yaml consults implicit types only for plain scalars, as yaml does.
const CORE_SCALARS: [RegExp, (text: string) => unknown][] = [
  [/^(?:~|[Nn]ull|NULL)?$/, () => null],
  [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'],
  [/^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
  [/^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)],
  [
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity),
  ],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => parseFloat(text)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => parseFloat(text)],
];

/** What a plain scalar is in the core schema: `[value]` for a null, boolean or number, else text. */
function coreScalar(text: string): [unknown] | undefined {
  // Every core pattern starts with one of these (or is empty); most text does not, so it is done.
  if (text !== '' && !CORE_FIRST.test(text)) return undefined;
  for (const [test, construct] of CORE_SCALARS) if (test.test(text)) return [construct(text)];
  return undefined;
}
const CORE_FIRST = /^[-+.0-9~nNtTfF]/;

/**
 * No explicit types at all, so that any tag js-yaml meets is an error (and the read declines);
 * one implicit type for the whole core schema above.
 */
const SCHEMA = new Schema({
  implicit: [
    new Type('tag:vapi-numbers,core', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && coreScalar(data) !== undefined,
      construct: (data: string) => coreScalar(data)?.[0],
    }),
  ],
});

/** What one fast read found, besides the values: where each map and each of its keys start, and every collection built. */
interface Parsed {
  value: unknown;
  mapStarts: Map<object, number>;
  keyStarts: Map<object, Map<string, number>>;
  containers: Set<object>;
}

/** A node being composed: where it opened, and its children as they closed. */
interface Frame {
  start: number;
  children: { start: number; result: unknown }[];
}

/**
 * Where each key of a map starts: its children closed as key, value, key, value... An empty value
 * closes too, so the keys are every other child. Anything else (a key written without `:` in a
 * flow map, say) is not guessed at.
 */
function keyStartsOf(map: object, children: Frame['children']): Map<string, number> {
  const keys = Object.keys(map);
  const starts = new Map<string, number>();
  keys.forEach((key, index) => {
    const child = children[index * 2];
    if (child === undefined || String(child.result) !== key) throw new FastReadDeclined('a map whose keys cannot be placed');
    starts.set(key, child.start);
  });
  return starts;
}

function parse(text: string): Parsed {
  for (const pattern of UNUSUAL_TEXT) {
    if (pattern.test(text)) throw new FastReadDeclined(`unusual text (${String(pattern).slice(0, 24)}...)`);
  }
  if (UNUSUAL_TOKEN.test(text.replace(COMMENT, '$1'))) throw new FastReadDeclined('an anchor, alias, tag or explicit key');
  const opened: Frame[] = [];
  const mapStarts = new Map<object, number>();
  const keyStarts = new Map<object, Map<string, number>>();
  const containers = new Set<object>();
  let value: unknown;
  try {
    value = load(text, {
      schema: SCHEMA,
      onWarning: (warning) => {
        throw warning;
      },
      // A node opens where js-yaml starts composing it, which for a list's items (each number)
      // is where its text starts, as yaml's ranges do (the property test holds both to it), and
      // closes with its value. A map can close twice (a flow map first read as a possible key);
      // the first close is the innermost, whose start is exact. A key opens where its text starts.
      listener: (event: string, state: State & { anchor: string | null; tag: string | null }) => {
        if (event === 'open') {
          opened.push({ start: state.position, children: [] });
          return;
        }
        const frame = opened.pop() ?? { start: 0, children: [] };
        const result: unknown = state.result;
        opened.at(-1)?.children.push({ start: frame.start, result });
        // `!` is the one tag this schema lets through; every other tag is already an error.
        if (state.anchor !== null || state.tag === '!') throw new FastReadDeclined('an anchor or a tag');
        if (result === null || typeof result !== 'object') return;
        containers.add(result);
        if (state.kind === 'mapping' && !mapStarts.has(result)) {
          mapStarts.set(result, frame.start);
          keyStarts.set(result, keyStartsOf(result, frame.children));
        }
      },
    });
  } catch (error) {
    if (error instanceof FastReadDeclined) throw error;
    throw new FastReadDeclined(`js-yaml: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return { value, mapStarts, keyStarts, containers };
}

/**
 * Reads a whole text into plain values as yaml-values.ts would from nodes: the same `${VAR}`
 * substitution and secret checks (readScalar), in the same (document) order, with the start of
 * every map recorded where the positioned reader records its node. Throws FastReadDeclined.
 */
export function readFast(reader: ValueReader, base: KeyPath): unknown {
  const parsed = parse(reader.source.text);
  // An empty document: rare enough to leave to the positioned reader, which knows what to say.
  if (parsed.value === undefined || parsed.value === null) throw new FastReadDeclined('empty document');
  let visited = 0;

  const read = (value: unknown, path: KeyPath): unknown => {
    if (value === null) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return readScalar(reader, value, path, { node: null });
    }
    if (!parsed.containers.has(value as object)) throw new FastReadDeclined('a value the listener did not see');
    visited++;
    if (Array.isArray(value)) return value.map((item: unknown, index) => read(item, [...path, index]));
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new FastReadDeclined('not a plain map');
    const start = parsed.mapStarts.get(value as object);
    if (start !== undefined) reader.source.locations.set(pathKey(path), { node: null, start });
    const keyStarts = parsed.keyStarts.get(value as object);
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      // `null` may have been an empty or null key (a problem for yaml); digits would make the
      // object's key order differ from the document's, and with it the order values are read in.
      if (key === 'null' || key === '__proto__' || key === '[object Object]' || /^[0-9]+$/.test(key)) {
        throw new FastReadDeclined('an unusual key');
      }
      entries.push([key, read(item, [...path, key])]);
      const keyStart = keyStarts?.get(key);
      if (keyStart !== undefined) {
        const at = pathKey([...path, key]);
        reader.source.locations.set(at, { ...(reader.source.locations.get(at) ?? { node: null }), keyStart });
      }
    }
    return Object.fromEntries(entries);
  };

  const result = read(parsed.value, base);
  // A collection used as a key was turned into text by js-yaml (yaml refuses it): it is the one
  // way a container is built but not reached from the root.
  if (visited !== parsed.containers.size) throw new FastReadDeclined('a collection used as a key');
  return result;
}
