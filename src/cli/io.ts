// What the command-line tool needs from its process, passed in so tests run it in-process.
import type { Cancellation } from '../cancel.js';

/** Anything text can be written to: process.stdout, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** The streams, environment and directory one CLI invocation runs with. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: decides colour. */
  isTTY: boolean;
  /** Whether stderr is a terminal: decides the progress line. Defaults to `isTTY`. */
  stderrIsTTY?: boolean;
  /** Where relative config paths start. */
  cwd: string;
  /** Width of the terminal stderr writes to, so the progress line never wraps. */
  columns?: number;
  /** Set by runCli, which listens for Ctrl+C (SIGINT) and SIGTERM: the run stops in order. */
  cancel?: Cancellation;
}

/** A subcommand's entry point (the `sandbox` module exports one as `cli`): returns the exit code. */
export type SubcommandEntry = (argv: string[], io: CliIo) => Promise<number>;

/** Exit codes: the contract scripts depend on (SPEC section 8). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
