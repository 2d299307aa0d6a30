// The run's log in a terminal: warnings and errors on stderr, debug lines on request, info lines
// only as progress. Every line is scrubbed of the secrets registered so far.
import type { LogLocation, RunLog } from '../log.js';
import { scrubSecrets } from '../report/scrub.js';
import type { Palette } from './colour.js';
import type { TextSink } from './io.js';
import type { ProgressLine, RunProgress } from './progress.js';

/** The terminal log plus what the CLI needs to know afterwards. */
export interface TerminalLog extends RunLog {
  /** Every value registered with setSecret (the key first): scrubbed from all output. */
  readonly secrets: Set<string>;
  /** `file:line:column` of each located error printed, so a ConfigError is not printed twice. */
  readonly located: Set<string>;
  /** Writes one line to stderr, scrubbed, around the progress line. */
  line(text: string): void;
}

export interface TerminalLogOptions {
  stderr: TextSink;
  debug: boolean;
  colours: Palette;
  progressLine: ProgressLine;
  progress: RunProgress;
}

export function terminalLog(options: TerminalLogOptions): TerminalLog {
  const { stderr, debug, colours, progressLine, progress } = options;
  const secrets = new Set<string>();
  const located = new Set<string>();
  // Scrubbed, and stripped of control characters before colour is added: an API message quoted in
  // a warning must not be able to move the cursor or recolour the terminal.
  const plain = (text: string): string => scrubSecrets(text, secrets).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');
  const line = (text: string): void => progressLine.around(() => stderr.write(`${scrubSecrets(text, secrets)}\n`));
  return {
    secrets,
    located,
    line,
    info: (message) => {
      progress.info(message);
      if (debug) line(colours.dim(plain(message)));
    },
    warning: (message, location?: LogLocation) => {
      const where = location ? `${colours.bold(`${plain(`${location.file}:${location.line}:${location.column}`)}:`)} ` : '';
      line(`${where}${colours.yellow('warning:')} ${plain(message)}`);
    },
    error: (message, location?: LogLocation) => {
      if (!location) return line(`${colours.red('error:')} ${plain(message)}`);
      // The action's annotation text, led by its position: editors and terminals link file:line:column.
      const where = `${location.file}:${location.line}:${location.column}`;
      located.add(`${where}: ${message}`);
      line(`${colours.bold(`${plain(where)}:`)} ${colours.red(plain(message))}`);
    },
    debug: (message) => {
      progress.debug(message);
      if (debug) line(colours.dim(`debug: ${plain(message)}`));
    },
    isDebug: () => debug,
    group: async (name, fn) => {
      progress.phase(name);
      if (debug) line(colours.bold(`== ${name}`));
      return fn();
    },
    setSecret: (value) => {
      if (value) secrets.add(value);
    },
  };
}
