// Name globs (SPEC section 5): `*` any run of characters, `?` exactly one character, `{pr}` one run
// of digits taken as a pull-request number; everything else is literal. Whole-name, case-sensitive.

/** A compiled name glob. */
export interface NameGlob {
  /** The glob as written. */
  readonly source: string;
  test(name: string): boolean;
  /** `undefined` when the name does not match; `pr` is set when the glob has `{pr}`. */
  match(name: string): { pr?: number } | undefined;
}

const PR_TOKEN = '{pr}';
// With the `u` flag only syntax characters (and `/`) may be escaped; escaping anything else throws.
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function literal(text: string): string {
  return text.replace(REGEX_SYNTAX, '\\$&');
}

/**
 * Compiles a glob. Throws an Error naming the glob when it is empty or has more than one `{pr}`
 * (a name can carry only one pull-request number).
 */
export function compileGlob(glob: string): NameGlob {
  if (glob.length === 0) {
    throw new Error('Invalid name glob \'\': a glob cannot be empty (use "*" to mean every name).');
  }
  const prCount = glob.split(PR_TOKEN).length - 1;
  if (prCount > 1) {
    throw new Error(
      `Invalid name glob '${glob}': {pr} appears ${prCount} times; a glob may capture at most one pull-request number.`,
    );
  }

  let pattern = '';
  let pending = '';
  for (let i = 0; i < glob.length;) {
    if (glob.startsWith(PR_TOKEN, i)) {
      pattern += `${literal(pending)}([0-9]+)`;
      pending = '';
      i += PR_TOKEN.length;
      continue;
    }
    // Iterate by code point so that `?` stands for one character, not half a surrogate pair.
    const char = String.fromCodePoint(glob.codePointAt(i) ?? 0);
    i += char.length;
    if (char === '*' || char === '?') {
      pattern += literal(pending) + (char === '*' ? '[^]*' : '[^]');
      pending = '';
    } else {
      pending += char;
    }
  }
  pattern += literal(pending);
  const regex = new RegExp(`^${pattern}$`, 'u');

  const match = (name: string): { pr?: number } | undefined => {
    const found = regex.exec(name);
    if (!found) return undefined;
    const digits = found[1];
    if (digits === undefined) return {};
    const pr = Number(digits);
    // A run of digits too long to be a PR number still matches, but carries no PR number, so
    // nothing is deleted on the strength of a misread one.
    return Number.isSafeInteger(pr) ? { pr } : {};
  };
  return { source: glob, test: (name) => match(name) !== undefined, match };
}

/** Whether the name matches at least one of the globs; an empty list matches nothing. */
export function matchesAny(globs: readonly string[], name: string): boolean {
  return globs.some((glob) => compileGlob(glob).test(name));
}
