// `${VAR}` substitution in config strings. It works on one string scalar at a time, after YAML
// parsing, so a variable's value can never change the document's structure.

/** What substituting the variables of one string gave. */
export interface Interpolation {
  value: string;
  /** Names referenced as `${NAME}` (an escaped `$${` is not a reference). */
  references: string[];
  /** Referenced names that are unset or empty in the environment. */
  missing: string[];
  /** True when a `${` is not followed by a valid `NAME}` (the text is kept as written). */
  malformed: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces `${NAME}` from `env` and `$${` with a literal `${`; reports unset or empty variables. */
export function interpolate(raw: string, env: Record<string, string | undefined>): Interpolation {
  const references: string[] = [];
  const missing: string[] = [];
  let malformed = false;
  let value = '';
  let i = 0;
  while (i < raw.length) {
    const dollar = raw.indexOf('$', i);
    if (dollar === -1) {
      value += raw.slice(i);
      break;
    }
    value += raw.slice(i, dollar);
    if (raw.startsWith('$${', dollar)) {
      value += '${';
      i = dollar + 3;
      continue;
    }
    if (!raw.startsWith('${', dollar)) {
      value += '$';
      i = dollar + 1;
      continue;
    }
    const close = raw.indexOf('}', dollar + 2);
    const name = close === -1 ? undefined : raw.slice(dollar + 2, close);
    if (name === undefined || !NAME.test(name)) {
      malformed = true;
      value += raw.slice(dollar, close === -1 ? raw.length : close + 1);
      i = close === -1 ? raw.length : close + 1;
      continue;
    }
    references.push(name);
    const replacement = env[name];
    if (replacement === undefined || replacement === '') missing.push(name);
    else value += replacement;
    i = close + 1;
  }
  return { value, references, missing, malformed };
}

// Written the shell's way, `$NAME` is taken literally, which is rarely what was meant. Only
// environment-style names (capitals, digits, `_`) count, so prose such as `$5` or `$price` passes.
const BARE = /\$([A-Z_][A-Z0-9_]*)/y;

/** Names written as `$NAME` without braces, outside `${...}` and the `$${` escape. */
export function bareReferences(raw: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < raw.length) {
    const dollar = raw.indexOf('$', i);
    if (dollar === -1) break;
    if (raw.startsWith('$${', dollar)) {
      i = dollar + 3;
      continue;
    }
    if (raw.startsWith('${', dollar)) {
      const close = raw.indexOf('}', dollar + 2);
      i = close === -1 ? raw.length : close + 1;
      continue;
    }
    BARE.lastIndex = dollar;
    const match = BARE.exec(raw);
    if (match?.[1] !== undefined) {
      found.push(match[1]);
      i = dollar + match[0].length;
    } else i = dollar + 1;
  }
  return found;
}
