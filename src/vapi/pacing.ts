// Vapi publishes no rate limit. Rather than spacing every request by a fixed guess (Vapi's own
// tooling waits 700 ms between calls), the client goes at full speed until the first 429, then
// learns the rate that was being allowed and keeps every later request under it.

/** How the pacer reads time and waits; the transport passes its own so tests can fake both. */
export interface PacerClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

// Fewer granted requests than this in the window before a 429 says nothing about a rate: the
// server may have refused a single request for another reason, so nothing is paced.
const MIN_SAMPLE = 3;
const WINDOW_MS = 1_000;
// A little under the measured rate, so timer drift does not run into the limit again.
const SAFETY = 1.05;

/** Spaces requests after a 429 at the rate the server was granting before it refused. */
export class Pacer {
  readonly #clock: PacerClock;
  /** Start times of recent requests the server granted. */
  readonly #granted: number[] = [];
  #intervalMs = 0;
  /** When the spacing in force was set: a request let go before then was not sent at that pace. */
  #pacedFrom = 0;
  #nextSlot = 0;
  #pausedUntil = 0;

  constructor(clock: PacerClock) {
    this.#clock = clock;
  }

  /** The spacing now in force, 0 before any 429. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Waits for this request's turn; returns the time it was let go (for `granted`). */
  async turn(): Promise<number> {
    const now = this.#clock.now();
    const at = Math.max(now, this.#nextSlot, this.#pausedUntil);
    this.#nextSlot = at + this.#intervalMs;
    if (at > now) await this.#clock.sleep(at - now);
    return at;
  }

  /** The server answered the request let go at `startedAt` with something other than 429. */
  granted(startedAt: number): void {
    this.#granted.push(startedAt);
    const horizon = this.#clock.now() - WINDOW_MS;
    while (this.#granted.length > 0 && (this.#granted[0] as number) < horizon) this.#granted.shift();
  }

  /**
   * The server answered 429 to the request let go at `startedAt`: hold everyone back for `waitMs`,
   * then go at the rate it allowed.
   */
  limited(waitMs: number, startedAt: number = this.#clock.now()): void {
    const now = this.#clock.now();
    this.#pausedUntil = Math.max(this.#pausedUntil, now + waitMs);
    const recent = this.#granted.filter((at) => at >= now - WINDOW_MS).length;
    if (recent < MIN_SAMPLE) return;
    const interval = (WINDOW_MS / recent) * SAFETY;
    // A 429 to a request sent at the learnt pace means the estimate was high: only ever slow down.
    // Requests already in flight when the pace was learnt (several creates at once run into the
    // limit together) were not sent at it, and say nothing more about it.
    const atPace = this.#intervalMs > 0 && startedAt >= this.#pacedFrom;
    const next = Math.max(this.#intervalMs * (atPace ? SAFETY : 1), interval);
    if (next !== this.#intervalMs) {
      this.#intervalMs = next;
      this.#pacedFrom = now;
    }
  }
}
