// Starting the sandbox as the product runs it (the `sandbox` command, the demo, the benchmark):
// loopback, any key unless one is given, seeded on first start, optionally persisted to a file.
import { StateFileError, StateWriter, loadState } from './state-file.js';
import { VapiSandbox } from './server.js';

/** The names examples/vapi-numbers.yml refers to, so the example resolves against a new sandbox. */
export const SEEDED_ASSISTANTS: readonly string[] = ['Support Bot', 'After Hours Bot'];
export const SEEDED_SQUADS: readonly string[] = ['Sales Squad'];

/** How to start a sandbox; every field is optional. */
export interface SandboxOptions {
  /** Loopback host: '127.0.0.1' (default), '::1' or 'localhost'; anything else is refused. */
  host?: string;
  /** TCP port; default 0, any free port. */
  port?: number;
  /** JSON file to load at start (created when missing) and rewrite after every change. */
  stateFile?: string;
  /** The only key accepted; by default any non-empty Bearer token is. */
  apiKey?: string;
  /** Milliseconds every response is held, to simulate a network round trip; default 0. */
  latencyMs?: number;
  /** Requests a second a token bucket allows before it answers 429 with Retry-After; default none. */
  rateLimit?: number;
  /** Keep every request in `sandbox.requests` (the benchmark counts them); default false. */
  recordRequests?: boolean;
  /**
   * Send twilioAuthToken, twilioApiSecret and authentication.password back, as the OpenAPI response
   * schemas declare them; default false, since whether the real API does is unverified.
   */
  returnSecrets?: boolean;
  /** Told when writing the state file fails (the sandbox keeps serving). */
  onStateError?: (err: Error) => void;
}

/** A started sandbox. */
export interface RunningSandbox {
  /** Base URL to point VAPI_BASE_URL at, e.g. http://127.0.0.1:4010. */
  url: string;
  /** The server itself, for callers that inspect requests or edit numbers out of band. */
  sandbox: VapiSandbox;
  /** Whether this start seeded the assistants and squads (a new state, not a loaded one). */
  seeded: boolean;
  /** Phone numbers present at start (loaded from the state file). */
  loadedNumbers: number;
  /** Stops listening and writes the state file one last time. */
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = options.stateFile === undefined ? undefined : await loadState(options.stateFile);
  let writer: StateWriter | undefined;
  const sandbox = await VapiSandbox.start({
    host: options.host,
    port: options.port,
    apiKey: options.apiKey,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
    recordRequests: options.recordRequests,
    returnSecrets: options.returnSecrets,
    state,
    onChange: () => writer?.schedule(),
  });
  if (options.stateFile !== undefined) {
    writer = new StateWriter(options.stateFile, () => sandbox.snapshot(), options.onStateError);
  }
  const seeded = state === undefined;
  if (seeded) {
    for (const name of SEEDED_ASSISTANTS) sandbox.seedAssistant(name);
    for (const name of SEEDED_SQUADS) sandbox.seedSquad(name);
  }
  try {
    // Creates a missing state file now, so an unwritable path fails the start, not a later request.
    if (writer && seeded) {
      writer.schedule();
      await writer.flush();
    }
  } catch (err) {
    await sandbox.close();
    throw new StateFileError(options.stateFile as string, `cannot write it (${(err as Error).message})`);
  }
  return {
    url: sandbox.url,
    sandbox,
    seeded,
    loadedNumbers: state?.phoneNumbers.length ?? 0,
    async close() {
      await sandbox.close();
      await writer?.flush();
    },
  };
}
