// `vapi-numbers sandbox`: serves a Vapi-compatible phone-number API on loopback until interrupted,
// so a config can be tried without an account.
import { isAbsolute, resolve } from 'node:path';
import { parseFlags, UsageError, type FlagShape } from '../cli/args.js';
import { SandboxHostError } from './options.js';
import { SEEDED_ASSISTANTS, SEEDED_SQUADS, startSandbox } from './start.js';
import type { RunningSandbox, SandboxOptions } from './start.js';
import { StateFileError } from './state-file.js';

export { startSandbox, SEEDED_ASSISTANTS, SEEDED_SQUADS } from './start.js';
export type { RunningSandbox, SandboxOptions } from './start.js';

/** Fixed rather than random, so the printed `export VAPI_BASE_URL` line stays right across restarts. */
export const DEFAULT_PORT = 4010;

/** Anything text can be written to: process.stdout, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** What the command needs from its process; the CLI passes its own, tests a fake. */
export interface SandboxIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  isTTY?: boolean;
  /** Where a relative --state path starts. */
  cwd: string;
  /** Stops the sandbox like SIGINT does (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
}

const HELP = `Usage: vapi-numbers sandbox [--port N] [--state FILE] [--api-key KEY] [--latency MS] [--rate-limit N] [--host H]

Serves a Vapi-compatible phone-number, assistant and squad API on this machine, so a config can be
planned and applied without a Vapi account. It validates bodies and answers with the status codes
of the real API. Starts with the assistants ${SEEDED_ASSISTANTS.join(' and ')} and the squad ${SEEDED_SQUADS.join(', ')}.
Stops on Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port N        port to listen on (default ${DEFAULT_PORT}; 0 picks any free port)
  --state FILE    keep the numbers in FILE (JSON), loaded at start and written after every change;
                  without it everything is lost when the sandbox stops
  --api-key KEY   accept only this key (default: any key)
  --latency MS    hold every response MS milliseconds, to simulate a network (default 0)
  --rate-limit N  allow N requests a second (bursts of N), then answer 429 with Retry-After
  --host H        127.0.0.1 (default), ::1 or localhost; other hosts are refused
  -h, --help      show this help
`;

/** The sandbox's flags, parsed (and misspellings answered) like the main command line's. */
const SANDBOX_FLAGS: readonly FlagShape[] = [
  { name: 'port', type: 'string', value: 'N' },
  { name: 'state', type: 'string', value: 'FILE' },
  { name: 'api-key', type: 'string', value: 'KEY' },
  { name: 'latency', type: 'string', value: 'MS' },
  { name: 'rate-limit', type: 'string', value: 'N' },
  { name: 'host', type: 'string', value: 'H' },
  { name: 'help', type: 'boolean', short: 'h' },
];

/** A command line the sandbox cannot run with: exit code 2. */
class SandboxUsageError extends UsageError {}

interface ParsedArgs {
  help: boolean;
  options: SandboxOptions;
}

function wholeNumber(flag: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max) {
    throw new SandboxUsageError(`Invalid ${flag} '${raw}': expected a whole number from 0 to ${max}.`);
  }
  return value;
}

function parse(argv: string[], cwd: string): ParsedArgs {
  const { values } = parseFlags(argv, SANDBOX_FLAGS, { allowPositionals: false, command: 'sandbox' });
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const apiKey = text('api-key');
  if (apiKey !== undefined && apiKey.trim() === '') {
    throw new SandboxUsageError('Invalid --api-key: it is empty. Leave the flag out to accept any key.');
  }
  const port = text('port');
  const latency = text('latency');
  const options: SandboxOptions = {
    host: text('host') ?? '127.0.0.1',
    port: port === undefined ? DEFAULT_PORT : wholeNumber('--port', port, 65535),
    latencyMs: latency === undefined ? 0 : wholeNumber('--latency', latency, 60_000),
  };
  const rate = text('rate-limit');
  if (rate !== undefined) {
    const perSecond = wholeNumber('--rate-limit', rate, 100_000);
    if (perSecond === 0) throw new SandboxUsageError("Invalid --rate-limit '0': expected at least 1 request a second.");
    options.rateLimit = perSecond;
  }
  if (apiKey !== undefined) options.apiKey = apiKey;
  const state = text('state');
  if (state !== undefined) options.stateFile = isAbsolute(state) ? state : resolve(cwd, state);
  return { help: values['help'] === true, options };
}

