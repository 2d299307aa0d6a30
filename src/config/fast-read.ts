// The fast reader of a config text, for the happy path: js-yaml into plain values, with a schema that
// resolves plain scalars exactly as the `yaml` library's YAML 1.2 core schema does (core-schema.ts).
// Where each map and each of its keys start is kept with the parsed maps; a value's place is worked
// out only when asked for (each number's `source`), where the positioned reader records every
// value's. It vouches for a deliberately boring subset of YAML; anything outside it, and anything
// js-yaml refuses, makes it decline, and the caller reads the text again with the positioned reader
// (yaml-values.ts), which then reports exactly what it always has. The equivalence of both readers
// is a property test (config-fast-path.test.ts).

import { load } from 'js-yaml';
import type { State } from 'js-yaml';
import { CORE_SCHEMA } from './core-schema.js';
import type { KeyPath, Located } from './positions.js';
import { readScalar } from './scalars.js';
import type { ValueReader } from './scalars.js';

/** Thrown when the text is outside what the fast reader vouches for; the caller reads it again. */
export class FastReadDeclined extends Error {
  constructor(reason: string) {
    super(`fast config read declined: ${reason}`);
    this.name = 'FastReadDeclined';
  }
}

const UNUSUAL_CHARACTER = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\\]/;
const LONE_CR = /\r(?!\n)/;
const DIRECTIVE_OR_MARKER = /^%|(?<=\n)(?:---|\.\.\.)(?=\s|$)|^\.\.\.(?=\s|$)/m;
const LONGEST_LINE = 1_000;

/**
 * Text the two parsers could read differently, or that the positioned reader refuses, each found
 * cheaply and conservatively (a false alarm only costs the slow read). Anywhere in the text:
 * - characters YAML treats specially or refuses: tabs, controls, C1, line and paragraph separators,
 *   lone surrogates (and so any astral character), byte order marks, and a CR not before an LF;
 * - a backslash (escape sequences, where parsers differ at the edges);
 * - a directive (`%` starting a line), a document marker other than a leading `---`;
 * - a line over 1,000 characters (the positioned parser limits implicit keys to 1,024).
 * Lines are measured by hand and a lone CR looked for only where there is a CR: as regular
 * expressions (a multi-line `^`, an alternation) they were tried at every character, several
 * times slower on a long config.
 */
function unusualText(text: string): string | undefined {
  if (UNUSUAL_CHARACTER.test(text) || (text.includes('\r') && LONE_CR.test(text))) return 'an unusual character';
  if (DIRECTIVE_OR_MARKER.test(text)) return 'a directive or a document marker';
  for (let start = 0; start <= text.length;) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start > LONGEST_LINE) return 'a long line';
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/**
 * Outside comments (which often quote such characters), where a node can start (a line's start,
 * after `:`, `- `, `[`, `{` or `,`): anchors `&`, aliases `*`, tags `!`, the reserved `@` and
 * backquote, `%`, explicit keys `?`, and block scalars that keep trailing lines (`|+`) or give
 * their indentation (`|2`), whose edges parsers read apart. Text such as `Sales & Support` is
 * plain text to both parsers and passes. Anchors and tags are refused again where js-yaml reports
 * them, should a `#` inside quotes have hidden one here.
 */
