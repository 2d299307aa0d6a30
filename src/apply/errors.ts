import type { EntryProblem } from './types.js';

/**
 * True when a failed request may still have been carried out (timeout, reset, 5xx after the body
 * was sent). The Vapi client marks those errors; anything else is a definite failure.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { outcomeUnknown?: unknown }).outcomeUnknown === true;
}

/** An error as an entry problem: what failed, and what to do. */
export function describeError(error: unknown, doing?: string): EntryProblem {
  const text = error instanceof Error ? error.message : String(error);
  const message = doing && !text.startsWith(doing) ? `${doing} failed: ${text}` : text;
  const hint =
    typeof error === 'object' && error !== null && typeof (error as { hint?: unknown }).hint === 'string'
      ? (error as { hint: string }).hint
      : 'Fix the cause shown and run again; entries that succeeded are not repeated.';
  return { message, hint };
}

/**
 * What to do after a create whose outcome is unknown. Not "run again" at once: Vapi's list can lag
 * behind a create for seconds, and a run that does not see the number yet buys it a second time.
 */
export const WAIT_THEN_RERUN =
  'Wait about a minute, then run again: the next run lists first and adopts the number if the list shows it, ' +
  'or creates it once if it does not. A run started at once may not see a number made seconds ago ' +
  "(Vapi's list can lag behind a create) and would buy a second one.";
