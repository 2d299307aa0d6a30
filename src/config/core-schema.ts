// The js-yaml schema of the fast config reader (fast-read.ts).

import { Schema, Type } from 'js-yaml';

// The `yaml` library's core schema, in its order of precedence (yaml/dist/schema/core): the same
// tests and the same conversions, so that a plain scalar becomes the same value in both readers.
// js-yaml consults implicit types only for plain scalars, as yaml does, and every map key is one.
// Each rule names the characters its text can start with, so that a scalar is tried only against
// the rules it could match, still in this order: a key such as `name` meets the null rule alone.
type CoreRule = [firstCharacters: string, test: RegExp, construct: (text: string) => unknown];
const CORE_SCALARS: [CoreRule, ...CoreRule[]] = [
  ['~Nn', /^(?:~|[Nn]ull|NULL)?$/, () => null],
  ['TtFf', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'],
  ['0', /^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)],
  ['-+0123456789', /^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
  ['0', /^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)],
  [
    '-+.',
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity),
  ],
  ['-+.0123456789', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => parseFloat(text)],
  ['-+.0123456789', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => parseFloat(text)],
];

/** The rules a text can match, by the code of its first character; the empty text is a null. */
const RULES_BY_FIRST: (CoreRule[] | undefined)[] = [];
for (const rule of CORE_SCALARS) {
  for (const character of rule[0]) (RULES_BY_FIRST[character.charCodeAt(0)] ??= []).push(rule);
}
const RULES_FOR_EMPTY = [CORE_SCALARS[0]];

/** What coreScalar answers for text that is none of the core schema's scalars, and so stays text. */
const TEXT = Symbol('text');

/** What a plain scalar is in the core schema: a null, boolean or number, or TEXT. */
function coreScalar(text: string): unknown {
  const rules = text === '' ? RULES_FOR_EMPTY : RULES_BY_FIRST[text.charCodeAt(0)];
  if (rules !== undefined) for (const [, test, construct] of rules) if (test.test(text)) return construct(text);
  return TEXT;
}

// js-yaml asks `resolve` whether a plain scalar is of the type and, when it is, asks `construct`
// for its value straight away: the value worked out for the one is handed to the other.
let resolvedText: string | undefined;
let resolvedValue: unknown;

/**
 * No explicit types at all, so that any tag js-yaml meets is an error (and the fast read declines);
 * one implicit type for the whole core schema above.
 */
export const CORE_SCHEMA = new Schema({
  implicit: [
    new Type('tag:vapi-numbers,core', {
      kind: 'scalar',
      resolve: (data: unknown) => {
        if (typeof data !== 'string') return false;
        const value = coreScalar(data);
        if (value === TEXT) return false;
        resolvedText = data;
        resolvedValue = value;
        return true;
      },
      construct: (data: string) => {
        if (data === resolvedText) return resolvedValue;
        const value = coreScalar(data);
        return value === TEXT ? undefined : value;
      },
    }),
  ],
});
