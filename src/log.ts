import { scrubSecrets } from './report/scrub.js';

/** Where a message points in the user's files, for an annotation. */
export interface LogLocation {
  file: string;
  line: number;
  column: number;
  title?: string;
}

/**
 * The run's voice. The action writes workflow commands (groups, annotations, masks); the CLI
 * writes to stderr. The engine never prints directly, so both shells say the same things.
 */
export interface RunLog {
  info(message: string): void;
  /** With a location: a warning annotation on that file and line (a config warning). */
  warning(message: string, location?: LogLocation): void;
  error(message: string, location?: LogLocation): void;
  debug(message: string): void;
  isDebug(): boolean;
  /** Runs `fn` inside a collapsible log group named after a phase. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a value that must never be shown. Called before the value could reach any log. */
  setSecret(value: string): void;
}

/** A log that keeps everything in memory, secrets scrubbed: for tests, and the CLI's --json mode. */
export function memoryLog(debugEnabled = false): RunLog & { lines: string[] } {
  const lines: string[] = [];
  const secrets = new Set<string>();
  const add = (line: string): void => {
    lines.push(scrubSecrets(line, secrets));
  };
  return {
    lines,
    info: (message) => add(`info: ${message}`),
    warning: (message, location) =>
      add(`warning: ${location ? `${location.file}:${location.line}:${location.column}: ` : ''}${message}`),
    error: (message, location) =>
      add(`error: ${location ? `${location.file}:${location.line}:${location.column}: ` : ''}${message}`),
    debug: (message) => {
      if (debugEnabled) add(`debug: ${message}`);
    },
    isDebug: () => debugEnabled,
    group: async (name, fn) => {
      add(`group: ${name}`);
      return fn();
    },
    setSecret: (value) => {
      if (value) secrets.add(value);
    },
  };
}