const UNUSUAL_TOKEN = /(?:^|[:,[{]|- )[ ]*(?:[&*!%@`?]|[|>](?:[-+]?[0-9]|[0-9]?\+))/m;
/** Every unusual token starts with one of these: a text without any has none, and is not searched. */
const TOKEN_CHARACTER = /[&*!%@`?|>]/;
const COMMENT = /(^|\s)#.*$/gm;

/**
 * Where a map was written: where it starts, then where each of its keys starts, in the order of
 * its keys. Null for a list, and for a map never closed as one (whose place is not known).
 */
type Placement = number[] | null;

/** What one fast read found: the values, and every collection built with its placement. */
interface Parsed {
  value: unknown;
  placements: Map<object, Placement>;
}

function parse(text: string): Parsed {
  const unusual = unusualText(text);
  if (unusual !== undefined) throw new FastReadDeclined(`unusual text: ${unusual}`);
  if (TOKEN_CHARACTER.test(text) && UNUSUAL_TOKEN.test(text.includes('#') ? text.replace(COMMENT, '$1') : text)) {
    throw new FastReadDeclined('an anchor, alias, tag or explicit key');
  }
  const placements = new Map<object, Placement>();
  // The nodes being composed, innermost last: where each opened, and where its children begin on
  // the children's stacks, where every closed node waits (its start and value) until its parent
  // closes. Stacks indexed by hand, never shrunk, so that a node costs no allocation of its own.
  const openStarts: number[] = [];
  const openChildren: number[] = [];
  let open = 0;
  const childStarts: number[] = [];
  const childResults: unknown[] = [];
  let children = 0;

  // A map's children closed as key, value, key, value... An empty value closes too, so the keys
  // are every other child. Anything else (a key written without `:` in a flow map, say) is not
  // guessed at.
  const placementOf = (map: object, start: number, firstChild: number): number[] => {
    const keys = Object.keys(map);
    const placement = [start];
    for (let index = 0; index < keys.length; index++) {
      const child = firstChild + index * 2;
      if (child >= children || String(childResults[child]) !== keys[index]) {
        throw new FastReadDeclined('a map whose keys cannot be placed');
      }
      placement.push(childStarts[child] ?? 0);
    }
    return placement;
  };

  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_SCHEMA,
      onWarning: (warning) => {
        throw warning;
      },
      // A node opens where js-yaml starts composing it, which for a list's items (each number)
      // is where its text starts, as yaml's ranges do (the property test holds both to it), and
      // closes with its value. A map can close twice (a flow map first read as a possible key);
      // the first close is the innermost, whose start is exact. A key opens where its text starts.
      listener: (event: string, state: State & { anchor: string | null; tag: string | null }) => {
        if (event === 'open') {
          openStarts[open] = state.position;
          openChildren[open] = children;
          open++;
          return;
        }
        let start = 0;
        let firstChild = children;
        if (open > 0) {
          open--;
          start = openStarts[open] ?? 0;
          firstChild = openChildren[open] ?? children;
        }
        const result: unknown = state.result;
        // `!` is the one tag this schema lets through; every other tag is already an error.
        if (state.anchor !== null || state.tag === '!') throw new FastReadDeclined('an anchor or a tag');
        if (result !== null && typeof result === 'object') {
          const known = placements.get(result);
          if (state.kind === 'mapping' && !known) placements.set(result, placementOf(result, start, firstChild));
          else if (known === undefined) placements.set(result, null);
        }
        // Its children are placed: it takes their room on the stacks, as its parent's child.
        children = firstChild;
        if (open > 0) {
          childStarts[children] = start;
          childResults[children] = result;
          children++;
        }
      },
    });
  } catch (error) {
    if (error instanceof FastReadDeclined) throw error;
    throw new FastReadDeclined(`js-yaml: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return { value, placements };
}

/** Where a scalar is, to readScalar: the fast reader knows no more, and it is never kept. */
const UNPLACED: Located = Object.freeze({ node: null });
const DIGITS = /^[0-9]+$/;

/**
 * Reads a whole text into plain values as yaml-values.ts would from nodes: the same `${VAR}`
 * substitution and secret checks (readScalar), in the same (document) order. Where a value was
 * written is looked up later, when asked (see `placesOf`). Throws FastReadDeclined.
 */
export function readFast(reader: ValueReader, base: KeyPath): unknown {
  const { value: root, placements } = parse(reader.source.text);
  // An empty document: rare enough to leave to the positioned reader, which knows what to say.
  if (root === undefined || root === null) throw new FastReadDeclined('empty document');
  let visited = 0;
  // The path of the value being read: one array, changed in place on the way down and back up;
  // readScalar looks at it during the call and keeps none of it.
  const path: (string | number)[] = [...base];

  const read = (value: unknown): unknown => {
    if (value === null) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return readScalar(reader, value, path, UNPLACED);
    }
    if (!placements.has(value as object)) throw new FastReadDeclined('a value the listener did not see');
    visited++;
    if (Array.isArray(value)) {
      return value.map((item: unknown, index) => {
        path.push(index);
        const itemValue = read(item);
        path.pop();
        return itemValue;
      });
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new FastReadDeclined('not a plain map');
    const map = value as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(map)) {
      // `null` may have been an empty or null key (a problem for yaml); digits would make the
      // object's key order differ from the document's, and with it the order values are read in.
      // With `__proto__` refused, assigning each key below makes it an own property.
      if (key === 'null' || key === '__proto__' || key === '[object Object]' || DIGITS.test(key)) {
        throw new FastReadDeclined('an unusual key');
      }
      path.push(key);
      fields[key] = read(map[key]);
      path.pop();
    }
    return fields;
  };

  const result = read(root);
  // A collection used as a key was turned into text by js-yaml (yaml refuses it): it is the one
  // way a container is built but not reached from the root.
  if (visited !== placements.size) throw new FastReadDeclined('a collection used as a key');
  reader.source.findLocation = placesOf(root, base, placements);
  return result;
}

/**
 * Finds where the value at a path was written, from the parsed values and their placements: a map
 * has its start, a map's value its key's start too, and nothing else is placed. That is what the
 * positioned reader records for every value; here it is worked out for the few asked about (each
 * number's start, where its `assistant:` is written).
 */
function placesOf(root: unknown, base: KeyPath, placements: Map<object, Placement>): (path: KeyPath) => Located | undefined {
  return (path) => {
    if (path.length < base.length) return undefined;
    for (let depth = 0; depth < base.length; depth++) if (path[depth] !== base[depth]) return undefined;
    let value = root;
    let keyStart: number | undefined;
    for (let depth = base.length; depth < path.length; depth++) {
      const part = path[depth];
      if (Array.isArray(value)) {
        if (typeof part !== 'number' || !Number.isInteger(part) || part < 0 || part >= value.length) return undefined;
        value = value[part];
        keyStart = undefined;
      } else if (value !== null && typeof value === 'object' && typeof part === 'string') {
        const index = Object.keys(value).indexOf(part);
        if (index === -1) return undefined;
        keyStart = placements.get(value)?.[index + 1];
        value = (value as Record<string, unknown>)[part];
      } else return undefined;
    }
    const start = value !== null && typeof value === 'object' ? placements.get(value)?.[0] : undefined;
    if (start === undefined) return keyStart === undefined ? undefined : { node: null, keyStart };
    return keyStart === undefined ? { node: null, start } : { node: null, start, keyStart };
  };
}
