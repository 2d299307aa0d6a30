// A stand-in for Vapi's phone-number, assistant and squad API, strict where the real one is strict
// (bodies, query strings, auth) and able to fail on purpose (faults, read lag) for the tests. It
// listens on loopback only: it takes any key by default and holds whatever it is sent.
import { TokenBucket } from './rate-limit.js';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultQueue, faultStatus, isAfter } from './faults.js';
import type { Fault } from './faults.js';
import { REASON_TEXT, parseJson, readBody, send } from './http.js';
import { flattenQuery } from './query.js';
import { ListLag, Routes, errorReply } from './routes.js';
import type { Reply } from './routes.js';
import { Store, seededRandom } from './store.js';
import type { StoreSnapshot, StoredNumber } from './store.js';
import { LOOPBACK_HOSTS, SandboxHostError } from './options.js';
import type { FaultListener, FaultPicker, RecordedRequest, VapiSandboxOptions } from './options.js';

export type { Fault, FaultKind, FaultMethod } from './faults.js';
export type { StoreSnapshot, StoredNumber } from './store.js';
export { LOOPBACK_HOSTS, SandboxHostError } from './options.js';
export type { FaultListener, FaultPicker, IncomingRequest, RecordedRequest, VapiSandboxOptions } from './options.js';

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);

export class VapiSandbox {
  /** Every request since start or resetLog(), when `recordRequests` is on. */
  readonly requests: RecordedRequest[] = [];
  private readonly store: Store;
  private readonly routes: Routes;
  private readonly lag = new ListLag();
  private readonly faults = new FaultQueue();
  private readonly sockets = new Set<Socket>();
  private readonly apiKey: string | undefined;
  private readonly latencyMs: number;
  private readonly recordRequests: boolean;
  private readonly onChange: (() => void) | undefined;
  private closed = false;
  private picker: FaultPicker | undefined;
  private readonly bucket: TokenBucket | undefined;
  private listener: FaultListener | undefined;
  private authenticated = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: VapiSandboxOptions,
  ) {
    this.apiKey = options.apiKey;
    this.latencyMs = Math.max(0, options.latencyMs ?? 0);
    this.bucket = options.rateLimit === undefined ? undefined : new TokenBucket(options.rateLimit);
    this.recordRequests = options.recordRequests ?? false;
    this.onChange = options.onChange;
    this.store = new Store(seededRandom(options.seed ?? 0x5eed));
    if (options.state) this.store.restore(options.state);
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

  static async start(options: VapiSandboxOptions = {}): Promise<VapiSandbox> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.includes(host)) throw new SandboxHostError(host);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const sandbox = new VapiSandbox(server, `http://${host.includes(':') ? `[${host}]` : host}:${port}`, options);
    server.on('connection', (socket) => {
      sandbox.sockets.add(socket);
      socket.on('close', () => sandbox.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      sandbox.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, errorReply(500, String(err)));
      });
    });
    return sandbox;
  }

  mutatingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => MUTATING.has(r.method));
  }

  numbers(): StoredNumber[] {
    return [...this.store.phoneNumbers.values()].map((n) => structuredClone(n));
  }

  /** Out-of-band create, as if made in the dashboard: no validation, no cap, no lag. */
  seedNumber(fields: Record<string, unknown>): StoredNumber {
    const stored = structuredClone(this.store.insertNumber(fields));
    this.onChange?.();
    return stored;
  }

  /** Out-of-band edit; `null` removes a field. updatedAt moves unless the patch sets it. */
  editNumber(id: string, patch: Record<string, unknown>): void {
    if (!this.store.patchNumber(id, patch, !('updatedAt' in patch))) throw new Error(`no phone number ${id}`);
    this.onChange?.();
  }

  removeNumber(id: string): void {
    if (!this.store.deleteNumber(id)) throw new Error(`no phone number ${id}`);
    this.onChange?.();
  }

  seedAssistant(name: string): { id: string; name: string } {
    const { id } = this.store.addResource('assistants', name);
    this.onChange?.();
    return { id, name };
  }

  seedSquad(name: string): { id: string; name: string } {
    const { id } = this.store.addResource('squads', name);
    this.onChange?.();
    return { id, name };
  }

  assistants(): { id: string; name: string }[] {
    return [...this.store.assistants.values()].map(({ id, name }) => ({ id, name }));
  }

  squads(): { id: string; name: string }[] {
    return [...this.store.squads.values()].map(({ id, name }) => ({ id, name }));
  }

  /** The contents as live objects, for a state file: serialise before the next change. */
  snapshot(): StoreSnapshot {
    return this.store.snapshot();
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
    this.closed = true;
    // Hung requests never end on their own; destroying their sockets lets close() resolve.
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const { query, repeated } = flattenQuery(url.searchParams);
    const raw = await readBody(req);
    const parsed = parseJson(raw);
    const record: RecordedRequest = { method, path, query, body: parsed.ok ? parsed.value : raw, status: 0 };
    if (this.recordRequests) this.requests.push(record);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    // A request still arriving or waiting when close() ran must not change what close() flushed.
    if (this.closed) return;

    const reply = (r: Reply): void => {
      record.status = r.status;
      send(res, r);
    };

    if (!this.authorized(req.headers.authorization)) {
      return reply(
        errorReply(401, 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.'),
      );
    }

    const index = this.authenticated++;
    const fault =
      this.faults.take(method, path) ??
      this.picker?.({ index, method, path, query, body: record.body }) ??
      this.bucket?.take(method);
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
    else if (repeated.length > 0)
      result = errorReply(
        400,
        repeated.map((k) => `${k} must be given once`),
      );
    else {
      const before = this.store.changes;
      result = this.routes.handle(method, path, query, parsed.value);
      if (this.store.changes !== before) this.onChange?.();
    }
    if (this.recordRequests) noteEffect(record, result);

    if (fault && fault.kind !== 'delay') return this.fail(fault, req, res, record);
    reply(result);
  }

  private authorized(header: string | undefined): boolean {
    if (this.apiKey !== undefined) return header === `Bearer ${this.apiKey}`;
    return header !== undefined && /^Bearer \S/.test(header);
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
