// The outcome of a run as the terminal shows it (a table) and as scripts read it (one JSON document).
// Same content as the job summary; every text passes the same scrubbing first.
import { OPERATIONS, type NumberResult, type Operation } from '../apply/types.js';
import type { ConfigProblem } from '../config/types.js';
import { SECRET_MARK } from '../plan/diff.js';
import type { FieldChange } from '../plan/types.js';
import { leafLines, SECRET_CHANGED } from '../report/change-lines.js';
import { nothingToDo } from '../report/nothing-to-do.js';
import { outputsFor } from '../report/outputs.js';
import { SecretMatcher, type Scrubber } from '../report/scrub.js';
import type { RunOutcome } from '../run.js';
import { paintOperation, type Palette } from './colour.js';

const HEADINGS = ['Name', 'Number', 'Provider', 'Routing', 'Operation', 'ID'];
/** A cell wider than this is cut: one long SIP URI should not push the table off the screen. */
const MAX_CELL = 48;

/** The report for a terminal: table, changed leaves, failures with what to do, a tally line. */
export function renderTable(outcome: RunOutcome, options: { secrets: Iterable<string>; colours: Palette }): string {
  const { colours } = options;
  const { scrub } = SecretMatcher.forReport(outcome.plan, options.secrets);
  const clean = (text: string): string => oneLine(scrub(text));
  const lines: string[] = [];
  const mode = outcome.dryRun ? colours.dim(' (dry run: nothing was changed)') : '';
  lines.push(`${colours.bold(`vapi-numbers ${outcome.command}`)}${mode}  ${colours.dim(`config: ${clean(outcome.label)}`)}`, '');

  if (outcome.results.length === 0) {
    const empty = nothingToDo(outcome.plan);
    lines.push(clean(empty.headline), ...empty.kept.map((line) => `  ${clean(line)}`), '');
  } else {
    const rows = outcome.results.map((result) =>
      [
        result.name,
        result.number ?? result.sipUri ?? '',
        result.provider ?? '',
        result.routing ?? '',
        result.operation,
        result.id ?? '',
      ].map((cell) => cut(clean(cell))),
    );
    const widths = HEADINGS.map((heading, column) => Math.max(heading.length, ...rows.map((row) => (row[column] ?? '').length)));
    // Padding is computed on the plain text; colour codes are added after, so columns line up.
    const format = (cells: string[], paint: (column: number, text: string) => string): string =>
      cells
        .map((cell, column) => paint(column, column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
    lines.push(format(HEADINGS, (_, text) => colours.bold(text)));
    outcome.results.forEach((result, index) => {
      const paint = paintOperation(result.operation, colours);
      lines.push(
        format(rows[index] ?? [], (column, text) => (column === 4 || result.operation === 'unchanged' ? paint(text) : text)),
      );
    });
    lines.push('');
  }

  const updates = outcome.results.filter((result) => result.changes && result.changes.length > 0);
  if (updates.length > 0) {
    lines.push(colours.bold('Changes'));
    for (const result of updates) {
      lines.push(`  ${colours.yellow(clean(result.name))}${result.id ? colours.dim(` (${clean(result.id)})`) : ''}`);
      for (const leaf of leafLines(result.changes ?? [], clean)) {
        const values = leaf.secret ? colours.yellow(SECRET_CHANGED) : `${colours.red(leaf.old)} -> ${colours.green(leaf.new)}`;
        lines.push(`    ${leaf.path}: ${values}`);
      }
    }
    lines.push('');
  }

  const problems = outcome.results.filter((result) => result.problem);
  if (problems.length > 0 || outcome.failures.length > 0) {
    lines.push(colours.bold(colours.red('Failures')));
    for (const failure of outcome.failures) lines.push(`  ${colours.red('x')} ${clean(failure)}`);
    for (const result of problems) {
      lines.push(
        `  ${colours.red('x')} ${colours.bold(clean(result.name))} (${result.operation}): ${clean(result.problem?.message ?? '')}`,
      );
      if (result.problem?.hint) lines.push(`    What to do: ${clean(result.problem.hint)}`);
    }
    lines.push('');
  }
  lines.push(tally(outcome, colours));
  if (outcome.command === 'plan' && outcome.changed && !outcome.failed) {
    lines.push(colours.dim("Run 'vapi-numbers apply' with the same flags to make these changes."));
  }
  return `${lines.join('\n')}\n`;
}

/** `--json`: exactly the action's `numbers` objects, plus `changes` (one per changed leaf) and any `problem`. */
export function renderJson(outcome: RunOutcome, secrets: Iterable<string>): string {
  const { scrub } = SecretMatcher.forReport(outcome.plan, secrets);
  const numbers = JSON.parse(outputsFor(outcome).numbers ?? '[]') as Record<string, unknown>[];
  const document = {
    command: outcome.command,
    dryRun: outcome.dryRun,
    changed: outcome.changed,
    failed: outcome.failed,
    failures: outcome.failures,
    numbers: numbers.map((entry, index) => withDetails(entry, outcome.results[index])),
  };
  return `${JSON.stringify(scrubDeep(document, scrub), null, 2)}\n`;
}

/** `--json` when the run stopped before a plan: the message and, for a config error, each problem. */
export function renderJsonError(message: string, problems: ConfigProblem[] | undefined, secrets: Iterable<string>): string {
  const error = {
    message,
    ...(problems
      ? {
          problems: problems.map((problem) => ({
            file: problem.file,
            line: problem.line,
            column: problem.column,
            path: problem.path,
            message: problem.message,
            hint: problem.hint ?? null,
          })),
        }
      : {}),
  };
  return `${JSON.stringify(scrubDeep({ error }, new SecretMatcher(secrets).scrub), null, 2)}\n`;
}

function withDetails(entry: Record<string, unknown>, result: NumberResult | undefined): Record<string, unknown> {
  if (!result) return entry;
  const details: Record<string, unknown> = { ...entry };
  if (result.changes && result.changes.length > 0) {
    details['changes'] = jsonChanges(result.changes);
  }
  if (result.problem) details['problem'] = { message: result.problem.message, hint: result.problem.hint };
  return details;
}

/** Scrubs every string inside a value: scrubbing serialised JSON could cut through its quoting. */
function scrubDeep(value: unknown, scrub: Scrubber): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, scrubDeep(field, scrub)]));
  }
  return value;
}

