// An in-process stand-in for Vapi's phone-number API, strict where the real one is strict (bodies,
// query strings, auth) and able to fail on purpose (faults, read lag). Loopback only.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultQueue, faultStatus, isAfter } from './faults.js';
import type { Fault } from './faults.js';
import { flattenQuery } from './query.js';
import { ListLag, Routes, errorReply } from './routes.js';
import type { Reply } from './routes.js';
import { Store, seededRandom } from './store.js';
import type { StoredNumber } from './store.js';

export type { Fault, FaultKind, FaultMethod } from './faults.js';
export type { StoredNumber } from './store.js';

export interface FakeVapiOptions {
  /** Bearer token the fake accepts; default 'test-key'. */
  apiKey?: string;
  /** `limit` when a list request gives none; default 100, as the API documents. */
  defaultListLimit?: number;
  /** Shuffle each GET /phone-number page (the API specifies no order); default true. */
  shuffleLists?: boolean;
  /** Seed for shuffles and assigned numbers. */
  seed?: number;
  /** Send twilioAuthToken, twilioApiSecret and authentication.password back; default false. */
  returnSecrets?: boolean;
  /** How many GETs still see a new `vapi` number as `activating`; default 1. */
  activatingGets?: number;
  /** Free `vapi` numbers (without sipUri) an org may hold; default 5. */
  freeNumberLimit?: number;
  /**
   * The most items one list response holds whatever `limit` asks (the API's own cap is not
   * published); e.g. 100 forces a client that asks for 1,000 to page through a small org.
   */
  maxListLimit?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Status sent; 0 when the fault left no response (reset or hang). */
  status: number;
  fault?: string;
  /**
   * For GET /phone-number: what the handler's answer listed (even when a fault replaced it), so a
   * test can tell which listing showed which name.
   */
  listed?: { id: string; name?: string }[];
  /** For POST /phone-number: the id of the number the request created, even if a fault hid it. */
  created?: string;
}

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);

/** A request about to be handled, as a fault picker sees it. */
export interface IncomingRequest {
  /** 0-based count of authenticated requests since the fake started (resetLog does not reset it). */
  index: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** Chooses a fault for a request no queued fault matched (a seeded schedule, a crash point). */
export type FaultPicker = (request: IncomingRequest) => Fault | undefined;

/** Told when a fault takes effect: for `-after` faults, once the change has been made. */
export type FaultListener = (fault: Fault, request: RecordedRequest) => void;

export class FakeVapi {
  readonly requests: RecordedRequest[] = [];
  private readonly store: Store;
  private readonly routes: Routes;
  private readonly lag = new ListLag();
  private readonly faults = new FaultQueue();
  private readonly sockets = new Set<Socket>();
  private readonly apiKey: string;
  private picker: FaultPicker | undefined;
  private listener: FaultListener | undefined;
  private authenticated = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: FakeVapiOptions,
  ) {
    this.apiKey = options.apiKey ?? 'test-key';
    this.store = new Store(seededRandom(options.seed ?? 0x5eed));
    this.routes = new Routes(
      this.store,
      {
        defaultListLimit: options.defaultListLimit ?? 100,
        shuffleLists: options.shuffleLists ?? true,
        returnSecrets: options.returnSecrets ?? false,
        activatingGets: options.activatingGets ?? 1,
        freeNumberLimit: options.freeNumberLimit ?? 5,
        maxListLimit: options.maxListLimit,
      },
      this.lag,
    );
  }

