// One HTTP exchange through undici, the transport under VapiTransport (http.ts). One dispatcher
// per run: an EnvHttpProxyAgent, so HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) route the
// requests as they route a self-hosted runner's other traffic. The retry, pacing and create rules
// stay in http.ts; this file only sends, reads and names what went wrong.
//
// undici's modules are imported by path, not from the package's root: the root also loads fetch,
// WebSocket, EventSource, cookies, caches and mocks (and, through a `globalThis.Headers` check,
// Node's own copy of undici), about 30 ms of a 100 ms start that this tool never uses. The one
// thing the root does that the dispatchers need is below: it gives every dispatcher its request
// methods (ProxyAgent opens its tunnel with `connect`). test/e2e/e2e-proxy.test.ts holds it.
import type { Dispatcher as DispatcherType } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import dispatcherMethods from 'undici/lib/api/index.js';

Object.assign(Dispatcher.prototype, dispatcherMethods);

/** Code of the error when no connection was made in time: nothing was sent. */
export const CONNECT_TIMEOUT_CODE = 'ECONNECT_TIMEOUT';
/** Code of the error when a proxy would not open the tunnel to Vapi: nothing reached Vapi. */
export const PROXY_REFUSED_CODE = 'EPROXY';
/** Code of the error when undici's headers or body timeout ended the exchange. */
export const RESPONSE_TIMEOUT_CODE = 'ERESPONSE_TIMEOUT';

/** Longest wait for a TCP (and TLS) connection, as undici's default; the caller's deadline may be shorter. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long an idle pooled connection is kept: shorter than the 5 s most servers (Node's included)
 * keep one, so a request is not written into a socket the server is closing at that moment. A
 * server's `Keep-Alive: timeout=N` hint shortens it further (undici honours it).
 */
const IDLE_SOCKET_MS = 4_000;

export interface HttpExchange {
  method: string;
  /** Absolute http(s) URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborting it ends the exchange at any point, the response body included. */
  signal: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  retryAfter: string | undefined;
  /** Named in messages about an answer that is not Vapi's JSON. */
  contentType: string | undefined;
  /** A redirect's target, reported (never followed). */
  location: string | undefined;
  /** The whole body, decompressed, as UTF-8. */
  text: string;
}

/** An error of the exchange: `code` as Node's (ECONNRESET, ECONNREFUSED, ...) or one of this file's. */
export interface HttpRequestError extends Error {
  code?: string;
}

export interface RequesterOptions {
  connectTimeoutMs?: number;
  /** undici's headers and body timeouts; the caller's overall deadline still bounds the exchange. */
  responseTimeoutMs?: number;
  /** Name resolution, for tests that need a connection which never gets made. */
  lookup?: (hostname: string, options: object, callback: (...args: never[]) => void) => void;
  /** The environment the proxy variables are read from; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

/**
 * Sends requests over one keep-alive pool, made on first use. Loopback URLs (the sandbox, tests)
 * always go direct, as @actions/http-client treats them for the GitHub calls: a proxy on the
 * runner cannot reach this machine's own ports.
 */
export class HttpRequester {
  readonly #options: RequesterOptions;
  #dispatcher: DispatcherType | undefined;

  constructor(options: RequesterOptions = {}) {
    this.#options = options;
  }

