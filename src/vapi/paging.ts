import { VapiApiError } from './errors.js';
import type { VapiTransport } from './http.js';

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
export async function listAll(transport: VapiTransport, resource: string): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  const first = await fetchPage(transport, `${resource}?limit=${REQUESTED_LIMIT}`, found);
  // Fewer than the server's default page size: the server had no more, whatever its order.
  if (first.items.length < SERVER_DEFAULT_LIMIT) return [...found.values()];
  await walk(transport, resource, found, 'Le', first);
  await walk(transport, resource, found, 'Ge', first);
  return [...found.values()];
}

interface Page {
  path: string;
  attempts: number;
  items: Record<string, unknown>[];
  added: number;
}

/** Follows `createdAt` from the first page's oldest (`Le`) or newest (`Ge`) item until it runs out. */
async function walk(
  transport: VapiTransport,
  resource: string,
  found: Map<string, Record<string, unknown>>,
  direction: 'Le' | 'Ge',
  first: Page,
): Promise<void> {
  let page = first;
  for (let count = 1; count <= MAX_PAGES; count++) {
    const cursor = extremeCreatedAt(page.items, direction);
    if (cursor === undefined) {
      throw incomplete(page.path, page.attempts, `a full page of ${page.items.length} carries no createdAt to page by`);
    }
    const path = `${resource}?limit=${REQUESTED_LIMIT}&createdAt${direction}=${encodeURIComponent(cursor)}`;
    page = await fetchPage(transport, path, found);
    // A page of 100 or more may have been cut short by a server cap on `limit`, so only a shorter
    // one shows the end in this direction.
    if (page.items.length < SERVER_DEFAULT_LIMIT) return;
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

async function fetchPage(transport: VapiTransport, path: string, found: Map<string, Record<string, unknown>>): Promise<Page> {
  const response = await transport.send({ method: 'GET', path });
  const items = itemsOf(response.body, path, response.attempts);
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
function itemsOf(body: unknown, path: string, attempts: number): unknown[] {
  if (Array.isArray(body)) return body;
  const results = (body as { results?: unknown } | null | undefined)?.results;
  if (Array.isArray(results)) return results;
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
