import { setTimeout as sleep } from 'node:timers/promises';
import { VapiApiError, type VapiWords } from './errors.js';
import { VapiTransport, type ApiResponse, type HttpMethod, type RequestStats } from './http.js';
import { listAll } from './paging.js';
import type { Scrubber } from '../report/scrub.js';
import type { NamedResource, RemoteNumber, VapiClient } from './types.js';

export { VapiApiError, type VapiErrorKind } from './errors.js';
export { redactSecrets } from './redact.js';
export type { RequestStats } from './http.js';

/** How to reach Vapi and how patient to be with it. */
export interface VapiClientOptions {
  /** e.g. https://api.vapi.ai (a trailing slash is tolerated). */
  baseUrl: string;
  apiKey: string;
  /** Per request (connect, headers and body), default 30 000. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, default 5. */
  maxRetries?: number;
  /** First backoff step, default 500. */
  retryBaseMs?: number;
  /** Cap of the backoff (not of Retry-After), default 20 000. */
  retryMaxDelayMs?: number;
  /** A Retry-After longer than this fails the request instead of waiting, default 60 000. */
  maxRetryAfterMs?: number;
  /** Receives request and response lines, bodies redacted, never the key. */
  debug?: (message: string) => void;
  /** Receives each retry after the first, for the normal log: a run that keeps waiting says why. */
  info?: (message: string) => void;
  /** An attempt unanswered this long is announced through `info`, default 10 000. */
  slowAnswerMs?: number;
  /**
   * The run's scrubber (reading its secrets as they grow), applied to every answer text before any
   * of it is cut or shown; the key alone is hidden without it.
   */
  scrub?: Scrubber;
  /** Told every secret value an answer carries (a stored Twilio token, say) before it can be quoted. */
  revealed?: (secret: string) => void;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (either case), default process.env. */
  env?: Record<string, string | undefined>;
  /** Source of jitter, default Math.random. */
  random?: () => number;
  /** How the client waits between attempts (ending early if `signal` aborts); tests pass a recorder. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Once aborted, no request is sent (a cancelled run, src/cancel.ts). */
  signal?: AbortSignal;
  /** How advice names the key and base-url: the shell's words; the action's by default. */
  words?: VapiWords;
}

/** The client plus what tests and the debug log want to know about it. */
export interface VapiHttpClient extends VapiClient {
  /** Requests sent so far (a snapshot). */
  readonly stats: RequestStats;
  /** Closes the client's connection pool (idle connections never keep the process alive anyway). */
  close(): Promise<void>;
}

export function createVapiClient(options: VapiClientOptions): VapiHttpClient {
  const apiKey = options.apiKey.trim();
  if (apiKey === '') throw new Error('The Vapi API key is empty: set the api-key input (or VAPI_API_KEY)');
  // Checked here so the HTTP stack never gets to put the header value in an error of its own.
  if (/[\r\n\0]/.test(apiKey)) throw new Error('The Vapi API key contains a line break or NUL: copy it again');
  const transport = new VapiTransport({
    baseUrl: normaliseBaseUrl(options.baseUrl),
    apiKey,
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 30_000),
    maxRetries: whole('maxRetries', options.maxRetries, 5),
    retryBaseMs: whole('retryBaseMs', options.retryBaseMs, 500),
    retryMaxDelayMs: whole('retryMaxDelayMs', options.retryMaxDelayMs, 20_000),
    maxRetryAfterMs: whole('maxRetryAfterMs', options.maxRetryAfterMs, 60_000),
    slowAnswerMs: positive('slowAnswerMs', options.slowAnswerMs, 10_000),
    debug: options.debug,
    info: options.info,
    scrub: options.scrub,
    revealed: options.revealed,
    env: options.env,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? abortableSleep,
    signal: options.signal,
    words: options.words,
  });

  const send = (method: HttpMethod, path: string, body?: Record<string, unknown>) => transport.send({ method, path, body });
  const numberPath = (id: string) => `/phone-number/${encodeURIComponent(id)}`;

  return {
    get stats(): RequestStats {
      const { requests, retries, byMethod } = transport.stats;
      return { requests, retries, byMethod: { ...byMethod } };
    },
    close: () => transport.close(),

    async listPhoneNumbers(list) {
      return (await listAll(transport, '/phone-number', list)) as RemoteNumber[];
    },
    async listAssistants(list) {
      return named(await listAll(transport, '/assistant', list));
    },
    async listSquads(list) {
      return named(await listAll(transport, '/squad', list));
    },
    async getPhoneNumber(id) {
      return oneNumber('GET', numberPath(id), await send('GET', numberPath(id)));
    },
    async createPhoneNumber(body) {
      return oneNumber('POST', '/phone-number', await send('POST', '/phone-number', body));
    },
    async updatePhoneNumber(id, body) {
      return oneNumber('PATCH', numberPath(id), await send('PATCH', numberPath(id), body));
    },
    async deletePhoneNumber(id) {
      const response = await transport.send({ method: 'DELETE', path: numberPath(id), accept: [404] });
      return response.status === 404 ? 'gone' : 'deleted';
    },
  };
}

/**
 * A success answer must carry the number with its id. After a POST, one that does not is still a
 * number bought: the outcome is unknown and the caller has to list to find it.
 */
function oneNumber(method: HttpMethod, path: string, response: ApiResponse): RemoteNumber {
  const { body } = response;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const { id } = body as { id?: unknown };
    if (typeof id === 'string' && id !== '') return body as RemoteNumber;
  }
  const detail = response.notJson
    ? `a body that is ${response.notJson}`
    : body === undefined
      ? 'an empty body'
      : 'a body without a string id';
  const advice = method === 'POST' ? ' (the number may have been created: list the numbers before trying again)' : '';
  throw new VapiApiError(`${method} ${path} answered ${response.status} with ${detail}${advice}`, {
    method,
    path,
    kind: 'malformed',
    status: response.status,
    attempts: response.attempts,
    outcomeUnknown: method !== 'GET',
  });
}

/** Node's timer, ended early (quietly) when the signal aborts, so no wait outlives a deadline. */
async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function named(items: Record<string, unknown>[]): NamedResource[] {
  return items.map((item) => {
    const resource: NamedResource = { id: item.id as string };
    if (typeof item.name === 'string') resource.name = item.name;
    return resource;
  });
}

function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(`Invalid Vapi base URL '${baseUrl}': expected an http(s) URL such as https://api.vapi.ai`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid Vapi base URL '${baseUrl}': expected an http(s) URL such as https://api.vapi.ai`);
  }
  if (url.search || url.hash || url.username || url.password) {
    // Not echoed: it may hold credentials.
    throw new Error('Invalid Vapi base URL: expected no query, fragment or credentials');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function whole(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`Invalid ${name} ${value}: expected a whole number >= 0`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Invalid ${name} ${value}: expected a number > 0`);
  return value;
}
