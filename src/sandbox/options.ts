// What a sandbox is started with and what it tells the tests about the requests it served.
import type { Fault } from './faults.js';
import type { StoreSnapshot } from './store.js';

/** The hosts the sandbox may listen on: it would hand any caller on the network a fake Vapi. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** A host outside LOOPBACK_HOSTS was asked for. */
export class SandboxHostError extends Error {
  constructor(host: string) {
    super(
      `Refusing to listen on '${host}': the sandbox accepts any API key, so it serves this machine only. ` +
        `Use one of ${LOOPBACK_HOSTS.join(', ')}.`,
    );
    this.name = 'SandboxHostError';
  }
}

export interface VapiSandboxOptions {
  /** Loopback interface to listen on; default '127.0.0.1'. Anything else throws SandboxHostError. */
  host?: string;
  /** TCP port; default 0, any free port. */
  port?: number;
  /** The only Bearer token accepted; undefined accepts any non-empty one. */
  apiKey?: string;
  /** Every response is held this many milliseconds, as a network round trip would be; default 0. */
  latencyMs?: number;
  /** A token bucket of this many requests a second; past it, 429 with Retry-After. Default none. */
  rateLimit?: number;
  /** Keep every request in `requests` (tests audit them); default false, so a long run stays small. */
  recordRequests?: boolean;
  /** Contents to start from, as `snapshot()` returned them (a state file's). */
  state?: StoreSnapshot;
  /** Called after each request or out-of-band edit that changed the contents. */
  onChange?: () => void;
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

/** A request about to be handled, as a fault picker sees it. */
export interface IncomingRequest {
  /** 0-based count of authenticated requests since the sandbox started (resetLog does not reset it). */
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
