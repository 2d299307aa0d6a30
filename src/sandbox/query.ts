// Query-string validation for the list endpoints. The real API validates query DTOs with the same
// forbidNonWhitelisted pipe as bodies, so an unknown or malformed parameter is a 400, never ignored:
// a client that misspells `createdAtLt` must not silently get page one forever.
import type { ListFilter } from './store.js';

const DATE_PARAMS = [
  'createdAtGt',
  'createdAtLt',
  'createdAtGe',
  'createdAtLe',
  'updatedAtGt',
  'updatedAtLt',
  'updatedAtGe',
  'updatedAtLe',
] as const;

export interface V1Query {
  limit: number;
  filter: ListFilter;
}

export interface V2Query extends V1Query {
  page: number;
  sortOrder: 'ASC' | 'DESC';
  search?: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; messages: string[] };

// ISO 8601 date or date-time, as class-validator's IsISO8601 accepts it (roughly).
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function numberParam(name: string, raw: string, min: number, max: number | undefined, errors: string[]): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    errors.push(`${name} must be a number conforming to the specified constraints`);
  } else if (value < min) {
    errors.push(`${name} must not be less than ${min}`);
  } else if (max !== undefined && value > max) {
    errors.push(`${name} must not be greater than ${max}`);
  }
  return value;
}

function parseCommon(query: Record<string, string>, allowed: readonly string[], errors: string[], defaultLimit: number) {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) errors.push(`property ${key} should not exist`);
  }
  const filter: ListFilter = {};
  for (const name of DATE_PARAMS) {
    const raw = query[name];
    if (raw === undefined) continue;
    const ms = Date.parse(raw);
    if (!ISO.test(raw) || Number.isNaN(ms)) errors.push(`${name} must be a valid ISO 8601 date string`);
    else filter[name] = ms;
  }
  const limit = query.limit === undefined ? defaultLimit : numberParam('limit', query.limit, 0, 1000, errors);
  return { filter, limit };
}

export function parseV1Query(query: Record<string, string>, defaultLimit: number): Parsed<V1Query> {
  const errors: string[] = [];
  const value = parseCommon(query, ['limit', ...DATE_PARAMS], errors, defaultLimit);
  return errors.length > 0 ? { ok: false, messages: errors } : { ok: true, value };
}

export function parseV2Query(query: Record<string, string>, defaultLimit: number): Parsed<V2Query> {
  const errors: string[] = [];
  const allowed = ['limit', 'page', 'sortOrder', 'sortBy', 'search', ...DATE_PARAMS];
  const { filter, limit } = parseCommon(query, allowed, errors, defaultLimit);
  const page = query.page === undefined ? 1 : numberParam('page', query.page, 1, undefined, errors);
  if (query.page !== undefined && !Number.isInteger(page)) errors.push('page must be an integer number');
  const sortOrder = query.sortOrder ?? 'DESC';
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') errors.push('sortOrder must be one of the following values: ASC, DESC');
  // Phone numbers have no duration or cost, so only createdAt actually orders anything here.
  if (query.sortBy !== undefined && !['createdAt', 'duration', 'cost'].includes(query.sortBy)) {
    errors.push('sortBy must be one of the following values: createdAt, duration, cost');
  }
  if (query.search !== undefined && query.search.length > 100) {
    errors.push('search must be shorter than or equal to 100 characters');
  }
  if (errors.length > 0) return { ok: false, messages: errors };
  return {
    ok: true,
    value: {
      filter,
      limit,
      page,
      sortOrder: sortOrder as 'ASC' | 'DESC',
      ...(query.search !== undefined ? { search: query.search } : {}),
    },
  };
}

/** Flattens URLSearchParams; a repeated key is reported rather than silently collapsed. */
export function flattenQuery(params: URLSearchParams): { query: Record<string, string>; repeated: string[] } {
  const query: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of params) {
    if (key in query) repeated.push(key);
    query[key] = value;
  }
  return { query, repeated };
}
