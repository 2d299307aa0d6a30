// Creates run a few at a time, under the rule that keeps a run from buying blindly: while any create's
// outcome is in doubt (its POST failed in a way that does not tell whether the number was made, and it
// is re-listing to find out), no new create starts; once one ends `unknown`, none starts at all.
// Creates already sent are let finish, and each is settled on its own (adopted, or reported), since
// every one is a single POST for a different name.
import type { NumberResult } from './types.js';

/** How many creates may be in flight at once (issue 11: a migration of hundreds of numbers). */
export const CREATE_WINDOW = 4;

/** Given to each create: it opens a doubt before re-listing, and closes it with what it found. */
export interface CreateDoubts {
  /** Holds back every create not yet started; the returned function lets them go (or stops them for good). */
  open(): (outcome: { unknown: boolean }) => void;
}

export interface CreateSteps<C> {
  /** Sends one create and settles it. */
  create(change: C, doubts: CreateDoubts): Promise<NumberResult>;
  /** A result without a request, when the run no longer starts creates (a cancel); else undefined. */
  notStarted(change: C): NumberResult | undefined;
  /** The result of a create not started because an earlier one ended `unknown`. */
  halted(change: C): NumberResult;
}

/** Runs every create, at most `size` in flight, in the order given; a result for each. */
export async function runCreateWindow<C>(
  creates: readonly C[],
  size: number,
  steps: CreateSteps<C>,
): Promise<Map<C, NumberResult>> {
  const results = new Map<C, NumberResult>();
  let next = 0;
  let halted = false;
  let open = 0;
  let waiting: (() => void)[] = [];

  const doubts: CreateDoubts = {
    open: () => {
      open++;
      let closed = false;
      return ({ unknown }) => {
        if (closed) return;
        closed = true;
        // Set before anyone waiting wakes, so that no create starts after an unknown outcome.
        if (unknown) halted = true;
        open--;
        if (open > 0) return;
        const wake = waiting;
        waiting = [];
        for (const resume of wake) resume();
      };
    },
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      // Checked again on waking, and nothing awaited between this check and the create's start:
      // a doubt opened by another create in the meantime must hold this one back too.
      while (open > 0) await new Promise<void>((resume) => waiting.push(resume));
      if (next >= creates.length) return;
      const change = creates[next++] as C;
      const skipped = steps.notStarted(change) ?? (halted ? steps.halted(change) : undefined);
      if (skipped) {
        results.set(change, skipped);
        continue;
      }
      const result = await steps.create(change, doubts);
      if (result.operation === 'unknown') halted = true;
      results.set(change, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, creates.length)) }, worker));
  return results;
}
