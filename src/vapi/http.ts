import { clipScrubbed, createScrubber, secretsInAnswer, type Scrubber } from '../report/scrub.js';
import { describeNotJson, describeSuccessBody, parseJson, readErrorBody, redirectTarget } from './body.js';
import { stoppedError, waitUnlessStopped, type Stop } from './deadline.js';
import { VapiApiError, failureDetail, failureHead, httpFailureMessage, seconds, statusLine, type HttpFailure } from './errors.js';
import { Pacer } from './pacing.js';
import { redactSecrets } from './redact.js';
import { HttpRequester, PROXY_REFUSED_CODE, RESPONSE_TIMEOUT_CODE, isLoopbackUrl, type HttpAnswer } from './request.js';
import type { ApiResponse, HttpMethod, RequestStats, SendOptions, TransportSettings } from './transport-types.js';
import { backoffDelay, isRetryableStatus, networkErrorCode, neverSent, parseRetryAfter } from './retry.js';

export type { ApiResponse, HttpMethod, RequestStats, SendOptions, TransportSettings } from './transport-types.js';

type Attempt =
  | ({ type: 'response'; ms: number } & HttpAnswer)
  | { type: 'timeout'; ms: number }
  | { type: 'network'; code: string; detail?: string; ms: number }
  | { type: 'stopped'; ms: number };

// Below this length a "key" is a test placeholder; scrubbing it from text would mangle messages.
const MIN_SCRUBBED_KEY_LENGTH = 8;
const LOGGED_BODY_CHARS = 2000;
// Attempts at a loopback base URL that refuses connections: about 1.5 s with the default backoff.
const LOOPBACK_REFUSED_ATTEMPTS = 3;

