// The shapes VapiTransport (http.ts) is configured and called with, and answers in.
import type { Scrubber } from '../report/scrub.js';
import type { VapiWords } from './errors.js';
import type { RequesterOptions } from './request.js';

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
  /** An attempt unanswered this long is announced at the normal log level (`info`); unset: never. */
  slowAnswerMs?: number;
  debug?: (message: string) => void;
  /** Receives each retry after the first: a run that keeps waiting says why at the normal level. */
  info?: (message: string) => void;
  /** The run's scrubber, reading its secrets as they grow; applied to every answer text before any cut. */
  scrub?: Scrubber;
  /** Told every secret value an answer carries, before the answer is handed on or quoted. */
  revealed?: (secret: string) => void;
  /** Longest wait for a connection (lookup, TCP, TLS) within `requestTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Name resolution override, for tests of a connection that never gets made. */
  lookup?: RequesterOptions['lookup'];
  /** Where the proxy variables are read; process.env by default. */
  env?: Record<string, string | undefined>;
  random: () => number;
  /** Should end early when `signal` aborts; the transport stops waiting then either way. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted when the run is cancelled (src/cancel.ts): from then on no request is sent. */
  signal?: AbortSignal;
  /** How advice names the key and base-url: the shell's words; the action's by default. */
  words?: VapiWords;
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
  /** A request of the same listing the API accepted: a later 401 or 403 is then named a change of answer. */
  acceptedBefore?: string;
  /** The caller's deadline (a whole phase's): once aborted, the attempt or wait in progress stops. */
  deadline?: AbortSignal;
}

/** A successful (or accepted) answer: `body` is the parsed JSON, undefined when empty or not JSON. */
export interface ApiResponse {
  status: number;
  body: unknown;
  attempts: number;
  /** Set when a non-empty body is not JSON: what it was, scrubbed, e.g. `not JSON (content-type ...)`. */
  notJson?: string;
}