  static async start(options: FakeVapiOptions = {}): Promise<FakeVapi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeVapi(server, `http://127.0.0.1:${port}`, options);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, errorReply(500, String(err)));
      });
    });
    return fake;
  }

  mutatingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => MUTATING.has(r.method));
  }

  numbers(): StoredNumber[] {
    return [...this.store.phoneNumbers.values()].map((n) => structuredClone(n));
  }

  /** Out-of-band create, as if made in the dashboard: no validation, no cap, no lag. */
  seedNumber(fields: Record<string, unknown>): StoredNumber {
    return structuredClone(this.store.insertNumber(fields));
  }

  /** Out-of-band edit; `null` removes a field. updatedAt moves unless the patch sets it. */
  editNumber(id: string, patch: Record<string, unknown>): void {
    if (!this.store.patchNumber(id, patch, !('updatedAt' in patch))) throw new Error(`no phone number ${id}`);
  }

  removeNumber(id: string): void {
    if (!this.store.deleteNumber(id)) throw new Error(`no phone number ${id}`);
  }

  seedAssistant(name: string): { id: string; name: string } {
    const { id } = this.store.addResource('assistants', name);
    return { id, name };
  }

  seedSquad(name: string): { id: string; name: string } {
    const { id } = this.store.addResource('squads', name);
    return { id, name };
  }

  /**
   * Queues a fault for the next matching authenticated request. An `-after` fault still runs the
   * request first (so a valid write is applied, an invalid one is not) and then replaces the reply.
   */
  injectFault(fault: Fault): void {
    this.faults.add(fault);
  }

  /** Consulted for every authenticated request that no queued fault matched; undefined turns it off. */
  setFaultPicker(picker: FaultPicker | undefined): void {
    this.picker = picker;
  }

  /** Called as each fault takes effect (after the change, for `-after` kinds). */
  setFaultListener(listener: FaultListener | undefined): void {
    this.listener = listener;
  }

  /** Faults injected but not yet triggered. */
  pendingFaults(): Fault[] {
    return this.faults.pending();
  }

  /**
   * Every number POSTed from now on is left out of the next `requests` list responses (v1 and v2)
   * after its creation; GET by id sees it at once. 0 turns the lag off for later creates.
   */
  setListLag(requests: number): void {
    this.lag.lists = Math.max(0, Math.floor(requests));
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    // Hung requests never end on their own; destroying their sockets lets close() resolve.
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const { query, repeated } = flattenQuery(url.searchParams);
    const raw = await readBody(req);
    const parsed = parseJson(raw);
    const record: RecordedRequest = { method, path, query, body: parsed.ok ? parsed.value : raw, status: 0 };
    this.requests.push(record);

    const reply = (r: Reply): void => {
      record.status = r.status;
      send(res, r);
    };

    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return reply(errorReply(401, 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.'));
    }

    const index = this.authenticated++;
    const fault =
      this.faults.take(method, path) ?? this.picker?.({ index, method, path, query, body: record.body });
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'delay') {
      // Held before the change is made, so another client's request can overtake this one.
      this.listener?.(fault, record);
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    } else if (fault && !isAfter(fault.kind)) {
      return this.fail(fault, req, res, record);
    }

    let result: Reply;
    if (!parsed.ok) result = errorReply(400, `Unexpected token in JSON body: ${parsed.error}`);
    else if (repeated.length > 0) result = errorReply(400, repeated.map((k) => `${k} must be given once`));
    else result = this.routes.handle(method, path, query, parsed.value);
    noteEffect(record, result);

    if (fault && fault.kind !== 'delay') return this.fail(fault, req, res, record);
    reply(result);
  }

  private fail(fault: Fault, req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
    this.listener?.(fault, record);
    if (fault.kind === 'status-before' || fault.kind === 'status-after' || fault.kind === 'rate-limit') {
      const status = faultStatus(fault);
      const r = errorReply(status, fault.message ?? REASON_TEXT[status] ?? 'Injected fault');
      if (fault.retryAfter !== undefined) r.headers = { 'retry-after': fault.retryAfter };
      record.status = status;
      send(res, r);
      return;
    }
    if (fault.kind === 'reset-before' || fault.kind === 'reset-after') {
      // An RST rather than a FIN, so the client sees ECONNRESET and not a clean close.
      req.socket.resetAndDestroy();
      return;
    }
    // hang-*: hold the socket open without answering until close().
  }
}

/** Records what a handled request did (listed or created), for tests that audit a run. */
function noteEffect(record: RecordedRequest, result: Reply): void {
  if (result.status >= 300) return;
  const body = result.body as { id?: unknown } | unknown[];
  if (record.method === 'POST' && record.path === '/phone-number' && !Array.isArray(body) && typeof body.id === 'string') {
    record.created = body.id;
  }
  if (record.method === 'GET' && record.path === '/phone-number' && Array.isArray(body)) {
    record.listed = body.map((item) => {
      const { id, name } = item as { id: string; name?: unknown };
      return typeof name === 'string' ? { id, name } : { id };
    });
  }
}

const REASON_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function send(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
