import { VapiApiError, statusLine } from './errors.js';
import type { ApiResponse, VapiTransport } from './http.js';
import type { ListOptions } from './types.js';

/** What the list endpoints return when `limit` is not given, and possibly the most they return. */
const SERVER_DEFAULT_LIMIT = 100;
/** The largest `limit` the API accepts. */
const REQUESTED_LIMIT = 1000;
/** A runaway guard: every page must add an id, so only a server inventing ids could reach it. */
const MAX_PAGES = 10_000;

/**
 * Every item of a list endpoint (`/phone-number`, `/assistant`, `/squad`), all pages, once each.
 *
 * The API has no page parameter, only `createdAt*` filters, and neither the order of items nor
 * which items a capped page holds is documented. So a first page that could have been cut short is
 * followed in both directions: down with `createdAtLe` the oldest `createdAt` seen (a server that
 * returns the newest first) and up with `createdAtGe` the newest seen (one that returns the oldest
 * first). `Le`/`Ge` rather than `Lt`/`Gt` so items sharing the boundary timestamp are fetched again
 * instead of skipped, then deduped by id. A failed page throws: a partial inventory would look like
 * numbers to create or delete.
 */
export async function listAll(
  transport: VapiTransport,
  resource: string,
  options: ListOptions = {},
): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  const first = await fetchPage({ transport, deadline: options.deadline }, `${resource}?limit=${REQUESTED_LIMIT}`, found);
  // Fewer than the server's default page size: the server had no more, whatever its order.
  if (first.items.length < SERVER_DEFAULT_LIMIT) return [...found.values()];
  // A 401 or 403 on a later page is a change of answer, not a wrong key: the first page was accepted.
  const later: Listing = { transport, deadline: options.deadline, acceptedBefore: `GET ${first.path}` };
  // Both directions, whatever order the page is in: the order of a page does not show which end of
  // the list it was cut from (the oldest block may come newest-first), and the API does not document it.
  // They are walked side by side, each over its own copy of what the first page found, so that one
  // round trip is spent on the direction with nothing more; merged in the order one after the other
  // would have found them. Both are awaited, so a failing one never leaves the other unobserved.
  const down = new Map(found);
  const up = new Map(found);
  const walked = await Promise.allSettled([walk(later, resource, down, 'Le', first), walk(later, resource, up, 'Ge', first)]);
  for (const outcome of walked) if (outcome.status === 'rejected') throw outcome.reason;
  for (const direction of [down, up]) for (const [id, item] of direction) if (!found.has(id)) found.set(id, item);
  return [...found.values()];
}

/** How each page of one listing is asked for. */
interface Listing {
  transport: VapiTransport;
  deadline?: AbortSignal;
  acceptedBefore?: string;
}

interface Page {
  path: string;
  attempts: number;
  items: Record<string, unknown>[];
  added: number;
}

/** Follows `createdAt` from the first page's oldest (`Le`) or newest (`Ge`) item until it runs out. */
async function walk(
  listing: Listing,
  resource: string,
  found: Map<string, Record<string, unknown>>,
  direction: 'Le' | 'Ge',
  first: Page,
): Promise<void> {
  let page = first;
  // A server that returned k items in one page caps a page at k or more, so a page shorter than the
  // largest seen (and than the default 100) has shown the end in this direction.
  let largest = first.items.length;
  for (let count = 1; count <= MAX_PAGES; count++) {
    const cursor = extremeCreatedAt(page.items, direction);
    if (cursor === undefined) {
      throw incomplete(page.path, page.attempts, `a full page of ${page.items.length} carries no createdAt to page by`);
    }
    const path = `${resource}?limit=${REQUESTED_LIMIT}&createdAt${direction}=${encodeURIComponent(cursor)}`;
    page = await fetchPage(listing, path, found);
    // A page of 100 or more may have been cut short by a server cap on `limit`; one shorter than 100,
    // or than the largest page this listing has seen, shows the end in this direction.
    if (page.items.length < SERVER_DEFAULT_LIMIT || page.items.length < largest) return;
    largest = Math.max(largest, page.items.length);
    if (page.added === 0) {
      throw incomplete(
        path,
        page.attempts,
        `a full page of ${page.items.length} brought no new items: more of them share createdAt ${cursor} ` +
          'than one page holds, so paging by createdAt cannot get past them',
      );
    }
  }
  throw incomplete(resource, 0, `more than ${MAX_PAGES} pages`);
}

async function fetchPage(listing: Listing, path: string, found: Map<string, Record<string, unknown>>): Promise<Page> {
  const { transport, deadline, acceptedBefore } = listing;
  const response = await transport.send({ method: 'GET', path, deadline, acceptedBefore });
  const items = itemsOf(response, path);
  let added = 0;
  items.forEach((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw malformed(path, response.attempts, `item ${index} is not an object`);
    }
    const { id } = item as { id?: unknown };
    if (typeof id !== 'string' || id === '') throw malformed(path, response.attempts, `item ${index} has no string id`);
    if (!found.has(id)) {
      found.set(id, item as Record<string, unknown>);
      added++;
    }
  });
  return { path, attempts: response.attempts, items: items as Record<string, unknown>[], added };
}

/** Older responses wrapped the list as `{results: [...]}`: both shapes are accepted. */
function itemsOf(response: ApiResponse, path: string): unknown[] {
  const { body, attempts } = response;
  if (Array.isArray(body)) return body;
  const results = (body as { results?: unknown } | null | undefined)?.results;
  if (Array.isArray(results)) return results;
  if (response.notJson)
    throw malformed(path, attempts, `answered ${statusLine(response.status)} with a body that is ${response.notJson}`);
  if (body === undefined) throw malformed(path, attempts, `answered ${statusLine(response.status)} with an empty body`);
  throw malformed(path, attempts, 'expected a JSON array or {results: [...]}');
}

/**
 * The original string of the oldest (`Le`) or newest (`Ge`) parseable `createdAt`, so the cursor
 * keeps the API's precision.
 */
function extremeCreatedAt(items: readonly unknown[], direction: 'Le' | 'Ge'): string | undefined {
  let extreme: { at: number; text: string } | undefined;
  for (const item of items) {
    const text = (item as { createdAt?: unknown }).createdAt;
    if (typeof text !== 'string') continue;
    const at = Date.parse(text);
    if (Number.isNaN(at)) continue;
    if (extreme === undefined || (direction === 'Le' ? at < extreme.at : at > extreme.at)) extreme = { at, text };
  }
  return extreme?.text;
}

function malformed(path: string, attempts: number, detail: string): VapiApiError {
  return new VapiApiError(`GET ${path} returned a malformed listing: ${detail}`, {
    method: 'GET',
    path,
    kind: 'malformed',
    attempts,
    outcomeUnknown: false,
  });
}

function incomplete(path: string, attempts: number, detail: string): VapiApiError {
  return new VapiApiError(`GET ${path}: the listing cannot be shown complete: ${detail}`, {
    method: 'GET',
    path,
    kind: 'incomplete',
    attempts,
    outcomeUnknown: false,
  });
}