/** Sends JSON requests to Vapi with auth, a per-request timeout, retries, debug lines and counts. */
export class VapiTransport {
  readonly stats: RequestStats = { requests: 0, retries: 0, byMethod: {} };
  readonly #settings: TransportSettings;
  readonly #pacer: Pacer;
  readonly #http: HttpRequester;
  readonly #scrubKey: Scrubber;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#pacer = new Pacer({ now: () => performance.now(), sleep: settings.sleep });
    this.#http = new HttpRequester({
      connectTimeoutMs: settings.connectTimeoutMs,
      responseTimeoutMs: settings.requestTimeoutMs,
      lookup: settings.lookup,
      env: settings.env,
    });
    // The key is never sent anywhere but the auth header; this catches an API that echoes it.
    this.#scrubKey = createScrubber(settings.apiKey.length >= MIN_SCRUBBED_KEY_LENGTH ? [settings.apiKey] : []);
  }

  async send(options: SendOptions): Promise<ApiResponse> {
    // A cancelled run starts no new request (not even the next page of a listing); throws the
    // signal's reason. Requests already sent are left to finish: see src/cancel.ts.
    this.#settings.signal?.throwIfAborted();
    const { method, path, deadline } = options;
    const settings = this.#settings;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined)
      this.#debug(`vapi -> ${method} ${path} ${this.#clip(JSON.stringify(redactSecrets(options.body)))}`);
    let lastFailure = '';

    for (let attempt = 1; ; attempt++) {
      const startedAt = await this.#pacer.turn();
      const outcome = await this.#attempt(method, path, payload, attempt, deadline);
      if (outcome.type === 'response' && outcome.status !== 429) this.#pacer.granted(startedAt);
      const canRetry = attempt <= settings.maxRetries;
      let waitMs: number;
      let reason: string;

      if (outcome.type === 'stopped') {
        this.#debug(`vapi <- ${method} ${path} stopped after ${outcome.ms} ms (the caller's deadline passed)`);
        throw this.#stopped({ method, path, attempt, doing: `waiting for the answer to attempt ${attempt}`, lastFailure });
      }
      if (outcome.type === 'response') {
        const { status, text } = outcome;
        const body = parseJson(text);
        // Before anything is quoted: an error may repeat a value only this answer revealed.
        for (const secret of secretsInAnswer(body)) settings.revealed?.(secret);
        if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
          const notJson = describeNotJson(body, text, outcome.contentType, this.#scrub);
          const described = notJson ? ` (${notJson})` : describeSuccessBody(method, body, (json) => this.#clip(json));
          this.#debug(`vapi <- ${method} ${path} ${status} in ${outcome.ms} ms${described}`);
          return { status, body, attempts: attempt, ...(notJson ? { notJson } : {}) };
        }
        const failure: HttpFailure = {
          method,
          path,
          status,
          attempts: attempt,
          acceptedBefore: options.acceptedBefore,
          proxyVariable: this.#http.proxyVariable(settings.baseUrl),
          ...(status >= 300 && status < 400
            ? { location: redirectTarget(outcome.location, settings.baseUrl + path, this.#scrub) }
            : readErrorBody(body, text, outcome.contentType, this.#scrub)),
        };
        this.#debug(`vapi <- ${method} ${path} ${status} in ${outcome.ms} ms: ${failureDetail(failure)}`);
        // A 429 means the request was refused unprocessed, so even a POST may go again; a 5xx on a
        // POST may have bought a number already, and there is no idempotency key to make a second
        // POST safe.
        const retryable = isRetryableStatus(status) && (method !== 'POST' || status === 429);
        const init = { method, path, status, apiMessage: failure.apiMessage, attempts: attempt };
        const outcomeUnknown = method !== 'GET' && status >= 500;
        if (!retryable || !canRetry)
          throw this.#error(httpFailureMessage(failure, settings.words), { ...init, kind: 'http', outcomeUnknown });
        const retryAfterMs = parseRetryAfter(outcome.retryAfter);
        if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) {
          const message =
            `${failureHead(failure)} (${failure.foreignBody ? 'it' : 'Vapi'} asked to wait ${seconds(retryAfterMs)} ` +
            `(Retry-After) before retrying, more than the ${seconds(settings.maxRetryAfterMs)} this run allows: try again later)`;
          throw this.#error(message, { ...init, kind: 'retry-after', outcomeUnknown });
        }
        waitMs = Math.max(this.#backoff(attempt), retryAfterMs ?? 0);
        reason = statusLine(status) + (retryAfterMs === undefined ? '' : `, Retry-After ${seconds(retryAfterMs)}`);
        if (status === 429) {
          this.#pacer.limited(waitMs, startedAt);
          if (this.#pacer.intervalMs > 0) reason += `; pacing requests ${Math.round(this.#pacer.intervalMs)} ms apart`;
        }
        lastFailure = `answered ${statusLine(status)}`;
      } else {
        // A connection that was never made (refused, unresolvable, or not made in time) carried nothing.
        const sent = outcome.type === 'timeout' || !neverSent(outcome.code);
        const what =
          outcome.type === 'timeout'
            ? `timed out after ${settings.requestTimeoutMs} ms (requestTimeoutMs)`
            : `failed: network error ${outcome.code}${sent ? '' : ` connecting to ${this.#where()}`}` +
              (outcome.detail ? ` (${outcome.detail})` : '');
        this.#debug(`vapi <- ${method} ${path} ${what} in ${outcome.ms} ms`);
        // Nothing listening on this machine is a sandbox not started (or started on another port):
        // retrying for ten seconds would only delay saying so.
        const nothingListening = outcome.type === 'network' && outcome.code === 'ECONNREFUSED' && isLoopbackUrl(settings.baseUrl);
        const giveUp = !canRetry || (nothingListening && attempt >= LOOPBACK_REFUSED_ATTEMPTS);
        // Only reads and idempotent writes go again: a POST that may have reached Vapi is final.
        if (method === 'POST' || giveUp) {
          const outcomeUnknown = method !== 'GET' && sent;
          const advice = outcomeUnknown
            ? ' (the request may have been processed: list the numbers before trying again)'
            : nothingListening
              ? ` (${attemptsText(attempt)}nothing accepts connections there: start \`vapi-numbers sandbox\` on that port, or check ${this.#baseUrlWord()})`
              : attempt > 1
                ? ` (after ${attempt} attempts: check the network and ${this.#baseUrlWord()}${this.#proxyAdvice()})`
                : '';
          throw this.#error(`${method} ${path} ${what}${advice}`, {
            method,
            path,
            kind: outcome.type,
            attempts: attempt,
            outcomeUnknown,
          });
        }
        waitMs = this.#backoff(attempt);
        reason = outcome.type === 'timeout' ? 'timeout' : outcome.code;
        lastFailure = what;
      }

      this.stats.retries++;
      // The first retry is routine (debug); from the second on, or after a long wait, a run that has
      // gone quiet says why at the normal level, once (not again at debug).
      if (attempt >= 2 || outcome.ms >= (settings.slowAnswerMs ?? Number.POSITIVE_INFINITY)) {
        settings.info?.(
          this.#scrub(`${method} ${path}: retry ${attempt} of ${settings.maxRetries} in ${seconds(waitMs)} (${reason})`),
        );
      } else {
        this.#debug(`vapi: retry ${attempt}/${settings.maxRetries} of ${method} ${path} in ${waitMs} ms (${reason})`);
      }
      await waitUnlessStopped(settings.sleep, waitMs, deadline);
      // A cancel during the wait: the next attempt would be a new request (src/cancel.ts).
      settings.signal?.throwIfAborted();
      if (deadline?.aborted) {
        const doing = `waiting ${seconds(waitMs)} to send attempt ${attempt + 1}`;
        throw this.#stopped({ method, path, attempt: attempt + 1, doing, lastFailure });
      }
    }
  }

  /**
   * Closes the pooled connections. Optional: idle ones never keep the process alive (see
   * request.ts), so a run that ends without calling it still exits at once.
   */
  async close(): Promise<void> {
    await this.#http.close();
  }

  async #attempt(
    method: HttpMethod,
    path: string,
    payload: string | undefined,
    attempt: number,
    deadline: AbortSignal | undefined,
  ): Promise<Attempt> {
    const settings = this.#settings;
    this.stats.requests++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    const headers: Record<string, string> = {
      authorization: `Bearer ${settings.apiKey}`,
      accept: 'application/json',
      // As fetch did: a 1,000-number listing page is about a megabyte of JSON before compression.
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'vapi-numbers',
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';

    // One deadline for connect, headers and the whole body, so a slowly dripping answer cannot
    // outlive it (a per-read idle timeout would let it).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.requestTimeoutMs);
    const stop = (): void => controller.abort();
    deadline?.addEventListener('abort', stop);
    if (deadline?.aborted) controller.abort();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // A run whose requests hang must not stay silent for a whole request timeout (30 s) or more.
    const slowAnswerMs = settings.slowAnswerMs;
    const slow =
      slowAnswerMs !== undefined && settings.requestTimeoutMs > slowAnswerMs && settings.info
        ? setTimeout(() => {
            settings.info?.(
              this.#scrub(
                `${method} ${path}: no answer after ${seconds(slowAnswerMs)} to attempt ${attempt}; ` +
                  `waiting up to ${seconds(settings.requestTimeoutMs)} (the request timeout)`,
              ),
            );
          }, slowAnswerMs).unref()
        : undefined;
    try {
      const answer = await this.#http.send({
        method,
        url: settings.baseUrl + path,
        headers,
        body: payload,
        signal: controller.signal,
      });
      return { type: 'response', ...answer, ms: elapsed() };
    } catch (error) {
      if (deadline?.aborted) return { type: 'stopped', ms: elapsed() };
      const code = networkErrorCode(error);
      if (controller.signal.aborted || code === RESPONSE_TIMEOUT_CODE) return { type: 'timeout', ms: elapsed() };
      // A proxy's refusal is the one network error whose words help: it says which status the proxy gave.
      if (code === PROXY_REFUSED_CODE)
        return { type: 'network', code, detail: `${(error as Error).message}: check HTTPS_PROXY and NO_PROXY`, ms: elapsed() };
      if (code !== undefined) return { type: 'network', code, ms: elapsed() };
      // Not a connection failure (a bad base URL, say): never retried, and a write might have left.
      const detail = error instanceof Error ? error.message : String(error);
      throw this.#error(`${method} ${path} failed: ${detail}`, {
        method,
        path,
        kind: 'network',
        attempts: attempt,
        outcomeUnknown: method !== 'GET',
      });
    } finally {
      clearTimeout(timer);
      clearTimeout(slow);
      deadline?.removeEventListener('abort', stop);
    }
  }

  /** Where a connection was tried: the base URL's origin, and the proxy in between if any. */
  #where(): string {
    const variable = this.#http.proxyVariable(this.#settings.baseUrl);
    return origin(this.#settings.baseUrl) + (variable ? ` through the proxy in ${variable}` : '');
  }

  /** How advice names base-url: the shell's word for it. */
  #baseUrlWord(): string {
    return this.#settings.words?.baseUrl ?? 'base-url';
  }

  /** A proxy the environment names for the base URL is as likely a culprit as the network. */
  #proxyAdvice(): string {
    const variable = this.#http.proxyVariable(this.#settings.baseUrl);
    return variable ? `, and the proxy in ${variable} (or NO_PROXY)` : '';
  }

  #backoff(retry: number): number {
    const { retryBaseMs, retryMaxDelayMs, random } = this.#settings;
    return backoffDelay(retry, { baseMs: retryBaseMs, maxDelayMs: retryMaxDelayMs, random });
  }

  #stopped(stop: Omit<Stop, 'maxAttempts'>): VapiApiError {
    const error = stoppedError({ ...stop, maxAttempts: this.#settings.maxRetries + 1 });
    error.message = this.#scrub(error.message);
    return error;
  }

  #error(message: string, init: ConstructorParameters<typeof VapiApiError>[1]): VapiApiError {
    return new VapiApiError(this.#scrub(message), init);
  }

  #debug(line: string): void {
    this.#settings.debug?.(this.#scrub(line));
  }

  /** Every known secret, then the key, hidden: run on whole texts, before any is cut. */
  readonly #scrub = (text: string): string => this.#scrubKey(this.#settings.scrub ? this.#settings.scrub(text) : text);

  #clip(text: string): string {
    return clipScrubbed(this.#scrub(text), LOGGED_BODY_CHARS);
  }
}

/** The scheme, host and port of the base URL: where a connection was tried. */
function origin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

function attemptsText(attempts: number): string {
  return attempts > 1 ? `after ${attempts} attempts: ` : '';
}
