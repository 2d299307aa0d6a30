// What both readers of a YAML text (the fast one and the positioned one) do to each scalar:
// substitute `${VAR}`, remember which values are secrets, and refuse secrets written literally
// in a committed file. One implementation, so that both read exactly the same values.

import { isSecretPath } from '../api-fields.js';
import { bareReferences, interpolate } from './interpolate.js';
import type { Interpolation } from './interpolate.js';
import { pathKey, problemAt } from './positions.js';
import type { KeyPath, Located, YamlSource } from './positions.js';
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
  /** What is accepted but probably not meant (`$NAME` without braces); absent: not collected. */
  warnings?: ConfigProblem[];
  /** For `delete`: only names (and the document's own keys) are read; every other value is left as written. */
  namesOnly?: boolean;
}

/**
 * Whether a names-only reading reads the value at `path`: an entry's `name`, and `prune:`
 * (protect applies to deletes too). Everything else is neither interpolated nor checked, so a
 * teardown needs no provider secrets.
 */
export function readInNamesOnly(path: KeyPath): boolean {
  if (path[0] === 'prune' || path[0] === 'version') return true;
  return path[0] === 'numbers' && typeof path[1] === 'number' && path[2] === 'name' && path.length === 3;
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

/**
 * Reads one scalar found at `path`: interpolated text, or the number, boolean or null as is.
 * `path` is looked at during the call only: the fast reader passes one array that it keeps changing.
 */
export function readScalar(reader: ValueReader, value: unknown, path: KeyPath, located: Located): unknown {
  if (reader.namesOnly && !readInNamesOnly(path)) return value;
  const entryPath = pathInEntry(path);
  const secret = entryPath !== undefined && isSecretPath(entryPath);
  if (typeof value !== 'string') {
    if (secret && reader.source.isFile && value !== null) reportLiteralSecret(reader, path, located);
    return value;
  }
  // Text without `$` has nothing to substitute or warn about, which is nearly every text.
  if (!value.includes('$')) {
    if (secret) keepSecret(reader, path, located, value, []);
    return value;
  }
  const result = substitute(reader, value, path, located);
  if (secret) keepSecret(reader, path, located, result.value, result.references);
  return result.value;
}

/**
 * Remembers a secret's value to mask it, and the values of the variables it was made of: `Bearer
 * ${TOKEN}` must not leave the bare token unmasked. A literal one in a committed file is a problem.
 */
function keepSecret(reader: ValueReader, path: KeyPath, located: Located, value: string, references: string[]): void {
  if (reader.source.isFile && references.length === 0) reportLiteralSecret(reader, path, located);
  if (value) reader.secrets.add(value);
  for (const name of references) {
    const substituted = reader.env[name];
    if (substituted) reader.secrets.add(substituted);
  }
}

/** `${VAR}` substituted in a text, with what that found reported: unset variables, `$NAME` without braces. */
function substitute(reader: ValueReader, value: string, path: KeyPath, located: Located): Interpolation {
  const result = interpolate(value, reader.env);
  for (const name of bareReferences(value)) {
    reader.warnings?.push(
      problemAt(
        reader.source,
        located,
        path,
        `\`$${name}\` is sent as written, not read from the environment`,
        `write \`\${${name}}\` to use the environment variable`,
      ),
    );
  }
  for (const name of result.references) {
    const substituted = reader.env[name];
    if (substituted) reader.variables?.set(substituted, name);
  }
  if (result.missing.length > 0 || result.malformed) reader.source.unresolved.add(pathKey(path));
  for (const name of result.missing) {
    const state = reader.env[name] === undefined ? 'is not set' : 'is empty';
    reader.problems.push(
      problemAt(
        reader.source,
        located,
        path,
        `environment variable ${name} ${state}`,
        "set it in the environment; in a workflow, under the step's `env:`",
      ),
    );
  }
  if (result.malformed) {
    reader.problems.push(
      problemAt(
        reader.source,
        located,
        path,
        '`${` is not followed by a variable name and `}`',
        'write `${NAME}` for a variable, or `$${` for a literal `${`',
      ),
    );
  }
  return result;
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
