// How the problems of one load are handed over: in reading order, once each, and quoting no
// value that a variable held or that is a secret.

import { scrubSecrets } from '../report/scrub.js';
import { ConfigError } from './types.js';
import type { ConfigProblem } from './types.js';

/** The ConfigError for `problems` (and the reading's warnings), each cleaned as `cleanProblems` does. */
export function configError(
  problems: ConfigProblem[],
  secrets: Set<string>,
  variables: Map<string, string>,
  warnings: ConfigProblem[] = [],
): ConfigError {
  return new ConfigError(cleanProblems(problems, secrets, variables), cleanProblems(warnings, secrets, variables));
}

/** Problems or warnings in reading order, once each, `secrets` masked and each variable's value named `${VAR}`. */
export function cleanProblems(list: ConfigProblem[], secrets: Set<string>, variables: Map<string, string>): ConfigProblem[] {
  if (list.length === 0) return [];
  // Longest values first, so that a value inside a longer one does not break the longer one's name.
  const named = [...variables].filter(([value]) => value.length >= 4).sort(([a], [b]) => b.length - a.length);
  const hide = (text: string): string => scrubSecrets(withVariableNames(text, named), secrets);
  return orderProblems(list).map((problem) => withoutValues(problem, hide));
}

/**
 * Messages quote what was written, never what a variable held: `${TOKEN}` rather than its value,
 * wherever it was used, and `***` for a literal secret. Nothing is masked yet when config
 * problems are reported, so this is the net under every message.
 */
function withoutValues(problem: ConfigProblem, hide: (text: string) => string): ConfigProblem {
  const clean = { ...problem, message: hide(problem.message) };
  if (problem.hint !== undefined) clean.hint = hide(problem.hint);
  return clean;
}

function withVariableNames(text: string, longestFirst: [value: string, name: string][]): string {
  let named = text;
  for (const [value, name] of longestFirst) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) named = named.split(form).join(`\${${name}}`);
  }
  return named;
}

/** Problems per file in reading order, deduplicated (a bad default can surface once per number). */
function orderProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const files = [...new Set(problems.map((problem) => problem.file))];
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = JSON.stringify([problem.file, problem.line, problem.column, problem.path, problem.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column);
}
