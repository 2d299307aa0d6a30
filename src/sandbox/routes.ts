// Request handling proper, free of HTTP plumbing: each handler takes the parsed request and returns
// the status and JSON body the real API would send.
import { CREATE_SCHEMAS, PROVIDERS, UPDATE_SCHEMAS } from './schemas.js';
import type { Provider } from './schemas.js';
import { byCreatedAt, matchesFilter, shuffle } from './store.js';
import type { Store, StoredNumber, Timestamped } from './store.js';
import { parseV1Query, parseV2Query } from './query.js';
import { validationMessages } from './validate.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteOptions {
  defaultListLimit: number;
  shuffleLists: boolean;
  returnSecrets: boolean;
  activatingGets: number;
  freeNumberLimit: number;
  /** Caps `limit` on every list endpoint; undefined: no cap beyond the query's own 1000. */
  maxListLimit?: number;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Vapi's error body: `message` is a list for validation failures, a string otherwise. */
export function errorReply(status: number, message: string | string[]): Reply {
  return { status, body: { statusCode: status, message, error: REASONS[status] ?? 'Error' } };
}

/**
 * Read lag: numbers created while it is set stay out of the next N list responses, the way an
 * eventually consistent read replica would hide them. Single GETs by id are not delayed.
 */
export class ListLag {
  lists = 0;
  readonly hidden = new Map<string, number>();

  onCreate(id: string): void {
    if (this.lists > 0) this.hidden.set(id, this.lists);
  }

  visible(id: string): boolean {
    return !this.hidden.has(id);
  }

  afterList(): void {
    for (const [id, left] of this.hidden) {
      if (left <= 1) this.hidden.delete(id);
      else this.hidden.set(id, left - 1);
    }
  }
}

export class Routes {
  constructor(
    private readonly store: Store,
    private readonly options: RouteOptions,
    private readonly lag: ListLag,
  ) {}

  handle(method: string, path: string, query: Record<string, string>, body: unknown): Reply {
    const idMatch = /^\/phone-number\/([^/]+)$/.exec(path);
    if (method === 'GET' && path === '/phone-number') return this.listV1(query);
    if (method === 'GET' && path === '/v2/phone-number') return this.listV2(query);
    if (method === 'POST' && path === '/phone-number') return this.create(body);
    if (idMatch) {
      const id = decodeURIComponent(idMatch[1] as string);
      if (method === 'GET') return this.getOne(id);
      if (method === 'PATCH') return this.update(id, body);
      if (method === 'DELETE') return this.remove(id);
    }
    if (method === 'GET' && path === '/assistant') return this.listResources('assistants', query);
    if (method === 'GET' && path === '/squad') return this.listResources('squads', query);
    return errorReply(404, `Cannot ${method} ${path}`);
  }

  /** What a client sees of a stored number: a copy, without secrets unless told otherwise. */
  view(stored: StoredNumber): Record<string, unknown> {
    const copy = structuredClone(stored) as Record<string, unknown>;
    if (!this.options.returnSecrets) {
      delete copy.twilioAuthToken;
      delete copy.twilioApiSecret;
      const auth = copy.authentication;
      if (auth && typeof auth === 'object') delete (auth as Record<string, unknown>).password;
    }
    return copy;
  }

  private listV1(query: Record<string, string>): Reply {
    const parsed = parseV1Query(query, this.options.defaultListLimit);
    if (!parsed.ok) return errorReply(400, parsed.messages);
    const { filter } = parsed.value;
    const limit = this.capped(parsed.value.limit);
    const page = this.visibleNumbers()
      .filter((n) => matchesFilter(n, filter))
      .sort(byCreatedAt('DESC'))
      .slice(0, Math.floor(limit));
    // The API documents no order for this endpoint; shuffling keeps clients from relying on one.
    if (this.options.shuffleLists) shuffle(page, this.store.random);
    return { status: 200, body: this.showAll(page) };
  }

  private listV2(query: Record<string, string>): Reply {
    const parsed = parseV2Query(query, this.options.defaultListLimit);
    if (!parsed.ok) return errorReply(400, parsed.messages);
    const { filter, page, sortOrder, search } = parsed.value;
    const limit = this.capped(Math.floor(parsed.value.limit));
    const needle = search?.toLowerCase();
    const all = this.visibleNumbers()
      .filter((n) => matchesFilter(n, filter))
      .filter((n) => needle === undefined || searchable(n).some((text) => text.toLowerCase().includes(needle)))
      .sort(byCreatedAt(sortOrder));
    const start = (page - 1) * limit;
    const results = this.showAll(all.slice(start, start + limit));
    const totalPages = limit > 0 ? Math.ceil(all.length / limit) : 0;
    return {
      status: 200,
      body: {
        results,
        metadata: {
          itemsPerPage: limit,
          totalItems: all.length,
          currentPage: page,
          totalPages,
          hasNextPage: limit > 0 && start + limit < all.length,
          sortOrder,
        },
      },
    };
  }

