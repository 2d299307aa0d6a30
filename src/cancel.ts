// An orderly stop on SIGINT or SIGTERM. GitHub cancels a job with SIGINT and sends SIGTERM 7.5 s
// later; Node's default would kill the run at once, with a POST possibly in flight that the server
// completes and nobody reports. Instead: no new request starts, the ones in flight get a grace
// period, one listing (if time allows) tells which in-flight creates happened, and the shells write
// what is known before GitHub's SIGTERM.
import type { RemoteNumber, VapiClient } from './vapi/types.js';

/** How long requests already sent may take to finish after the signal. */
export const GRACE_MS = 5_000;
/** The listing after the grace must be over by then, leaving room to write before 7.5 s. */
export const LIST_BY_MS = 6_500;
/** A listing with less time than this left is not started: it could not finish. */
export const MIN_LIST_MS = 300;
/** Past this, the shell reports whatever it knows even if the engine has not returned. */
export const HARD_STOP_MS = 7_000;

/** Thrown instead of sending a request once the run is cancelled: nothing was sent. */
export class RunCancelledError extends Error {
  constructor(readonly signalName: string) {
    super(`The run was cancelled (${signalName}) before this request was sent.`);
    this.name = 'RunCancelledError';
  }
}

/**
 * A call the cancel cut short after its first request was sent: unanswered when the grace ran out,
 * or its retry (or next page) not sent. For a write, whether Vapi did it is unknown.
 */
export class InFlightAbandonedError extends Error {
  readonly outcomeUnknown: boolean;
  /** e.g. 'got no answer within 5 s of the cancel' */
  readonly phrase: string;
  constructor(what: string, write: boolean, phrase: string) {
    super(`${what} ${phrase}`);
    this.name = 'InFlightAbandonedError';
    this.outcomeUnknown = write;
    this.phrase = phrase;
  }
}

export interface CancellationOptions {
  graceMs?: number;
  listByMs?: number;
  hardStopMs?: number;
  now?: () => number;
  /** The shell's words for the cause, lower case: 'the run was cancelled (SIGINT)', 'interrupted with Ctrl+C'. */
  describe?: (signalName: string) => string;
}

type Processish = Pick<NodeJS.Process, 'on' | 'off'>;

/** One run's cancellation state, shared by the shell (signals, deadline) and the engine (requests). */
export class Cancellation {
  readonly graceMs: number;
  readonly listByMs: number;
  readonly hardStopMs: number;
  readonly #now: () => number;
  readonly #describe: (signalName: string) => string;
  readonly #controller = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #subscribers: ((signalName: string, repeated: boolean) => void)[] = [];
  #signalName: string | undefined;
  #cancelledAt = 0;
  #endGrace: () => void = () => undefined;
  readonly #graceOver: Promise<void>;
  #writesStarted = 0;
  #inFlight = 0;

  constructor(options: CancellationOptions = {}) {
    this.graceMs = options.graceMs ?? GRACE_MS;
    this.listByMs = options.listByMs ?? LIST_BY_MS;
    this.hardStopMs = options.hardStopMs ?? HARD_STOP_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#describe = options.describe ?? ((name) => `the run was cancelled (${name})`);
    this.#graceOver = new Promise((resolve) => (this.#endGrace = resolve));
  }

  /** Aborted at the first signal; its reason is a RunCancelledError. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get cancelled(): boolean {
    return this.#signalName !== undefined;
  }

  /** The shell's words for what happened, lower case, e.g. 'the run was cancelled (SIGTERM)'. */
  get cause(): string {
    return this.#describe(this.#signalName ?? 'SIGINT');
  }

  /** The same, as the start of a sentence: 'The run was cancelled (SIGTERM)'. */
  get causeSentence(): string {
    const cause = this.cause;
    return cause.charAt(0).toUpperCase() + cause.slice(1);
  }

