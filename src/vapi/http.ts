import { VapiApiError, apiMessageOf, httpFailureMessage, statusLine } from './errors.js';
import { Pacer } from './pacing.js';
import { redactSecrets } from './redact.js';
import { HttpRequester, PROXY_REFUSED_CODE, RESPONSE_TIMEOUT_CODE, type RequesterOptions } from './request.js';
import { backoffDelay, isRetryableStatus, networkErrorCode, neverSent, parseRetryAfter } from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Settings of the transport, defaults already applied (see `VapiClientOptions`). */
export interface TransportSettings {
  baseUrl: string;
  apiKey: string;
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  maxRetryAfterMs: number;
  debug?: (message: string) => void;
  /** Longest wait for a connection (lookup, TCP, TLS) within `requestTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Name resolution override, for tests of a connection that never gets made. */
  lookup?: RequesterOptions['lookup'];
  /** Where the proxy variables are read; process.env by default. */
  env?: Record<string, string | undefined>;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Requests sent so far: every attempt counts, `retries` counts the repeated ones. */
export interface RequestStats {
  requests: number;
  retries: number;
  byMethod: Record<string, number>;
}

export interface SendOptions {
  method: HttpMethod;
  /** Path and query, starting with `/`. */
  path: string;
  body?: Record<string, unknown>;
  /** Error statuses handed back to the caller instead of thrown (404 for DELETE). */
  accept?: readonly number[];
}

/** A successful (or accepted) answer: `body` is the parsed JSON, undefined when empty or not JSON. */
export interface ApiResponse {
  status: number;
  body: unknown;
  attempts: number;
}

type Attempt =
  | { type: 'response'; status: number; retryAfter: string | string[] | undefined; text: string; ms: number }
  | { type: 'timeout'; ms: number }
  | { type: 'network'; code: string; detail?: string; ms: number };

// Below this length a "key" is a test placeholder; scrubbing it from text would mangle messages.
const MIN_SCRUBBED_KEY_LENGTH = 8;
const LOGGED_BODY_CHARS = 2000;

/** Sends JSON requests to Vapi with auth, a per-request timeout, retries, debug lines and counts. */
export class VapiTransport {
  readonly stats: RequestStats = { requests: 0, retries: 0, byMethod: {} };
  readonly #settings: TransportSettings;
  readonly #pacer: Pacer;
  readonly #http: HttpRequester;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#pacer = new Pacer({ now: () => performance.now(), sleep: settings.sleep });
    this.#http = new HttpRequester({
      connectTimeoutMs: settings.connectTimeoutMs,
      responseTimeoutMs: settings.requestTimeoutMs,
      lookup: settings.lookup,
      env: settings.env,
    });
  }

  async send(options: SendOptions): Promise<ApiResponse> {
    const { method, path } = options;
    const settings = this.#settings;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined) this.#debug(`vapi -> ${method} ${path} ${clip(JSON.stringify(redactSecrets(options.body)))}`);

    for (let attempt = 1; ; attempt++) {
      const startedAt = await this.#pacer.turn();
      const outcome = await this.#attempt(method, path, payload, attempt);
      if (outcome.type === 'response' && outcome.status !== 429) this.#pacer.granted(startedAt);
      const canRetry = attempt <= settings.maxRetries;
      let waitMs: number;
      let reason: string;

      if (outcome.type === 'response') {
        const { status, text } = outcome;
        const body = parseJson(text);
        if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
          this.#debug(`vapi <- ${method} ${path} ${status} in ${outcome.ms} ms${describeBody(method, body)}`);
          return { status, body, attempts: attempt };
        }
        const apiMessage = apiMessageOf(body, text);
        const shown = apiMessage === undefined ? undefined : this.#scrub(apiMessage);
        this.#debug(`vapi <- ${method} ${path} ${status} in ${outcome.ms} ms${shown ? `: ${shown}` : ''}`);
        // A 429 means the request was refused unprocessed, so even a POST may go again; a 5xx on a
        // POST may have bought a number already, and there is no idempotency key to make a second
        // POST safe.
        const retryable = isRetryableStatus(status) && (method !== 'POST' || status === 429);
        if (!retryable || !canRetry) {
          throw this.#error(httpFailureMessage({ method, path, status, apiMessage: shown, attempts: attempt }), {
            method,
            path,
            kind: 'http',
            status,
            apiMessage: shown,
            attempts: attempt,
            outcomeUnknown: method !== 'GET' && status >= 500,
          });
        }
        const retryAfterMs = parseRetryAfter(outcome.retryAfter);
        if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) {
          const message =
            `${method} ${path} failed: ${statusLine(status)}${shown ? `: ${shown}` : ''} (Vapi asked to wait ` +
            `${seconds(retryAfterMs)} (Retry-After) before retrying, more than the ${seconds(settings.maxRetryAfterMs)} ` +
            'this run allows: try again later)';
          throw this.#error(message, {
            method,
            path,
            kind: 'retry-after',
            status,
            apiMessage: shown,
            attempts: attempt,
            outcomeUnknown: method !== 'GET' && status >= 500,
          });
        }
        waitMs = Math.max(this.#backoff(attempt), retryAfterMs ?? 0);
        reason = statusLine(status) + (retryAfterMs === undefined ? '' : `, Retry-After ${seconds(retryAfterMs)}`);
        if (status === 429) {
          this.#pacer.limited(waitMs);
          if (this.#pacer.intervalMs > 0) reason += `; pacing requests ${Math.round(this.#pacer.intervalMs)} ms apart`;
        }
      } else {
        const what =
          outcome.type === 'timeout'
            ? `timed out after ${settings.requestTimeoutMs} ms (requestTimeoutMs)`
            : `failed: network error ${outcome.code}${outcome.detail ? ` (${outcome.detail})` : ''}`;
        this.#debug(`vapi <- ${method} ${path} ${what} in ${outcome.ms} ms`);
        // A connection that was never made (refused, unresolvable, or not made in time) carried nothing.
        const sent = outcome.type === 'timeout' || !neverSent(outcome.code);
        // Only reads and idempotent writes go again: a POST that may have reached Vapi is final.
        if (method === 'POST' || !canRetry) {
          const outcomeUnknown = method !== 'GET' && sent;
          const advice = outcomeUnknown
            ? ' (the request may have been processed: list the numbers before trying again)'
            : attempt > 1
              ? ` (after ${attempt} attempts: check the network and base-url${this.#proxyAdvice()})`
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
      }

      this.stats.retries++;
      this.#debug(`vapi: retry ${attempt}/${settings.maxRetries} of ${method} ${path} in ${waitMs} ms (${reason})`);
      await settings.sleep(waitMs);
    }
  }

  /**
   * Closes the pooled connections. Optional: idle ones never keep the process alive (see
   * request.ts), so a run that ends without calling it still exits at once.
   */
  async close(): Promise<void> {
    await this.#http.close();
  }

  async #attempt(method: HttpMethod, path: string, payload: string | undefined, attempt: number): Promise<Attempt> {
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
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const answer = await this.#http.send({
        method,
        url: settings.baseUrl + path,
        headers,
        body: payload,
        signal: controller.signal,
      });
      return { type: 'response', status: answer.status, retryAfter: answer.retryAfter, text: answer.text, ms: elapsed() };
    } catch (error) {
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
    }
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

  #error(message: string, init: ConstructorParameters<typeof VapiApiError>[1]): VapiApiError {
    return new VapiApiError(this.#scrub(message), init);
  }

  #debug(line: string): void {
    this.#settings.debug?.(this.#scrub(line));
  }

  /** The key is never sent anywhere but the auth header; this catches an API that echoes it. */
  #scrub(text: string): string {
    const key = this.#settings.apiKey;
    return key.length >= MIN_SCRUBBED_KEY_LENGTH ? text.split(key).join('***') : text;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeBody(method: HttpMethod, body: unknown): string {
  if (body === undefined) return '';
  if (Array.isArray(body)) return ` (${body.length} items)`;
  const results = typeof body === 'object' && body !== null && 'results' in body ? body.results : undefined;
  if (Array.isArray(results)) return ` (${results.length} items)`;
  // Answers to writes are single numbers: worth seeing, secrets hidden (GET may return them).
  return method === 'GET' ? '' : ` ${clip(JSON.stringify(redactSecrets(body)))}`;
}

function clip(text: string): string {
  return text.length > LOGGED_BODY_CHARS ? `${text.slice(0, LOGGED_BODY_CHARS)}...` : text;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