/** A value safe to paste into a POSIX shell. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function banner(running: RunningSandbox, options: SandboxOptions): string {
  const lines = [`Vapi sandbox listening on ${running.url}`];
  if (options.stateFile === undefined) {
    lines.push('State: in memory, lost when the sandbox stops (--state FILE keeps it)');
  } else {
    const how = running.seeded ? 'new file' : `loaded ${running.loadedNumbers} phone number(s)`;
    lines.push(`State: ${options.stateFile} (${how})`);
  }
  const assistants = running.sandbox.assistants().map((a) => a.name);
  const squads = running.sandbox.squads().map((s) => s.name);
  lines.push(`Assistants: ${assistants.join(', ') || 'none'}; squads: ${squads.join(', ') || 'none'}`);
  lines.push(options.apiKey === undefined ? 'API key: any key is accepted' : 'API key: only the one given with --api-key');
  if (options.latencyMs) lines.push(`Latency: ${options.latencyMs} ms added to every response`);
  if (options.rateLimit) lines.push(`Rate limit: ${options.rateLimit} requests a second, then 429 with Retry-After`);
  lines.push(
    '',
    'In another shell:',
    `export VAPI_BASE_URL=${running.url}`,
    // Any key is accepted; this one is suggested because the key is masked in every message, and
    // a key that is a plain word ('sandbox') would mask that word too.
    `export VAPI_API_KEY=${shellQuote(options.apiKey ?? 'sandbox-key')}`,
    '',
    'Press Ctrl+C to stop.',
    '',
  );
  return lines.join('\n');
}

/** Resolves on SIGINT, SIGTERM or the io's abort signal, whichever comes first; `cancel` stops listening. */
function untilStopped(signal: AbortSignal | undefined): { reason: Promise<string>; cancel: () => void } {
  let cancel = (): void => undefined;
  const reason = new Promise<string>((resolveStop) => {
    const stop = (why: string) => {
      cancel();
      resolveStop(why);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    const onAbort = () => stop('abort');
    cancel = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
    };
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) stop('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return { reason, cancel };
}

function startFailure(err: unknown, options: SandboxOptions): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `Cannot listen on ${options.host}:${options.port}: the port is in use. Pick another with --port N (0 = any free port).`;
  }
  if (code === 'EACCES') return `Cannot listen on ${options.host}:${options.port}: permission denied. Pick a port above 1023.`;
  return `Cannot start the sandbox: ${err instanceof Error ? err.message : String(err)}`;
}

/** Runs `vapi-numbers sandbox` with the arguments after `sandbox`; resolves to the exit code. */
export async function runSandboxCommand(argv: string[], io: SandboxIo): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parse(argv, io.cwd);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`error: ${err.message}\nRun 'vapi-numbers sandbox --help' for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const { options } = parsed;
  // Listening for the signals before anything is printed: a caller that reads the export line and
  // at once sends SIGTERM must find the handler in place, not Node's default (exit by signal).
  const stopped = untilStopped(io.signal);
  let started = false;
  let running: RunningSandbox;
  try {
    running = await startSandbox({
      ...options,
      onStateError: (err) => {
        if (started) io.stderr.write(`Sandbox state not saved to ${options.stateFile}: ${err.message}\n`);
      },
    });
  } catch (err) {
    stopped.cancel();
    if (err instanceof SandboxHostError || err instanceof StateFileError) {
      io.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`error: ${startFailure(err, options)}\n`);
    return 1;
  }
  started = true;
  io.stdout.write(banner(running, options));
  const reason = await stopped.reason;
  try {
    await running.close();
  } catch (err) {
    io.stderr.write(`Sandbox stopped (${reason}), but its state was not saved: ${(err as Error).message}\n`);
    return 1;
  }
  const saved = options.stateFile === undefined ? '' : `; state saved to ${options.stateFile}`;
  io.stdout.write(`Sandbox stopped (${reason})${saved}.\n`);
  return 0;
}
