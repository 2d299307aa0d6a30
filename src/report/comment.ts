// The sticky PR comment's text: the job summary's table (without Routing), the changed leaves of
// each update and the failures, always under GitHub's size limit however many numbers a run touched.
import { createHash } from 'node:crypto';
import type { NumberResult, Operation } from '../apply/types.js';
import type { RunOutcome } from '../run.js';
import { leafLines } from './change-lines.js';
import { leafMarkdown } from './markdown.js';
import { nothingToDo } from './nothing-to-do.js';
import { SecretMatcher, type Scrubber } from './scrub.js';

/** GitHub's limit for a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

/** Room kept below the limit, so a caller may add a line without counting. */
const SAFETY_MARGIN = 512;

/** Options for renderComment; the defaults suit production. */
export interface CommentOptions {
  /** The footer's time; default now. */
  now?: Date;
  /** Link to the workflow run, shown in the footer. */
  runUrl?: string;
  /** Body limit; default COMMENT_LIMIT. Tests lower it. */
  limit?: number;
  /**
   * Values to show as `***` besides the plan's own secrets, which are always hidden: the run's set,
   * or its report matcher (SecretMatcher.forReport), used as it is. Scrubbed before escaping: once
   * escaped, a secret with Markdown punctuation would no longer match.
   */
  secrets?: Iterable<string>;
}

/**
 * The hidden marker of the comment for one config source. It depends only on the label, never on
 * the command, so `apply` then `delete` on the same config edit the same comment.
 */
export function commentMarker(label: string): string {
  let text = '';
  for (const char of label.trim() || 'numbers input') {
    text += /[A-Za-z0-9._/+,:@=~() -]/.test(char) ? char : encodeURIComponent(char).replace(/[!'*]/g, escapeChar);
  }
  // `--` is not allowed inside an HTML comment and `-->` would end it.
  text = text.replace(/--/g, '-%2D').replace(/-$/, '%2D');
  if (text.length > 200) text = `${text.slice(0, 180)}#${createHash('sha256').update(label).digest('hex').slice(0, 12)}`;
  return `<!-- vapi-numbers:${text} -->`;
}

const BOLD_NUMBER: ReadonlySet<Operation> = new Set(['created', 'updated', 'unchanged']);
const PRIORITY: Record<Operation, number> = {
  failed: 0,
  unknown: 0,
  created: 1,
  updated: 1,
  deleted: 1,
  'would-create': 1,
  'would-update': 1,
  'would-delete': 1,
  unchanged: 2,
  absent: 2,
};

/** The comment body: marker, heading, table of numbers, failures with what to do, footer. */
export function renderComment(rawOutcome: RunOutcome, marker: string, options: CommentOptions = {}): string {
  const { scrub } = SecretMatcher.forReport(rawOutcome.plan, options.secrets ?? []);
  const outcome = scrubbed(rawOutcome, scrub);
  const limit = (options.limit ?? COMMENT_LIMIT) - SAFETY_MARGIN;
  const mode = outcome.dryRun ? ' (dry run: nothing was changed)' : '';
  const head = [
    marker,
    `### vapi-numbers ${escapeText(outcome.command)}${mode}`,
    '',
    `Config: ${code(outcome.label)}. ${tally(outcome.results)}`.trimEnd(),
    '',
  ];
  const time = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const run = options.runUrl ? ` · [workflow run](${options.runUrl.replace(/[()\s]/g, encodeURIComponent)})` : '';
  const foot = ['', `<sub>Updated ${time} by vapi-numbers${run}. This comment is edited in place by later runs.</sub>`, ''];

  let budget = limit - size(head) - size(foot);
  const failureLines = [...outcome.failures.map((failure) => `- ${escapeText(clip(failure, 600))}`)];
  for (const result of outcome.results) {
    if (!result.problem) continue;
    const { message, hint } = result.problem;
    failureLines.push(
      `- **${escapeText(result.name)}** (${result.operation}): ${escapeText(clip(message, 600))} What to do: ${escapeText(clip(hint, 400))}`,
    );
  }
  // Failures get at most half the room: the table is what the comment is for.
  const failures = fit(
    failureLines,
    Math.floor(budget / 2),
    (n) => `- _…and ${n} more failure${plural(n)}: see the job summary._`,
  );
  const failureBlock = failures.length > 0 ? ['#### Failures', '', ...failures, ''] : [];
  budget -= size(failureBlock);

  const table = outcome.results.length > 0 ? renderTable(outcome.results, budget) : renderNothingToDo(outcome, budget, scrub);
  budget -= size(table);
  const changes = renderChanges(outcome.results, budget, scrub);
  return [...head, ...table, ...changes, ...failureBlock, ...foot].join('\n');
}

function renderNothingToDo(outcome: RunOutcome, budget: number, scrub: Scrubber): string[] {
  const empty = nothingToDo(outcome.plan);
  const kept = fit(
    empty.kept.map((line) => `- ${escapeText(clip(scrub(line), 300))}`),
    budget - empty.headline.length - 4,
    (n) => `- _…and ${n} more: see the job summary._`,
  );
  return [escapeText(scrub(empty.headline)), '', ...kept, ...(kept.length > 0 ? [''] : [])];
}

function renderTable(results: NumberResult[], budget: number): string[] {
  const header = ['| Name | Number | Provider | Operation | ID |', '|---|---|---|---|---|'];
  const rows = results.map(row);
  const all = [...header, ...rows, ''];
  if (size(all) <= budget) return all;
  // Too many rows: show failures and changes first, in the original (name) order.
  const note = (n: number): string =>
    `_…and ${n} more row${plural(n)} not shown: the job summary and the \`numbers\` output have them all._`;
  let room = budget - size(header) - size([note(results.length), '', '']);
  const order = results.map((result, index) => index).sort((a, b) => rank(results[a]) - rank(results[b]) || a - b);
  const shown = new Set<number>();
  for (const index of order) {
    const cost = (rows[index] as string).length + 1;
    if (cost > room) break;
    shown.add(index);
    room -= cost;
  }
  const kept = rows.filter((_, index) => shown.has(index));
  return [...header, ...kept, '', note(results.length - kept.length), ''];
}

/** The changed leaves of each update, as in the job summary; what does not fit is counted, not cut. */
function renderChanges(results: NumberResult[], budget: number, scrub: Scrubber): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (!result.changes || result.changes.length === 0) continue;
    lines.push(`- **${escapeText(clip(result.name, 120))}**${result.id ? ` (${code(result.id)})` : ''}`);
    for (const leaf of leafLines(result.changes, scrub)) lines.push(`  - ${leafMarkdown(leaf)}`);
  }
  if (lines.length === 0) return [];
  const heading = ['#### Changes', ''];
  const more = (n: number): string => `- _…and ${n} more line${plural(n)}: see the job summary._`;
  const room = budget - size(heading) - size(['']);
  if (room < more(lines.length).length + 1) return [];
  return [...heading, ...fit(lines, room, more), ''];
}

