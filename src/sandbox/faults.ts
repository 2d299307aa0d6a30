// One-shot failures the sandbox can be told to produce, to exercise a client's handling of the ways a
// write can fail: before the change (nothing happened) or after it (the change is real, but the
// client cannot know). The "after" cases are what make a blind POST retry buy a second number.

export type FaultMethod = 'POST' | 'GET' | 'PATCH' | 'DELETE';

export type FaultKind =
  | 'status-before'
  | 'status-after'
  | 'reset-before'
  | 'reset-after'
  | 'hang-before'
  | 'hang-after'
  | 'rate-limit'
  /** Answers normally, `delayMs` late: lets tests interleave two clients. */
  | 'delay';

export interface Fault {
  method: FaultMethod;
  /** Matches request paths starting with this (no query string), e.g. '/phone-number'. */
  path?: string;
  kind: FaultKind;
  /** Default 500 for status-*, 429 for rate-limit. */
  status?: number;
  /** Raw Retry-After header value; absent means no header. */
  retryAfter?: string;
  /** The error body's `message` for status-* and rate-limit (default: the status text). */
  message?: string | string[];
  /** For `delay`: how long to hold the answer. */
  delayMs?: number;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** How many matching requests pass untouched before it starts hitting; default 0. */
  skip?: number;
}

interface QueuedFault {
  fault: Fault;
  left: number;
  skip: number;
}

export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${times}`);
    const skip = fault.skip ?? 0;
    if (!Number.isInteger(skip) || skip < 0) throw new Error(`fault.skip must be a whole number, got ${skip}`);
    this.queue.push({ fault: { ...fault }, left: times, skip });
  }

  /** The first queued fault matching the request, consumed once; undefined when none. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex(
      (q) => q.fault.method === method && (q.fault.path === undefined || path.startsWith(q.fault.path)),
    );
    if (index < 0) return undefined;
    const queued = this.queue[index] as QueuedFault;
    if (queued.skip > 0) {
      queued.skip -= 1;
      return undefined;
    }
    queued.left -= 1;
    if (queued.left <= 0) this.queue.splice(index, 1);
    return queued.fault;
  }

  pending(): Fault[] {
    return this.queue.map((q) => ({ ...q.fault }));
  }

  clear(): void {
    this.queue.length = 0;
  }
}

export function isAfter(kind: FaultKind): boolean {
  return kind.endsWith('-after');
}

export function faultStatus(fault: Fault): number {
  return fault.status ?? (fault.kind === 'rate-limit' ? 429 : 500);
}
