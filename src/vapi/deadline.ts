// A caller's deadline over several requests (the inventory's): the transport checks it between
// attempts and stops an attempt or a wait in progress when it passes.
import { VapiApiError } from './errors.js';

/** Waits `ms` with `sleep`, ending early (without error) once `deadline` aborts. */
export async function waitUnlessStopped(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  deadline: AbortSignal | undefined,
): Promise<void> {
  if (deadline === undefined) return sleep(ms);
  if (deadline.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      deadline.removeEventListener('abort', done);
      resolve();
    };
    deadline.addEventListener('abort', done);
    sleep(ms, deadline).then(done, done);
  });
}

export interface Stop {
  method: string;
  path: string;
  /** The attempt under way or about to be sent. */
  attempt: number;
  maxAttempts: number;
  /** e.g. `waiting for the answer to attempt 2`. */
  doing: string;
  /** How the attempt before failed, e.g. `timed out after 30000 ms (requestTimeoutMs)`. */
  lastFailure: string;
}

/** The error of a request the caller's deadline ended: what it was doing, and what failed before. */
export function stoppedError(stop: Stop): VapiApiError {
  const { method, path, attempt } = stop;
  const earlier = attempt - 1;
  const before = earlier > 0 ? ` (${earlier} earlier attempt${earlier > 1 ? 's' : ''}, the last ${stop.lastFailure})` : '';
  return new VapiApiError(`${method} ${path} was stopped ${stop.doing} of ${stop.maxAttempts}${before}`, {
    method,
    path,
    kind: 'deadline',
    attempts: attempt,
    // A write sent before the deadline may still have arrived.
    outcomeUnknown: method !== 'GET',
  });
}
