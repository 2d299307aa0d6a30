// Ends the run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI log reader
// can parse without knowing vitest's own summary format.
//
// A test marked `it.fails` documents a known limit: it passes while the limit holds. Vitest counts
// it as passed; here it is not. Each one is named on a line of its own before the closing line,
// then `Known limits: N`, and the closing line's `passed` leaves them out, so a known limit never
// reads as a guarantee. The closing line keeps its fixed format, which CI's judge reads.
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** What the closing lines count; exported for the reporter's own test. */
export interface ClosingCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** `it.fails` tests that failed as expected: the full names. */
  knownLimits: string[];
}

type CountedTest = Pick<TestCase, 'fullName' | 'options' | 'result'> & { module: Pick<TestModule, 'moduleId'> };
type CountedModule = {
  state(): string;
  children: { allTests(): Iterable<CountedTest> };
};

export function countTests(testModules: ReadonlyArray<CountedModule>, root = process.cwd()): ClosingCounts {
  const counts: ClosingCounts = { passed: 0, failed: 0, skipped: 0, knownLimits: [] };
  for (const module of testModules) {
    let tests = 0;
    for (const test of module.children.allTests()) {
      tests++;
      const state = test.result().state;
      if (state === 'passed' && test.options.fails)
        counts.knownLimits.push(`${relative(test.module.moduleId, root)} > ${test.fullName}`);
      else if (state === 'passed') counts.passed++;
      else if (state === 'failed') counts.failed++;
      else counts.skipped++;
    }
    // A file that failed to load (syntax error, failing import) has no tests: count it as a failure.
    if (module.state() === 'failed' && tests === 0) counts.failed++;
  }
  return counts;
}

function relative(moduleId: string, root: string): string {
  return moduleId.startsWith(`${root}/`) ? moduleId.slice(root.length + 1) : moduleId;
}

/** The lines printed at the end of the run, the closing line last. */
export function closingLines(counts: ClosingCounts): string[] {
  const lines: string[] = [];
  if (counts.knownLimits.length > 0) {
    for (const name of counts.knownLimits) lines.push(`Known limit (it.fails, failing as expected): ${name}`);
    lines.push(`Known limits: ${counts.knownLimits.length} (not counted as passed)`);
  }
  lines.push(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return lines;
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    process.stdout.write(`\n${closingLines(countTests(testModules)).join('\n')}\n`);
  }
}
