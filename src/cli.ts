// The command-line tool: the action's engine on a laptop. Flags become the action's inputs, run()
// does the work, and the outcome is printed as a table or one JSON document.
import { readFileSync } from 'node:fs';
import { Cancellation, isCancellation } from './cancel.js';
import {
  checkFlags,
  firstPositional,
  inputsOf,
  parseCommandLine,
  suggestCommand,
  UsageError,
  type ParsedArgs,
  ENGINE_COMMANDS,
} from './cli/args.js';
import { colourWanted, palette } from './cli/colour.js';
import { commandHelp, globalHelp, isEngineCommand } from './cli/help.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo, type SubcommandEntry } from './cli/io.js';
import { terminalLog, type TerminalLog } from './cli/log.js';
import { ProgressLine, RunProgress } from './cli/progress.js';
import { renderJson, renderJsonError, renderTable } from './cli/report.js';
import { cliWords } from './cli/words.js';
import { ConfigError } from './config/types.js';
import { gitHubAccess } from './github/context.js';
import type { Command } from './plan/types.js';
import { run } from './run.js';
import { readSettings, SettingsError, type Settings, CLI_EXPORT_RULES } from './settings.js';
import type { ExportOutcome } from './export/run-export.js';

export type { CliIo } from './cli/io.js';

/**
 * Subcommands that are separate programs, loaded only when named so that `plan` and `apply` never
 * pay for them. Each resolves to undefined when this build does not include it.
 */
const SUBCOMMANDS: Record<string, () => Promise<SubcommandEntry | undefined>> = {
  sandbox: async () => {
    try {
      return (await import('./sandbox/cli.js')).runSandboxCommand;
    } catch (error) {
      // A bundle built without the sandbox still runs every other command.
      if (isMissingModule(error, 'sandbox/cli')) return undefined;
      throw error;
    }
  },
};

/** Runs one command line; resolves to the exit code (0 success, 1 failure, 2 usage or config error). */
export async function cli(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const subcommand = firstPositional(argv);
    if (subcommand !== undefined && SUBCOMMANDS[subcommand]) return await runSubcommand(subcommand, argv, io);
    const parsed = parseCommandLine(argv);
    if (parsed.version) {
      io.stdout.write(`vapi-numbers ${version()}\n`);
      return EXIT_OK;
    }
    const { command } = parsed;
    if (command === undefined) {
      (parsed.help ? io.stdout : io.stderr).write(globalHelp());
      return parsed.help ? EXIT_OK : EXIT_USAGE;
    }
    if (parsed.help && SUBCOMMANDS[command]) return await runSubcommand(command, [command, '--help'], io);
    if (!isEngineCommand(command)) {
      throw new UsageError(
        `Unknown command '${command}'.${suggestCommand(command, [...ENGINE_COMMANDS, ...Object.keys(SUBCOMMANDS)])}`,
      );
    }
    if (parsed.help) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    checkFlags(command, parsed.values);
    return await runEngine(command, parsed.values, io);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      // A bug, or a subcommand that threw: still an exit code, never an unhandled rejection.
      io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
    const where =
      error.command && isEngineCommand(error.command) ? `vapi-numbers ${error.command} --help` : 'vapi-numbers --help';
    if (json) io.stdout.write(renderJsonError(error.message, undefined, []));
    io.stderr.write(`error: ${error.message}\nRun '${where}' for usage.\n`);
    return EXIT_USAGE;
  }
}

async function runSubcommand(name: string, argv: string[], io: CliIo): Promise<number> {
  const entry = await SUBCOMMANDS[name]?.();
  if (!entry) {
    io.stderr.write(`error: '${name}' is not available in this build of vapi-numbers.\n`);
    return EXIT_USAGE;
  }
  const index = argv.indexOf(name);
  return entry(index < 0 ? argv : [...argv.slice(0, index), ...argv.slice(index + 1)], io);
}

