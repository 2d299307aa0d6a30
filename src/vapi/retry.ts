// When and how long to wait before sending a request again. Pure functions: the loop is in http.ts.
import { CONNECT_TIMEOUT_CODE, PROXY_REFUSED_CODE, RESPONSE_TIMEOUT_CODE } from './request.js';

/** Statuses worth another try: rate limiting and a struggling or restarting server. */
const RETRYABLE_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/**
 * Error codes (Node's, and request.ts's own for undici's timeouts and a proxy's refusal) that mean the connection failed, not
 * the API. Some also mean the request never left this machine, which matters for POST (`neverSent`).
 */
const NETWORK_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  CONNECT_TIMEOUT_CODE,
  PROXY_REFUSED_CODE,
  RESPONSE_TIMEOUT_CODE,
];

/** Codes that prove no byte of the request reached the server: the connection was never made. */
const NEVER_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', CONNECT_TIMEOUT_CODE, PROXY_REFUSED_CODE];

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.includes(status);
}

/** The code of a connection-level failure (looking through `cause` chains), or undefined. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.includes(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function neverSent(code: string): boolean {
  return NEVER_SENT_CODES.includes(code);
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds or an HTTP date. Undefined when
 * absent, zero, in the past or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const ms = Math.ceil(Number(value) * 1000);
    return ms > 0 ? ms : undefined;
  }
  // Only something that looks like an HTTP date: Date.parse also accepts bare numbers like "-1".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const ms = at - now;
  return ms > 0 ? ms : undefined;
}

export interface BackoffOptions {
  baseMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Equal-jitter exponential backoff before retry number `retry` (1 for the first retry): half the
 * capped exponential step is fixed, half is random. Equal rather than full jitter so a retry is
 * never sent almost at once after a failure.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseMs * 2 ** (retry - 1));
  const jitter = Math.min(Math.max(options.random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * jitter);
}