  /** Writes (POST, PATCH, DELETE) that were sent, finished or not. */
  get writesStarted(): number {
    return this.#writesStarted;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Milliseconds left until `cancelledAt + offsetMs`; Infinity when not cancelled. */
  msLeft(offsetMs: number): number {
    return this.cancelled ? this.#cancelledAt + offsetMs - this.#now() : Number.POSITIVE_INFINITY;
  }

  /** The first call stops new requests and starts the grace; a second one ends the grace at once. */
  cancel(signalName: string): void {
    const repeated = this.cancelled;
    if (repeated) {
      this.#endGrace();
    } else {
      this.#signalName = signalName;
      this.#cancelledAt = this.#now();
      this.#controller.abort(new RunCancelledError(signalName));
      // unref: a run that has nothing left in flight must not be kept alive by this timer.
      this.#timers.push(setTimeout(() => this.#endGrace(), this.graceMs).unref());
    }
    for (const subscriber of this.#subscribers) subscriber(signalName, repeated);
  }

  /** Called on every signal, after the state has changed (to tell the user). */
  onCancel(subscriber: (signalName: string, repeated: boolean) => void): void {
    this.#subscribers.push(subscriber);
  }

  /** Listens for SIGINT and SIGTERM; the returned function stops listening and clears timers. */
  listen(proc: Processish = process): () => void {
    const onInt = (): void => this.cancel('SIGINT');
    const onTerm = (): void => this.cancel('SIGTERM');
    proc.on('SIGINT', onInt);
    proc.on('SIGTERM', onTerm);
    return () => {
      proc.off('SIGINT', onInt);
      proc.off('SIGTERM', onTerm);
      for (const timer of this.#timers) clearTimeout(timer);
    };
  }

  /** Resolves `hardStopMs` after the signal; never when no signal comes. */
  hardStop(): Promise<'hard-stop'> {
    return new Promise((resolve) => {
      const arm = (): void => {
        this.#timers.push(setTimeout(() => resolve('hard-stop'), Math.max(0, this.msLeft(this.hardStopMs))).unref());
      };
      if (this.cancelled) arm();
      else this.onCancel((_, repeated) => repeated || arm());
    });
  }

  /**
   * A sleep that a cancel cuts short: a retry after it would be a new request. It fails with
   * RunCancelledError, except for a caller that passes its own signal (the transport's wait under a
   * phase deadline): that wait ends quietly at once, and the transport, which checks the run's
   * signal before every attempt, sends nothing more.
   */
  sleeper(base: (ms: number, signal?: AbortSignal) => Promise<void>): (ms: number, signal?: AbortSignal) => Promise<void> {
    const stopped = (signal: AbortSignal | undefined): Promise<void> =>
      signal ? Promise.resolve() : Promise.reject(this.signal.reason as Error);
    return (ms, signal) => {
      if (this.cancelled) return stopped(signal);
      return new Promise<void>((resolve, reject) => {
        let cut = false;
        const onCancel = (): void => {
          cut = true;
          stopped(signal).then(resolve, reject);
        };
        this.signal.addEventListener('abort', onCancel, { once: true });
        // The caller's signal goes on to the timer, so a wait its deadline ends leaves no timer behind.
        base(ms, signal).then(
          () => {
            this.signal.removeEventListener('abort', onCancel);
            if (!cut) resolve();
          },
          (error: Error) => {
            this.signal.removeEventListener('abort', onCancel);
            if (!cut) reject(error);
          },
        );
      });
    };
  }

  /**
   * Runs `call` unless the run is cancelled, and gives up waiting for it when the grace ends. The
   * request itself is not stopped (the transport's own timeout or its closing ends it).
   */
  track<T>(what: string, write: boolean, call: () => Promise<T>): Promise<T> {
    if (this.cancelled) return Promise.reject(this.signal.reason as Error);
    if (write) this.#writesStarted++;
    this.#inFlight++;
    const request = call()
      .catch((error: unknown) => {
        // Sent, then refused a retry by the cancel: not "never sent", as RunCancelledError says.
        if (error instanceof RunCancelledError) throw new InFlightAbandonedError(what, write, 'was not retried after the cancel');
        throw error;
      })
      .finally(() => this.#inFlight--);
    const abandoned = this.#graceOver.then(() => {
      throw new InFlightAbandonedError(
        what,
        write,
        `got no answer within ${Math.round(this.graceMs / 100) / 10} s of the cancel`,
      );
    });
    // Whichever loses the race must not become an unhandled rejection.
    request.catch(() => undefined);
    abandoned.catch(() => undefined);
    return Promise.race([request, abandoned]);
  }
}

/** The client with every call gated and tracked by `cancel`. */
export function guardClient(client: VapiClient, cancel: Cancellation): VapiClient {
  return {
    listPhoneNumbers: (list) => cancel.track('GET /phone-number', false, () => client.listPhoneNumbers(list)),
    listAssistants: (list) => cancel.track('GET /assistant', false, () => client.listAssistants(list)),
    listSquads: (list) => cancel.track('GET /squad', false, () => client.listSquads(list)),
    getPhoneNumber: (id) => cancel.track(`GET /phone-number/${id}`, false, () => client.getPhoneNumber(id)),
    createPhoneNumber: (body) => cancel.track('POST /phone-number', true, () => client.createPhoneNumber(body)),
    updatePhoneNumber: (id, body) => cancel.track(`PATCH /phone-number/${id}`, true, () => client.updatePhoneNumber(id, body)),
    deletePhoneNumber: (id) => cancel.track(`DELETE /phone-number/${id}`, true, () => client.deletePhoneNumber(id)),
  };
}

/** True for the errors a cancellation produces (a request not sent, or one given up on). */
export function isCancellation(error: unknown): boolean {
  return error instanceof RunCancelledError || error instanceof InFlightAbandonedError;
}

/** Lists once within the time left before `listByMs`, or says why it did not. */
export async function listWithinDeadline(
  cancel: Cancellation,
  list: (timeoutMs: number) => Promise<RemoteNumber[]>,
): Promise<{ listing?: RemoteNumber[]; why?: string }> {
  const left = Math.floor(cancel.msLeft(cancel.listByMs));
  if (left < MIN_LIST_MS) return { why: 'no time was left to list the numbers' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the listing took longer than the ${left} ms left`)), left);
  });
  try {
    return { listing: await Promise.race([list(left), late]) };
  } catch (error) {
    return { why: `the listing after the cancel failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
