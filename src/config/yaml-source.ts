// Parses a YAML text with the position-keeping `yaml` library, for reporting: syntax errors,
// anchors and aliases become positioned problems, and every node keeps its range.

import { LineCounter, isAlias, isNode, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { problemAtOffset } from './positions.js';
import type { YamlSource } from './positions.js';
import type { ConfigProblem } from './types.js';

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
    lineCounter: new LineCounter(),
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
  [
    /^Block scalar header includes extra characters\b/,
    'a value starting with `|` or `>` is read as a block scalar',
    'quote the value: key: ">..."',
  ],
  [/^Invalid escape sequence\b/, 'invalid escape sequence in double quotes', 'write \\\\ for a backslash, or use single quotes'],
  [/ used for \w+ collection\b/, 'a tag does not fit the collection it is on', 'quote the value, or remove the tag'],
  [
    /^(Could not resolve tag|Not a valid tag|Verbatim tags|The .* tag has no suffix)/,
    'an unknown YAML tag',
    'quote the value, or remove the tag',
  ],
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
