import { STATUS_CODES } from 'node:http';
import { ACTION_WORDS, type ShellWords } from '../shell-words.js';

/** How advice names the API key, base-url and this machine: the shell's words (src/shell-words.ts). */
export type VapiWords = Pick<ShellWords, 'apiKey' | 'baseUrl' | 'thisMachine'>;

/** Why a Vapi request failed: drives the hint in the message and whether retrying could help. */
export type VapiErrorKind =
  | 'http' // the API answered with an error status
  | 'timeout' // no complete answer within requestTimeoutMs
  | 'network' // connection refused, reset, closed...
  | 'retry-after' // the API asked to wait longer than this run allows
  | 'malformed' // a success answer that is not what the API documents
  | 'incomplete' // a listing whose completeness cannot be shown
  | 'deadline'; // the caller's deadline for a whole phase passed first

export interface VapiApiErrorInit {
  method: string;
  path: string;
  kind: VapiErrorKind;
  outcomeUnknown: boolean;
  attempts: number;
  status?: number;
  apiMessage?: string;
}

/** A failed call to the Vapi API. The message names the request, quotes the API and says what to do. */
export class VapiApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly kind: VapiErrorKind;
  readonly status?: number;
  /** Vapi's own `message` (a list joined with "; "), or what a proxy's page or text said; scrubbed. */
  readonly apiMessage?: string;
  /**
   * True when the request may have been processed although it failed (timeout, reset, 5xx after a
   * write was sent): the caller must re-list before assuming nothing happened.
   */
  readonly outcomeUnknown: boolean;
  /** How many requests were sent, retries included. */
  readonly attempts: number;

  constructor(message: string, init: VapiApiErrorInit) {
    super(message);
    this.name = 'VapiApiError';
    this.method = init.method;
    this.path = init.path;
    this.kind = init.kind;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.outcomeUnknown = init.outcomeUnknown;
    this.attempts = init.attempts;
  }
}

export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** A wait as the log shows it: `1.2 s`. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Whether the path names one resource (`/phone-number/{id}`) rather than a collection. */
function namesOneResource(path: string): boolean {
  const bare = path.split('?')[0] ?? path;
  return bare.split('/').filter((part) => part !== '').length >= 2;
}

export interface HttpFailure {
  method: string;
  path: string;
  status: number;
  attempts: number;
  /** Vapi's message, or the title or text of a proxy's answer: scrubbed and short. */
  apiMessage?: string;
  /** Set when the body was not Vapi's JSON: how to name it, e.g. `an HTML page titled "..."`. */
  foreignBody?: string;
  /** A redirect's target, scrubbed, resolved against the request URL. */
  location?: string;
  /** The request URL, to tell what a redirect changed. */
  url?: string;
  /** A request of the same listing the API accepted before this one was refused. */
  acceptedBefore?: string;
  /** The proxy variable in force for base-url, named in advice. */
  proxyVariable?: string;
}

/** What the user should do about an error status, where it is clear. */
export function hintFor(failure: HttpFailure, words: VapiWords = ACTION_WORDS): string | undefined {
  const { method, path, status, attempts } = failure;
  if (status >= 300 && status < 400) return redirectHint(failure, words);
  if (failure.foreignBody !== undefined) {
    if (method === 'POST' && status >= 500) {
      return 'the request may have been passed on and processed: list the numbers before trying again';
    }
    const times = attempts > 1 ? `, ${attempts} times` : '';
    return (
      `Vapi answers errors in JSON, so something between ${words.thisMachine} and Vapi answered${times}: check ${words.baseUrl}` +
      `${failure.proxyVariable ? ` and the proxy in ${failure.proxyVariable} (or NO_PROXY)` : ''}, or try again later`
    );
  }
  if ((status === 401 || status === 403) && failure.acceptedBefore !== undefined) {
    return (
      `the key was accepted for ${failure.acceptedBefore} earlier in this listing, so the API changed its answer: ` +
      `the key may have been revoked or rotated meanwhile; check ${words.apiKey} and run again`
    );
  }
  if (status === 401 || status === 403) {
    return (
      `check ${words.apiKey}: it must be a private API key (not the public one) of the org being managed, ` +
      `and ${words.baseUrl} must be that org's region (https://api.eu.vapi.ai for EU orgs)`
    );
  }
  if (status === 404) {
    return namesOneResource(path)
      ? 'no such resource: it may have been deleted outside this run'
      : `the endpoint was not found: check ${words.baseUrl}`;
  }
  if (status === 429) return `rate limited by Vapi (gave up after ${attempts} attempts): wait and run again`;
  if (status >= 500) {
    if (method === 'POST') return 'the request may have been processed: list the numbers before trying again';
    return attempts > 1 ? `Vapi kept failing (${attempts} attempts): try again later` : undefined;
  }
  return undefined;
}

/** A redirect is never followed: it would send the key in the Authorization header to wherever it points. */
function redirectHint(failure: HttpFailure, words: VapiWords): string {
  const unfollowed = 'not followed, as a redirect could carry the API key elsewhere';
  if (failure.location === undefined) return `a redirect without a Location, ${unfollowed}: check ${words.baseUrl}`;
  const suggested = baseUrlOf(failure.location, failure.path);
  const move = suggested ? `; if the new address is Vapi's, set ${words.baseUrl} to ${suggested}` : '';
  return `${unfollowed}: check ${words.baseUrl}${move}`;
}

/** The base URL a redirect points to: its target without the request's own path, else its origin. */
function baseUrlOf(location: string, path: string): string | undefined {
  if (location.endsWith(path) && /^https?:\/\/[^/]+/i.test(location)) return location.slice(0, -path.length);
  const origin = /^https?:\/\/[^/?#]+/i.exec(location)?.[0];
  return origin;
}

/** `502 Bad Gateway: <message>`, or what a proxy said instead: what went wrong, without the request. */
export function failureDetail(failure: HttpFailure): string {
  const { status } = failure;
  if (status >= 300 && status < 400) return `${statusLine(status)}${failure.location ? ` to ${failure.location}` : ''}`;
  if (failure.foreignBody !== undefined) {
    return `a proxy or gateway answered ${statusLine(status)} with ${failure.foreignBody}`;
  }
  return `${statusLine(status)}${failure.apiMessage ? `: ${failure.apiMessage}` : ''}`;
}

/** `GET /x failed: 502 Bad Gateway: <message>`: the part of the message before the hint. */
export function failureHead(failure: HttpFailure): string {
  return `${failure.method} ${failure.path} failed: ${failureDetail(failure)}`;
}

export function httpFailureMessage(failure: HttpFailure, words: VapiWords = ACTION_WORDS): string {
  const hint = hintFor(failure, words);
  return hint ? `${failureHead(failure)} (${hint})` : failureHead(failure);
}