  async send(exchange: HttpExchange): Promise<HttpAnswer> {
    const url = new URL(exchange.url);
    const dispatcher = this.#dispatcherFor(url);
    try {
      const response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: exchange.method,
        headers: exchange.headers,
        body: exchange.body,
        signal: exchange.signal,
      });
      const text = await decodedText(response);
      // undici hands the connection back to its pool a turn of the event loop after the body
      // ends; a request sent before then opens a second connection (a TLS handshake) for nothing.
      await new Promise((resolve) => setImmediate(resolve));
      const header = (name: string): string | undefined => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      return {
        status: response.statusCode,
        retryAfter: header('retry-after'),
        contentType: header('content-type'),
        location: header('location'),
        text,
      };
    } catch (error) {
      throw exchange.signal.aborted ? error : asRequestError(error, url);
    }
  }

  /**
   * The variable whose proxy requests to `url` use unless NO_PROXY names the host (which undici
   * decides), for messages; undefined for loopback URLs and when none is set.
   */
  proxyVariable(url: string): string | undefined {
    const { protocol, hostname } = new URL(url);
    if (isLoopback(hostname)) return undefined;
    const env = this.#options.env ?? process.env;
    const names = protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
    return names.find((name) => env[name]?.trim());
  }

  /** Closes pooled connections; requests still running fail. */
  async close(): Promise<void> {
    await this.#dispatcher?.destroy().catch(() => undefined);
  }

  #dispatcherFor(url: URL): DispatcherType {
    if (this.#dispatcher) return this.#dispatcher;
    const { connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, responseTimeoutMs, lookup } = this.#options;
    const options: ConstructorParameters<typeof Agent>[0] = {
      keepAliveTimeout: IDLE_SOCKET_MS,
      connect: { timeout: connectTimeoutMs, ...(lookup ? { lookup } : {}) },
      ...(responseTimeoutMs ? { headersTimeout: responseTimeoutMs, bodyTimeout: responseTimeoutMs } : {}),
    };
    const env = this.#options.env ?? process.env;
    // Each variable is passed, '' when unset, so that undici reads nothing from process.env on its
    // own. HTTP_PROXY is given only for an http:// URL, because undici would also send https
    // through it when HTTPS_PROXY is unset; @actions/http-client, which carries the GitHub calls of
    // the same run, does not, and neither does curl.
    this.#dispatcher = isLoopback(url.hostname)
      ? new Agent(options)
      : new EnvHttpProxyAgent({
          ...options,
          httpProxy: url.protocol === 'http:' ? proxyUrl(env, 'http_proxy', 'HTTP_PROXY') : '',
          httpsProxy: proxyUrl(env, 'https_proxy', 'HTTPS_PROXY'),
          noProxy: env['no_proxy'] || env['NO_PROXY'] || '',
        });
    return this.#dispatcher;
  }
}

/**
 * The body as text. The client asks for compression, as fetch would (a listing page of 1,000
 * numbers is about a megabyte of JSON before it); undici's `request` leaves decoding to the caller
 * (its decompress interceptor is still experimental and warns on every run).
 */
async function decodedText(response: DispatcherType.ResponseData): Promise<string> {
  const header = response.headers['content-encoding'];
  const encoding = (Array.isArray(header) ? header.join(',') : header)?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return response.body.text();
  const bytes = Buffer.from(await response.body.arrayBuffer());
  // Loaded only when a server compresses: most answers (and every test fake) do not.
  const zlib = await import('node:zlib');
  const { promisify } = await import('node:util');
  const decoders: Record<string, (input: Buffer) => Promise<Buffer>> = {
    gzip: promisify(zlib.gunzip),
    'x-gzip': promisify(zlib.gunzip),
    deflate: promisify(zlib.inflate),
    br: promisify(zlib.brotliDecompress),
  };
  const decode = decoders[encoding];
  if (decode === undefined) throw new Error(`unsupported content-encoding '${encoding}'`);
  return (await decode(bytes)).toString('utf8');
}

/**
 * A proxy variable's value as a URL; `host:port` without a scheme means http://, as curl and
 * @actions/http-client read it. '' when neither spelling is set.
 */
function proxyUrl(env: Record<string, string | undefined>, lower: string, upper: string): string {
  const name = env[lower]?.trim() ? lower : upper;
  const value = env[name]?.trim() ?? '';
  if (value === '') return '';
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    // The value may carry a password: say which variable, not what it holds.
    throw new Error(`${name} is not a proxy URL such as http://proxy.example:3128; fix or unset it`);
  }
  return url;
}

/** Whether a base URL points at this machine (a sandbox or a fake, never Vapi itself). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopback(new URL(url).hostname);
  } catch {
    return false;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * undici's errors in the transport's terms: whether anything may have reached Vapi decides what a
 * failed POST means (see retry.ts), so each is named by what happened to the connection.
 */
function asRequestError(error: unknown, url: URL): HttpRequestError {
  const undiciCode = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (undiciCode) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return codedError(`no connection to ${url.host} in time`, CONNECT_TIMEOUT_CODE, error);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return codedError(message, RESPONSE_TIMEOUT_CODE, error);
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      // The socket's own error (ECONNRESET, EPIPE) says more when undici kept it; "other side
      // closed" has none and is a reset by another name.
      return codedError(message, causeCode(error) ?? 'ECONNRESET', error);
    case 'UND_ERR_PRX_TLS':
      return codedError(`no TLS connection to the proxy: ${message}`, PROXY_REFUSED_CODE, error);
    default:
      if (/^Proxy /.test(message)) return codedError(message, PROXY_REFUSED_CODE, error);
      return error instanceof Error ? error : new Error(message);
  }
}

function causeCode(error: unknown): string | undefined {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function codedError(message: string, code: string, cause: unknown): HttpRequestError {
  const error: HttpRequestError = new Error(message, { cause });
  error.code = code;
  return error;
}
