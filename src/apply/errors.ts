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