async function runEngine(command: Command, values: ParsedArgs['values'], io: CliIo): Promise<number> {
  const json = values['json'] === true;
  const debug = values['debug'] === true || io.env['RUNNER_DEBUG'] === '1';
  const stderrIsTTY = io.stderrIsTTY ?? io.isTTY;
  // A width the pty does not know (0) or an absurd one would cut every message to nothing.
  const columns = io.columns !== undefined && io.columns >= 20 ? io.columns : 80;
  const progressLine = new ProgressLine(io.stderr, stderrIsTTY, columns);
  const log = terminalLog({
    stderr: io.stderr,
    debug,
    colours: palette(colourWanted(stderrIsTTY, io.env)),
    progressLine,
    progress: new RunProgress(progressLine),
  });
  // The key (and token) are registered before anything runs, so no line below can show them.
  const apiKey = (io.env['VAPI_API_KEY'] ?? '').trim();
  log.setSecret(apiKey);
  log.setSecret(inputsOf(command, values, io.env)('github-token').trim());
  const stop = (error: unknown): number => reportStop(error, { log, json, command, io, debug });

  if (apiKey === '') {
    log.error(
      'VAPI_API_KEY is not set. Export your Vapi private API key (dashboard: Organization > API Keys), ' +
        "e.g. export VAPI_API_KEY=... . To try without an account, run 'vapi-numbers sandbox' and use the URL and key it prints.",
    );
    if (json) io.stdout.write(renderJsonError('VAPI_API_KEY is not set.', undefined, []));
    return EXIT_USAGE;
  }
  const repo = values['repo'];
  const env = typeof repo === 'string' ? { ...io.env, GITHUB_REPOSITORY: repo } : io.env;
  let settings: Settings;
  try {
    settings = {
      ...readSettings(inputsOf(command, values, io.env), io.env, cliWords(values, io.env), CLI_EXPORT_RULES),
      workspace: io.cwd,
    };
    checkPullRequestAccess(settings, env);
  } catch (error) {
    return stop(error);
  }
  // The inline list is not shown: its literal secrets are only known (and scrubbed) once it is parsed.
  const numbersYaml = settings.numbersYaml === undefined ? undefined : `(${settings.numbersYaml.split('\n').length} lines)`;
  log.debug(
    `Settings: ${JSON.stringify({ ...settings, apiKey: '***', githubToken: settings.githubToken ? '***' : '', numbersYaml })}`,
  );

  const { cancel } = io;
  cancel?.onCancel((signal, repeated) => log.warning(cancelNotice(cancel, signal, repeated)));
  try {
    const running = run(settings, { log, env, ...(cancel ? { cancel } : {}) });
    const outcome = cancel ? await Promise.race([running, notAfterHardStop(cancel)]) : await running;
    progressLine.done();
    const exported = 'exported' in outcome ? (outcome as ExportOutcome).exported : undefined;
    if (exported && exported.file === undefined && !json) {
      // `export` without --output: the config itself is the output, ready for `> file`.
      io.stdout.write(exported.text);
      return EXIT_OK;
    }
    io.stdout.write(
      json
        ? withExportedConfig(renderJson(outcome, log.secrets), exported)
        : renderTable(outcome, { secrets: log.secrets, colours: palette(colourWanted(io.isTTY, io.env)) }),
    );
    return outcome.failed ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    return stop(error);
  } finally {
    progressLine.done();
  }
}

/** `export --json` without --output: the config text rides in the document, as `config`. */
function withExportedConfig(json: string, exported: ExportOutcome['exported'] | undefined): string {
  if (!exported || exported.file !== undefined) return json;
  const document = JSON.parse(json) as Record<string, unknown>;
  return `${JSON.stringify({ ...document, config: exported.text, variables: exported.variables }, null, 2)}\n`;
}

/**
 * `--pr-closed` without a token or a repository is a command line that cannot work: said before
 * any request, as a usage error, rather than after the inventory as a failed run.
 */
function checkPullRequestAccess(settings: Settings, env: Record<string, string | undefined>): void {
  if (settings.command !== 'cleanup' || !settings.prClosed) return;
  let reason: string | undefined;
  gitHubAccess(settings.githubToken, env, (why) => (reason = why), settings.words?.github);
  if (reason !== undefined) throw new SettingsError(reason);
}