  private create(rawBody: unknown): Reply {
    const body = rawBody === undefined ? {} : rawBody;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return errorReply(400, ['request body must be a JSON object']);
    }
    const provider = (body as Record<string, unknown>).provider;
    if (!PROVIDERS.includes(provider as Provider)) {
      return errorReply(400, [`provider must be one of the following values: ${PROVIDERS.join(', ')}`]);
    }
    const p = provider as Provider;
    const messages = validationMessages(CREATE_SCHEMAS[p], body);
    if (messages.length > 0) return errorReply(400, messages);
    const fields = structuredClone(body) as Record<string, unknown>;
    const free = p === 'vapi' && fields.sipUri === undefined;
    if (free && this.store.freeNumberCount() >= this.options.freeNumberLimit) {
      return errorReply(
        400,
        `Free phone number limit reached: an organization can have at most ${this.options.freeNumberLimit} free Vapi numbers.`,
      );
    }
    if (free) {
      const area = typeof fields.numberDesiredAreaCode === 'string' ? fields.numberDesiredAreaCode : undefined;
      fields.number = this.store.assignNumber(area);
    }
    const stored = this.store.insertNumber({ ...fields, status: p === 'vapi' ? 'activating' : 'active' });
    if (p === 'vapi') {
      if (this.options.activatingGets > 0) this.store.activatingGets.set(stored.id, this.options.activatingGets);
    }
    this.lag.onCreate(stored.id);
    const reply = { status: 201, body: this.view(stored) };
    if (p === 'vapi' && this.options.activatingGets <= 0) stored.status = 'active';
    return reply;
  }

  private getOne(id: string): Reply {
    const stored = this.store.phoneNumbers.get(id);
    if (!stored) return errorReply(404, 'Phone number not found');
    const body = this.view(stored);
    this.store.observeActivation(id);
    return { status: 200, body };
  }

  private update(id: string, rawBody: unknown): Reply {
    const stored = this.store.phoneNumbers.get(id);
    if (!stored) return errorReply(404, 'Phone number not found');
    const body = rawBody === undefined ? {} : rawBody;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return errorReply(400, ['request body must be a JSON object']);
    }
    const provider = (body as Record<string, unknown>).provider;
    if (provider !== undefined && provider !== stored.provider) {
      return errorReply(400, [`provider cannot be changed from ${stored.provider} to ${String(provider)}`]);
    }
    const schema = UPDATE_SCHEMAS[stored.provider as Provider];
    if (!schema) return errorReply(400, [`phone numbers of provider ${stored.provider} cannot be updated`]);
    const messages = validationMessages(schema, body);
    if (messages.length > 0) return errorReply(400, messages);
    const updated = this.store.patchNumber(id, body as Record<string, unknown>) as StoredNumber;
    return { status: 200, body: this.view(updated) };
  }

  private remove(id: string): Reply {
    const removed = this.store.deleteNumber(id);
    if (!removed) return errorReply(404, 'Phone number not found');
    this.lag.hidden.delete(id);
    return { status: 200, body: this.view(removed) };
  }

  private listResources(kind: 'assistants' | 'squads', query: Record<string, string>): Reply {
    const parsed = parseV1Query(query, this.options.defaultListLimit);
    if (!parsed.ok) return errorReply(400, parsed.messages);
    const page = [...this.store[kind].values()]
      .filter((r) => matchesFilter(r, parsed.value.filter))
      .sort(byCreatedAt('DESC'))
      .slice(0, this.capped(Math.floor(parsed.value.limit)))
      .map((r) => structuredClone(r));
    if (this.options.shuffleLists) shuffle(page, this.store.random);
    return { status: 200, body: page };
  }

  private capped(limit: number): number {
    const cap = this.options.maxListLimit;
    return cap === undefined ? limit : Math.min(limit, cap);
  }

  private visibleNumbers(): StoredNumber[] {
    const visible = [...this.store.phoneNumbers.values()].filter((n) => this.lag.visible(n.id));
    this.lag.afterList();
    return visible;
  }

  private showAll(numbers: (StoredNumber & Timestamped)[]): Record<string, unknown>[] {
    const views = numbers.map((n) => this.view(n));
    for (const n of numbers) this.store.observeActivation(n.id);
    return views;
  }
}

function searchable(n: StoredNumber): string[] {
  return [n.name, n.number, n.sipUri].filter((v): v is string => typeof v === 'string');
}
