import { STATUS_CODES } from 'node:http';

/** Why a Vapi request failed: drives the hint in the message and whether retrying could help. */
export type VapiErrorKind =
  | 'http' // the API answered with an error status
  | 'timeout' // no complete answer within requestTimeoutMs
  | 'network' // connection refused, reset, closed...
  | 'retry-after' // the API asked to wait longer than this run allows
  | 'malformed' // a success answer that is not what the API documents
  | 'incomplete'; // a listing whose completeness cannot be shown

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
  /** Vapi's own `message`, a list joined with "; ", or a snippet of a non-JSON body. */
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

const SNIPPET_CHARS = 200;

/**
 * Vapi errors are `{statusCode, message, error}` where `message` is a string or a list of strings
 * (one per failed validation). Anything else (a proxy's HTML page, say) is quoted as a snippet.
 */
export function apiMessageOf(body: unknown, text: string): string | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const { message, error } = body as Record<string, unknown>;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
    if (Array.isArray(message)) {
      const parts = message.map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
      if (parts.length > 0) return parts.join('; ');
    }
    if (typeof error === 'string' && error.trim() !== '') return error.trim();
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return undefined;
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}...` : flat;
}

export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
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
  apiMessage?: string;
  attempts: number;
}

/** What the user should do about an error status, where it is clear. */
export function hintFor(failure: HttpFailure): string | undefined {
  const { method, path, status, attempts } = failure;
  if (status === 401 || status === 403) {
    return "check the api-key secret: it must be a private API key (not the public one) of the org being managed, and base-url must be that org's region (https://api.eu.vapi.ai for EU orgs)";
  }
  if (status === 404) {
    return namesOneResource(path)
      ? 'no such resource: it may have been deleted outside this run'
      : 'the endpoint was not found: check base-url';
  }
  if (status === 429) return `rate limited by Vapi (gave up after ${attempts} attempts): wait and run again`;
  if (status >= 500) {
    if (method === 'POST') return 'the request may have been processed: list the numbers before trying again';
    return attempts > 1 ? `Vapi kept failing (${attempts} attempts): try again later` : undefined;
  }
  return undefined;
}

export function httpFailureMessage(failure: HttpFailure): string {
  const parts = [`${failure.method} ${failure.path} failed: ${statusLine(failure.status)}`];
  if (failure.apiMessage) parts.push(failure.apiMessage);
  const hint = hintFor(failure);
  return hint ? `${parts.join(': ')} (${hint})` : parts.join(': ');
}
