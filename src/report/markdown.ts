// The report as Markdown: the job summary now, the PR comment later. One renderer, so both agree.
import { OPERATIONS, type NumberResult, type Operation } from '../apply/types.js';
import type { RunOutcome } from '../run.js';
import { leafLines, SECRET_CHANGED, type LeafLine } from './change-lines.js';
import { nothingToDo } from './nothing-to-do.js';
import { SecretMatcher } from './scrub.js';

/**
 * The full report of a run that got as far as a plan. Every secret the plan holds, and any in
 * `secrets` (the API key, say), is hidden before text is escaped for Markdown, so an API error
 * that quotes one back cannot show it, not even HTML-escaped. Given the run's report matcher
 * (SecretMatcher.forReport), it is used as it is.
 */
export function renderReport(outcome: RunOutcome, secrets: Iterable<string> = []): string {
  // Cell by cell, before escaping: escaping can change a secret's form (`|` becomes `\|`), and a
  // form the matcher does not know would pass. Each cell is one pass over its own text.
  const { scrub } = SecretMatcher.forReport(outcome.plan, secrets);
  const cell = (text: string): string => escapeCell(scrub(text));
  const code = (text: string | undefined): string => escapeCode(text === undefined ? undefined : scrub(text));
  const lines: string[] = [];
  const mode = outcome.dryRun ? ' (dry run: nothing was changed)' : '';
  lines.push(`### vapi-numbers ${outcome.command}${mode}`, '');
  lines.push(`Config: \`${cell(outcome.label)}\`. ${tally(outcome.results)}`, '');
  if (outcome.results.length === 0) {
    const empty = nothingToDo(outcome.plan);
    lines.push(cell(empty.headline), '', ...empty.kept.map((line) => `- ${cell(line)}`));
    if (empty.kept.length > 0) lines.push('');
  } else {
    lines.push('| Name | Number | Provider | Routing | Operation | ID |', '|---|---|---|---|---|---|');
    for (const result of outcome.results) {
      lines.push(
        `| ${cell(result.name)} | ${cell(result.number ?? result.sipUri ?? '')} | ${cell(result.provider ?? '')} | ${cell(result.routing ?? '')} | ${operationCell(result.operation)} | ${code(result.id)} |`,
      );
    }
    lines.push('');
  }
  const updates = outcome.results.filter((result) => result.changes && result.changes.length > 0);
  if (updates.length > 0) {
    lines.push('#### Changes', '');
    for (const result of updates) {
      lines.push(`- **${cell(result.name)}**${result.id ? ` (${code(result.id)})` : ''}`);
      for (const leaf of leafLines(result.changes ?? [], scrub)) lines.push(`  - ${leafMarkdown(leaf)}`);
    }
    lines.push('');
  }
  const problems = outcome.results.filter((result) => result.problem);
  if (problems.length > 0 || outcome.failures.length > 0) {
    lines.push('#### Failures', '');
    for (const failure of outcome.failures) lines.push(`- ${cell(failure)}`);
    for (const result of problems) {
      const problem = result.problem;
      if (!problem) continue;
      lines.push(`- **${cell(result.name)}** (${result.operation}): ${cell(problem.message)} What to do: ${cell(problem.hint)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The report of a run that stopped before it had an outcome (bad input, unreadable config or
 * inventory, a cancel); `heading` says what is known of the changes.
 */
export function renderStoppedReport(
  command: string,
  message: string,
  heading = '**Stopped before any change.** Nothing was written.',
): string {
  return [`### vapi-numbers ${command}`, '', heading, '', '```', message, '```', ''].join('\n');
}

function tally(results: NumberResult[]): string {
  const counts = new Map<Operation, number>();
  for (const result of results) counts.set(result.operation, (counts.get(result.operation) ?? 0) + 1);
  const parts = OPERATIONS.filter((op) => counts.has(op)).map((op) => `${counts.get(op)} ${op}`);
  return parts.length > 0 ? `${parts.join(', ')}.` : '';
}

function operationCell(operation: Operation): string {
  return operation === 'failed' || operation === 'unknown' ? `**${operation}**` : operation;
}

/** One changed leaf for Markdown, from already scrubbed and cut text: `` `path`: `old` -> `new` ``. */
export function leafMarkdown(leaf: LeafLine): string {
  if (leaf.secret) return `${escapeCode(leaf.path)}: ${SECRET_CHANGED}`;
  return `${escapeCode(leaf.path)}: ${escapeCode(leaf.old)} -> ${escapeCode(leaf.new)}`;
}

function escapeCode(text: string | undefined): string {
  if (!text) return '';
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

/** Table-safe text: no pipes, no line breaks, no HTML. */
function escapeCell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
