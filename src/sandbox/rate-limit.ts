// `--rate-limit N`: a token bucket of N requests a second (bursts of up to N), answering 429 with
// Retry-After when it is empty, so a config can be tried against a limit like the real API's
// (whose rate is not published).
import type { Fault, FaultMethod } from './faults.js';

export class TokenBucket {
  readonly #perSecond: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    if (!(perSecond > 0)) throw new Error(`A rate limit must be above 0 requests a second, got ${perSecond}`);
    this.#perSecond = perSecond;
    this.#now = now;
    this.#tokens = perSecond;
    this.#last = now();
  }

  /** Takes a token for this request, or returns the 429 to answer instead. */
  take(method: string): Fault | undefined {
    const at = this.#now();
    this.#tokens = Math.min(this.#perSecond, this.#tokens + ((at - this.#last) / 1000) * this.#perSecond);
    this.#last = at;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return undefined;
    }
    // Whole seconds, rounded up, as HTTP servers send it; never 0, which would invite a busy loop.
    const seconds = Math.max(1, Math.ceil((1 - this.#tokens) / this.#perSecond));
    return { method: method as FaultMethod, kind: 'rate-limit', retryAfter: String(seconds) };
  }
}