/** One `{path, old, new}` per changed leaf, values whole; a secret leaf has the fixed mark on both sides. */
function jsonChanges(changes: readonly FieldChange[]): { path: string; old: unknown; new: unknown }[] {
  return changes.flatMap((change) =>
    change.leaves.map((leaf) =>
      leaf.secret
        ? { path: leaf.path, old: SECRET_MARK, new: SECRET_MARK }
        : { path: leaf.path, old: leaf.old ?? null, new: leaf.new ?? null },
    ),
  );
}

function tally(outcome: RunOutcome, colours: Palette): string {
  const counts = new Map<Operation, number>();
  for (const result of outcome.results) counts.set(result.operation, (counts.get(result.operation) ?? 0) + 1);
  const parts = OPERATIONS.filter((op) => counts.has(op)).map((op) => paintOperation(op, colours)(`${counts.get(op)} ${op}`));
  if (outcome.failures.length > 0)
    parts.push(colours.red(`${outcome.failures.length} run failure${outcome.failures.length === 1 ? '' : 's'}`));
  const verdict = outcome.failed ? colours.red('Failed') : 'Done';
  return `${verdict}: ${parts.length > 0 ? parts.join(', ') : 'nothing to do'}.`;
}

/** Table cells are one line: a name or an API message with a newline would break the columns. */
function oneLine(text: string): string {
  // Control characters too: a name from the API must not be able to move the cursor or recolour.
  return text.replace(/\r?\n/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function cut(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
