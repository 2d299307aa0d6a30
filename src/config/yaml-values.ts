// Turns a YAML node tree into plain values, substituting `${VAR}` in every string and recording
// where each value was written, so that validation can run on plain data and still point at lines.

import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { isSecretPath } from '../api-fields.js';
import { interpolate } from './interpolate.js';
import { pathKey, problemAt } from './yaml-source.js';
import type { KeyPath, Located, YamlSource } from './yaml-source.js';
import type { ConfigProblem } from './types.js';

/** What reading values needs and fills in. */
export interface ValueReader {
  source: YamlSource;
  env: Record<string, string | undefined>;
  problems: ConfigProblem[];
  /** Every value of a secret field, collected so that it can be masked in logs. */
  secrets: Set<string>;
  /** Each `${VAR}` value read and its variable's name, so that a message can say `${VAR}` instead. */
  variables?: Map<string, string>;
}

/**
 * The path of a value inside its number entry (or inside `defaults`), which is what the API's
 * field names and `isSecretPath` speak of; undefined for values outside both.
 */
export function pathInEntry(path: KeyPath): KeyPath | undefined {
  if (path[0] === 'numbers' && typeof path[1] === 'number') return path.slice(2);
  if (path[0] === 'defaults') return path.slice(1);
  return undefined;
}

/** Reads `node` (found at `path`) and everything under it. */
export function readValue(reader: ValueReader, node: Node | null, path: KeyPath, keyNode?: Node): unknown {
  const located: Located = keyNode === undefined ? { node } : { node, keyNode };
  reader.source.locations.set(pathKey(path), located);
  if (node === null) return null;
  if (isScalar(node)) return readScalar(reader, node.value, path, located);
  if (isMap(node)) {
    const entries: [string, unknown][] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        reader.problems.push(
          problemAt(reader.source, { node: isScalar(key) || isMap(key) || isSeq(key) ? key : null }, path, 'a key must be plain text'),
        );
        continue;
      }
      const name = String(key.value);
      const value = pair.value;
      entries.push([name, readValue(reader, isScalar(value) || isMap(value) || isSeq(value) ? value : null, [...path, name], key)]);
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

function readScalar(reader: ValueReader, value: unknown, path: KeyPath, located: Located): unknown {
  const entryPath = pathInEntry(path);
  const secret = entryPath !== undefined && isSecretPath(entryPath);
  if (typeof value !== 'string') {
    if (secret && reader.source.isFile && value !== null) reportLiteralSecret(reader, path, located);
    return value;
  }
  const result = interpolate(value, reader.env);
  for (const name of result.references) {
    const substituted = reader.env[name];
    if (substituted) reader.variables?.set(substituted, name);
  }
  if (result.missing.length > 0 || result.malformed) reader.source.unresolved.add(pathKey(path));
  for (const name of result.missing) {
    const state = reader.env[name] === undefined ? 'is not set' : 'is empty';
    reader.problems.push(
      problemAt(reader.source, located, path, `environment variable ${name} ${state}`, 'set it in the environment; in a workflow, under the step\'s `env:`'),
    );
  }
  if (result.malformed) {
    reader.problems.push(
      problemAt(reader.source, located, path, '`${` is not followed by a variable name and `}`', 'write `${NAME}` for a variable, or `$${` for a literal `${`'),
    );
  }
  if (secret) {
    if (reader.source.isFile && result.references.length === 0) reportLiteralSecret(reader, path, located);
    // The variables' own values too: `Bearer ${TOKEN}` must not leave the bare token unmasked.
    for (const value of [result.value, ...result.references.map((name) => reader.env[name])]) {
      if (value) reader.secrets.add(value);
    }
  }
  return result.value;
}

/** Never quotes the value: the whole point is that it must not travel any further. */
function reportLiteralSecret(reader: ValueReader, path: KeyPath, located: Located): void {
  const variable = variableNameFor(path);
  reader.problems.push(
    problemAt(
      reader.source,
      located,
      path,
      `a secret written in the file; use \${${variable}} and pass it through env`,
      'a committed file is readable by everyone with the repository; keep the value in a GitHub secret and rotate it',
    ),
  );
}

/** `twilioAuthToken` -> `TWILIO_AUTH_TOKEN`, `X-Api-Key` -> `X_API_KEY`: a name to suggest. */
export function variableNameFor(path: KeyPath): string {
  const last = [...path].reverse().find((part): part is string => typeof part === 'string') ?? 'SECRET';
  const named = last === 'password' ? 'sipPassword' : last;
  return named
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