/** A run that stopped before it had an outcome: explain it, and pick the exit code. */
function reportStop(
  error: unknown,
  context: { log: TerminalLog; json: boolean; command: Command; io: CliIo; debug: boolean },
): number {
  const { log, json, command, io, debug } = context;
  let message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error && error.stack) log.debug(error.stack);
  if (io.cancel?.cancelled) {
    // Exit 1, not the usage code: the run was stopped, not wrongly called.
    const stopped = stoppedByCancel(io.cancel);
    message = isCancellation(error) ? stopped : `${stopped}\n${message}`;
    log.error(message);
    if (json) io.stdout.write(renderJsonError(message, undefined, log.secrets));
    return EXIT_FAILED;
  }
  if (error instanceof ConfigError) {
    // The engine has normally printed each problem already, positioned; print any it did not.
    for (const problem of error.problems) {
      const text = `${problem.path ? `${problem.path}: ` : ''}${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
      if (!log.located.has(`${problem.file}:${problem.line}:${problem.column}: ${text}`)) {
        log.error(text, { file: problem.file, line: problem.line, column: problem.column });
      }
    }
    const headline = (message.split('\n')[0] ?? message).replace(/:$/, '.');
    log.error(headline);
    if (json) io.stdout.write(renderJsonError(headline, error.problems, log.secrets));
    return EXIT_USAGE;
  }
  const usage = error instanceof SettingsError;
  log.error(message);
  if (usage) log.line(`Run 'vapi-numbers ${command} --help' for the flags.`);
  if (json) io.stdout.write(renderJsonError(message, undefined, log.secrets));
  return usage ? EXIT_USAGE : EXIT_FAILED;
}

function isMissingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find|failed to load/i.test(message)) &&
    message.includes(name)
  );
}

/** Read only when asked. `../package.json` is the package root from both `src/` and `dist/`. */
function version(): string {
  try {
    const parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The CLI on this process's streams: what `dist/cli.js` runs. Sets the exit code, never exits. */
export async function runCli(): Promise<void> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    columns: process.stderr.columns,
  };
  const argv = process.argv.slice(2);
  // Listening before anything runs, and only for the engine's commands (the sandbox has its own).
  const first = firstPositional(argv);
  let stopListening = (): void => undefined;
  if (first !== undefined && isEngineCommand(first)) {
    io.cancel = new Cancellation({
      describe: (signal) => (signal === 'SIGINT' ? 'interrupted with Ctrl+C' : `stopped by ${signal}`),
    });
    stopListening = io.cancel.listen();
  }
  try {
    // exitCode, not exit(): a pending write to a pipe would be cut off.
    process.exitCode = await cli(argv, io);
  } finally {
    stopListening();
  }
}

function cancelNotice(cancel: Cancellation, signal: string, repeated: boolean): string {
  const key = signal === 'SIGINT' ? 'Ctrl+C' : signal;
  if (repeated) return `${key} again: reporting now, without waiting any longer for requests in flight.`;
  const waiting =
    cancel.inFlight === 0
      ? 'none is in flight'
      : `waiting up to ${cancel.graceMs / 1000} s for the ${cancel.inFlight} in flight (${key} again stops waiting)`;
  return `${key}: stopping. No new request is sent; ${waiting}.`;
}

/** Rejects `hardStopMs` after a signal, so a request that hangs cannot hold the report back. */
async function notAfterHardStop(cancel: Cancellation): Promise<never> {
  await cancel.hardStop();
  throw new Error(`The run did not stop within ${cancel.hardStopMs / 1000} s.`);
}

/** Why a run that was stopped before it had an outcome ended, in the CLI's words. */
function stoppedByCancel(cancel: Cancellation): string {
  const cause = cancel.causeSentence;
  if (cancel.writesStarted === 0) return `${cause} before any change: nothing was written.`;
  return (
    `${cause} after ${cancel.writesStarted} write request${cancel.writesStarted === 1 ? ' was' : 's were'} sent; ` +
    "which of them Vapi carried out is not known. Run 'vapi-numbers plan' with the same flags to see the live state, " +
    "and wait about a minute before applying again: Vapi's list can lag behind a create, and a run that does not " +
    'see a number yet buys it a second time.'
  );
}
