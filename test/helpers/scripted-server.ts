// A loopback HTTP server answering from a script, for tests of the Vapi client's transport.
// Requests are matched against intercepts in the order they were added; an intercept answers once
// unless persisted. Every request is recorded. A request nothing matches is answered 501 with a
// message naming it, which the client turns into an error the test shows.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: equal for requests that shared a pooled connection. */
  clientPort: number;
}

export interface ScriptedReply {
  status: number;
  /** A string is sent as is; anything else as JSON. Nothing when undefined. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Match {
  method: string;
  path: string | ((path: string) => boolean);
}

interface Intercept {
  match: Match;
  answer: (request: RecordedRequest) => ScriptedReply;
  persist: boolean;
  used: boolean;
}

export interface ScriptedServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** `intercept(match).reply(status, body, headers)` or `.reply(request => reply)`; `.persist()` to answer every time. */
  intercept(match: Match): {
    reply(
      status: number | ((request: RecordedRequest) => ScriptedReply),
      body?: unknown,
      headers?: Record<string, string>,
    ): {
      persist(): void;
    };
  };
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const intercepts: Intercept[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        clientPort: request.socket.remotePort ?? 0,
      };
      requests.push(recorded);
      const intercept = intercepts.find(
        (candidate) => (candidate.persist || !candidate.used) && matches(candidate.match, recorded),
      );
      if (intercept === undefined) {
        send(response, { status: 501, body: { message: `scripted server: no reply for ${recorded.method} ${recorded.path}` } });
        return;
      }
      intercept.used = true;
      send(response, intercept.answer(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    intercept(match) {
      return {
        reply(status, body, headers) {
          const intercept: Intercept = {
            match,
            answer: typeof status === 'function' ? status : () => ({ status, body, ...(headers ? { headers } : {}) }),
            persist: false,
            used: false,
          };
          intercepts.push(intercept);
          return { persist: () => void (intercept.persist = true) };
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Clients keep idle connections in their pools; they would hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file: `start()` gives a server that is closed after each test, and `defer()` adds
 * other cleanup (a client's close) to run first.
 */
export function useScriptedServers(): { start: () => Promise<ScriptedServer>; defer: (cleanup: () => Promise<void>) => void } {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async start() {
      const server = await startScriptedServer();
      cleanups.push(() => server.close());
      return server;
    },
    defer: (cleanup) => void cleanups.push(cleanup),
  };
}

function matches(match: Match, request: RecordedRequest): boolean {
  if (match.method !== request.method) return false;
  return typeof match.path === 'function' ? match.path(request.path) : match.path === request.path;
}

function send(response: ServerResponse, reply: ScriptedReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let text = '';
  if (typeof reply.body === 'string') text = reply.body;
  else if (reply.body !== undefined) {
    text = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  response.writeHead(reply.status, headers);
  response.end(text);
}
