// What an answer's body says, for messages. Every text is scrubbed whole before any of it is cut,
// so a cut can never leave part of a secret behind.
import { clipScrubbed, type Scrubber } from '../report/scrub.js';
import { redactSecrets } from './redact.js';

const SNIPPET_CHARS = 200;
const TITLE_CHARS = 120;
const OPENING_CHARS = 80;

/** An error body read for a message: Vapi's own words, or what answered instead of Vapi. */
export interface ErrorBody {
  /** Vapi's `message` (a list joined with "; "), or a proxy page's title or text. Scrubbed. */
  apiMessage?: string;
  /** Set when the body is not JSON: how to name it, e.g. `an HTML page titled "502 Bad Gateway"`. */
  foreignBody?: string;
}

/** The parsed JSON of a body; undefined when empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Vapi errors are `{statusCode, message, error}` where `message` is a string or a list of strings
 * (one per failed validation). A body that is not JSON at all (an HTML page, a line of text) was
 * written by a proxy or gateway in front of the API, and is named so.
 */
export function readErrorBody(body: unknown, text: string, contentType: string | undefined, scrub: Scrubber): ErrorBody {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const { message, error } = body as Record<string, unknown>;
    if (typeof message === 'string' && message.trim() !== '') return { apiMessage: scrub(message.trim()) };
    if (Array.isArray(message) && message.length > 0) {
      const parts = message.map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
      return { apiMessage: scrub(parts.join('; ')) };
    }
    if (typeof error === 'string' && error.trim() !== '') return { apiMessage: scrub(error.trim()) };
  }
  if (text.trim() === '') return {};
  const flat = oneLine(text, scrub);
  if (body !== undefined) return { apiMessage: clipScrubbed(flat, SNIPPET_CHARS) };
  if (!isHtml(text, contentType)) {
    const snippet = clipScrubbed(flat, SNIPPET_CHARS);
    return { apiMessage: snippet, foreignBody: `text: ${snippet}` };
  }
  const title = htmlTitle(scrub(text), scrub);
  if (title !== undefined) return { apiMessage: title, foreignBody: `an HTML page titled "${title}"` };
  const words = clipScrubbed(oneLine(decodeEntities(stripTags(scrub(text))), scrub), SNIPPET_CHARS);
  return { apiMessage: words, foreignBody: words === '' ? 'an HTML page' : `an HTML page: ${words}` };
}

/**
 * Names a success body that is not JSON, e.g. `not JSON (content-type text/html, 1234
 * characters, beginning "<html>...")`; undefined for JSON or an empty body.
 */
export function describeNotJson(
  body: unknown,
  text: string,
  contentType: string | undefined,
  scrub: Scrubber,
): string | undefined {
  if (body !== undefined || text.trim() === '') return undefined;
  const opening = clipScrubbed(oneLine(text, scrub), OPENING_CHARS);
  const type = contentType ? `content-type ${scrub(contentType)}` : 'no content-type';
  return `not JSON (${type}, ${text.length} characters, beginning "${opening}")`;
}

/** A redirect's target as an absolute URL, scrubbed (its query could carry anything); never followed. */
export function redirectTarget(location: string | undefined, requestUrl: string, scrub: Scrubber): string | undefined {
  if (location === undefined || location.trim() === '') return undefined;
  let absolute = location.trim();
  try {
    absolute = new URL(absolute, requestUrl).href;
  } catch {
    // Quoted as sent: it says where the server wanted to go even when it is not a URL.
  }
  return clipScrubbed(oneLine(absolute, scrub), SNIPPET_CHARS);
}

/**
 * A success body for a debug line: the item count of a listing, or a written number whole (its
 * secrets replaced, then scrubbed and clipped by `show`). GET answers of one number are not shown:
 * they may hold secrets the API returns.
 */
export function describeSuccessBody(method: string, body: unknown, show: (json: string) => string): string {
  if (body === undefined) return '';
  if (Array.isArray(body)) return ` (${body.length} items)`;
  const results = typeof body === 'object' && body !== null && 'results' in body ? body.results : undefined;
  if (Array.isArray(results)) return ` (${results.length} items)`;
  return method === 'GET' ? '' : ` ${show(JSON.stringify(redactSecrets(body)))}`;
}

function isHtml(text: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

/** The page's <title>, entities decoded, scrubbed again (a decoded entity may complete a secret). */
function htmlTitle(html: string, scrub: Scrubber): string | undefined {
  const inner = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1];
  if (inner === undefined) return undefined;
  const title = oneLine(decodeEntities(stripTags(inner)), scrub);
  return title === '' ? undefined : clipScrubbed(title, TITLE_CHARS);
}

function stripTags(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * One line, scrubbed before (a secret may hold a line break) and after (joining lines may complete
 * one): an answer quoted in an annotation must not start lines, or workflow commands, of its own.
 */
function oneLine(text: string, scrub: Scrubber): string {
  return scrub(scrub(text).replace(/\s+/g, ' ').trim());
}
