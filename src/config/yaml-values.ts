// Turns a YAML node tree into plain values, substituting `${VAR}` in every string and recording
// where each value was written, so that validation can run on plain data and still point at lines.

import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { pathKey, problemAt } from './positions.js';
import type { KeyPath, Located } from './positions.js';
import { readScalar } from './scalars.js';
import { parseYaml } from './yaml-source.js';
import type { ValueReader } from './scalars.js';

/** Reads `node` (found at `path`) and everything under it. */
export function readValue(reader: ValueReader, node: Node | null, path: KeyPath, keyNode?: Node): unknown {
  const located: Located = keyNode === undefined ? { node } : { node, keyNode };
  const kind = isScalar(node) ? 'scalar' : isMap(node) ? 'map' : isSeq(node) ? 'list' : undefined;
  if (kind !== undefined) located.kind = kind;
  reader.source.locations.set(pathKey(path), located);
  if (node === null) return null;
  if (isScalar(node)) return readScalar(reader, node.value, path, located);
  if (isMap(node)) {
    const entries: [string, unknown][] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        reader.problems.push(
          problemAt(
            reader.source,
            { node: isScalar(key) || isMap(key) || isSeq(key) ? key : null },
            path,
            'a key must be plain text',
          ),
        );
        continue;
      }
      const name = String(key.value);
      const value = pair.value;
      entries.push([
        name,
        readValue(reader, isScalar(value) || isMap(value) || isSeq(value) ? value : null, [...path, name], key),
      ]);
    }
    // fromEntries defines own properties, so a key spelled `__proto__` stays an ordinary (unknown) key.
    return Object.fromEntries(entries);
  }
  if (isSeq(node)) {
    return node.items.map((item, index) =>
      readValue(reader, isScalar(item) || isMap(item) || isSeq(item) ? item : null, [...path, index]),
    );
  }
  // Aliases are refused before values are read; nothing else can appear here.
  return undefined;
}

/** The positioned reader of a whole text (see `TextReader` in document.ts): parse, then read values. */
export function readPositioned(reader: ValueReader, base: KeyPath): { value: unknown } | 'failed' | 'empty' {
  const parsed = parseYaml(reader.source);
  reader.problems.push(...parsed.problems);
  if (parsed.problems.length > 0) return 'failed';
  if (parsed.root === null) return 'empty';
  return { value: readValue(reader, parsed.root, base) };
}
