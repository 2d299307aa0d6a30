// One HTTP exchange on node:http / node:https, the transport under VapiTransport (http.ts).
//
// Why not Node's built-in fetch: its first use loads Node's internal undici, web streams and
// realm machinery. Measured on the built action (Node 24, plain-HTTP base URL), the first request
// left 14 ms sooner with this module (78 -> 64 ms from process start). Everything this tool
// needs from a response (status, one header, the body as text) is a few lines here.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

/** Code of the error when no connection was made in time: nothing was sent (see `CONNECT_FAILURES`). */
export const CONNECT_TIMEOUT_CODE = 'ECONNECT_TIMEOUT';

/** Longest wait for a TCP (and TLS) connection, as undici's default; the caller's deadline may be shorter. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long an idle pooled connection is kept: shorter than the 5 s most servers (Node's included)
 * keep one, so a request is not written into a socket the server is closing at that moment. A
 * server's `Keep-Alive: timeout=N` hint shortens it further (Node's Agent honours it).
 */
const IDLE_SOCKET_MS = 4_000;

export interface HttpExchange {
  method: string;
  /** Absolute http(s) URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborting it destroys the request at any point, the response body included. */
  signal: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  retryAfter: string | undefined;
  /** The whole body, decompressed, as UTF-8. */
  text: string;
}

/** An error of the exchange: `code` as Node's (ECONNRESET, ECONNREFUSED, ...) or CONNECT_TIMEOUT_CODE. */
export interface HttpRequestError extends Error {
  code?: string;
}

export interface RequesterOptions {
  connectTimeoutMs?: number;
  /** Name resolution, for tests that need a connection which never gets made. */
  lookup?: RequestOptions['lookup'];
}

type RequestFunction = typeof httpRequest;
interface Protocol {
  agent: HttpAgent;
  request: RequestFunction;
}

/**
 * Sends requests over one keep-alive connection pool per protocol. Idle pooled sockets are unref'd
 * by Node's Agent, so a run that never calls close() still exits as soon as its work is done.
 */
export class HttpRequester {
  readonly #connectTimeoutMs: number;
  readonly #lookup: RequestOptions['lookup'];
  #http: Protocol | undefined;
  #https: Promise<Protocol> | undefined;

  constructor(options: RequesterOptions = {}) {
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#lookup = options.lookup;
  }

  async send(exchange: HttpExchange): Promise<HttpAnswer> {
    const url = new URL(exchange.url);
    const protocol = url.protocol === 'https:' ? await this.#secure() : this.#plain();
    exchange.signal.throwIfAborted();
    return exchangeOnce(protocol, url, exchange, this.#connectTimeoutMs, this.#lookup);
  }

  /** Closes pooled connections; requests still running fail. */
  close(): void {
    this.#http?.agent.destroy();
    this.#https?.then((protocol) => protocol.agent.destroy()).catch(() => undefined);
  }

  #plain(): Protocol {
    this.#http ??= { agent: new HttpAgent(agentOptions()), request: httpRequest };
    return this.#http;
  }

  /** node:https (and with it TLS) is loaded on first use: ~15 ms a plain-HTTP run never pays. */
  #secure(): Promise<Protocol> {
    this.#https ??= import('node:https').then((https) => ({
      agent: new https.Agent(agentOptions()),
      request: https.request as RequestFunction,
    }));
    return this.#https;
  }
}

function agentOptions() {
  return { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
}

function exchangeOnce(
  protocol: Protocol,
  url: URL,
  exchange: HttpExchange,
  connectTimeoutMs: number,
  lookup: RequestOptions['lookup'],
): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const { signal } = exchange;
    const headers: Record<string, string> = { ...exchange.headers };
    if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));

    let connectTimer: NodeJS.Timeout | undefined;
    let done = false;
    let request: ClientRequest | undefined;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown) => finish(() => reject(asError(error)));
    // The deadline ends the exchange in whatever phase it is: connecting, waiting or mid-body.
    function onAbort() {
      const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
      request?.destroy(reason);
      fail(reason);
    }
    signal.addEventListener('abort', onAbort, { once: true });

    request = protocol.request(url, {
      method: exchange.method,
      headers,
      agent: protocol.agent,
      ...(lookup ? { lookup } : {}),
    });
    request.on('error', fail);
    request.on('socket', (socket: Socket) => {
      // A reused pooled socket is connected already; a new one gets a bounded connect (name
      // lookup, TCP and TLS), after which the error says that nothing was sent: the deadline
      // alone could not tell.
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        request?.destroy(codedError(`no connection to ${url.host} within ${connectTimeoutMs} ms`, CONNECT_TIMEOUT_CODE));
      }, connectTimeoutMs);
      const connected = (socket as Socket & { encrypted?: boolean }).encrypted ? 'secureConnect' : 'connect';
      socket.once(connected, () => clearTimeout(connectTimer));
    });
    request.on('response', (response: IncomingMessage) => {
      readText(response)
        .then((text) => {
          const retryAfter = response.headers['retry-after'];
          finish(() => resolve({ status: response.statusCode ?? 0, retryAfter, text }));
        })
        .catch(fail);
    });
    request.end(exchange.body);
  });
}

/** The whole body as text; a connection lost before its end is ECONNRESET, as for a request. */
async function readText(response: IncomingMessage): Promise<string> {
  let stream: Readable = response;
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    // Loaded only when a server compresses: most answers (and every test fake) do not.
    const zlib = await import('node:zlib');
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? zlib.createGunzip()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : encoding === 'br'
            ? zlib.createBrotliDecompress()
            : undefined;
    if (decoder === undefined) throw new Error(`unsupported content-encoding '${encoding}'`);
    response.on('error', (error) => decoder.destroy(error));
    stream = response.pipe(decoder);
  }
  stream.setEncoding('utf8');
  let text = '';
  try {
    for await (const chunk of stream) text += chunk as string;
  } catch (error) {
    throw (error as HttpRequestError).code ? error : codedError('connection lost while reading the response', 'ECONNRESET');
  }
  // A response cut short without an error (the server closed mid-body): not a body to trust.
  if (!response.complete) throw codedError('connection lost while reading the response', 'ECONNRESET');
  return text;
}

function codedError(message: string, code: string): HttpRequestError {
  const error: HttpRequestError = new Error(message);
  error.code = code;
  return error;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