function rank(result: NumberResult | undefined): number {
  return result ? PRIORITY[result.operation] : 3;
}

function row(result: NumberResult): string {
  const number = escapeText(result.number ?? result.sipUri ?? '');
  const bold = BOLD_NUMBER.has(result.operation) && number !== '';
  const operation =
    result.operation === 'failed' || result.operation === 'unknown' ? `**${result.operation}**` : result.operation;
  return `| ${escapeText(clip(result.name, 120))} | ${bold ? `**${number}**` : number} | ${escapeText(result.provider ?? '')} | ${operation} | ${code(result.id)} |`;
}

function tally(results: NumberResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.operation, (counts.get(result.operation) ?? 0) + 1);
  return counts.size > 0 ? `${[...counts].map(([op, n]) => `${n} ${op}`).join(', ')}.` : '';
}

/** Takes lines in order while they fit in `budget` characters; the rest become one `more` line. */
function fit(lines: string[], budget: number, more: (count: number) => string): string[] {
  if (size(lines) <= budget) return lines;
  const kept: string[] = [];
  let room = budget - more(lines.length).length - 1;
  for (const line of lines) {
    if (line.length + 1 > room) break;
    kept.push(line);
    room -= line.length + 1;
  }
  return [...kept, more(lines.length - kept.length)];
}

/** Characters the lines take once joined with newlines (plus one for the join to what follows). */
function size(lines: string[]): number {
  return lines.reduce((total, line) => total + line.length + 1, 0);
}

/**
 * User text made inert: HTML entities for `<>&`, backslashes before Markdown punctuation, no line
 * breaks or table pipes, and a leading `@` broken with a zero-width space so a name never pings anyone.
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      // Only an `@` that starts a word can mention; `sip:user@host` stays copyable.
      .replace(/(^|[^A-Za-z0-9_.+-])@/g, '$1@\u200b')
      .replace(/\r?\n|\r/g, ' ')
  );
}

/** An ID or label in a code span: backticks cannot be escaped there, so they are replaced. */
function code(text: string | undefined): string {
  if (!text) return '';
  return `\`${clip(text, 200)
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')}\``;
}

/** The user-visible strings of an outcome with secrets replaced; the rest is left as it is. */
function scrubbed(outcome: RunOutcome, scrub: Scrubber): RunOutcome {
  const t = (text: string | undefined): string | undefined => (text === undefined ? undefined : scrub(text));
  return {
    ...outcome,
    label: scrub(outcome.label),
    failures: outcome.failures.map(scrub),
    results: outcome.results.map((result) => ({
      ...result,
      name: scrub(result.name),
      number: t(result.number),
      sipUri: t(result.sipUri),
      provider: t(result.provider),
      id: t(result.id),
      ...(result.problem
        ? { problem: { ...result.problem, message: scrub(result.problem.message), hint: scrub(result.problem.hint) } }
        : {}),
    })),
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

function escapeChar(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}
