// Kills the built action (dist/index.js, under Node 24) at a chosen request boundary: when the fake
// receives the run's k-th request it holds it unanswered (before or after making the change) and
// the child is SIGKILLed from the fault listener, so the process dies with that request in flight.
// Also runs the engine in-process against an existing fake, for the clean runs that follow.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { memoryLog } from '../../src/log.js';
import { run, type RunOutcome } from '../../src/run.js';
import type { Settings } from '../../src/settings.js';
import { engineSettings } from './engine.js';
import { createVapiClient } from '../../src/vapi/client.js';
import type { FakeVapi, FaultMethod } from '../fake-vapi/index.js';
import { NODE24, REPO_ROOT, parseOutputFile, runnerEnvironment, type DistRun } from './run-dist.js';

export interface ChildRun extends DistRun {
  /** The signal that ended the child, e.g. 'SIGKILL'; null when it exited by itself. */
  signal: NodeJS.Signals | null;
}

export interface ActionInputs {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  workspace: string;
}

/** Starts dist/index.js as a runner would; `done` settles when the child is gone. */
export function spawnAction(options: ActionInputs, timeoutMs = 30_000): { child: ChildProcess; done: Promise<ChildRun> } {
  const { env, outputFile, summaryFile } = runnerEnvironment(options);

  const child = spawn(NODE24, [path.join(REPO_ROOT, 'dist/index.js')], { env, cwd: options.workspace });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dist/index.js did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? -1,
        signal,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
      });
    });
  });
  return { child, done };
}

export type CrashKind = 'hang-before' | 'hang-after';

export interface CrashPoint {
  /** 0-based index of the request, counted from this run's first request. */
  request: number;
  kind: CrashKind;
}

export interface CrashReport extends ChildRun {
  /** The request the child died on, as `METHOD /path`; undefined if it never got that far. */
  killedOn?: string;
  /** How many requests the child sent before it died. */
  requestsSeen: number;
}

/**
 * Runs the action against `fake` and SIGKILLs it while its `crash.request`-th request is held open
 * (`hang-before`: the server made no change; `hang-after`: the change is made). The picker and
 * listener are removed before this resolves.
 */
export async function runUntilCrash(fake: FakeVapi, options: ActionInputs, crash: CrashPoint): Promise<CrashReport> {
  let base: number | undefined;
  let seen = 0;
  let killedOn: string | undefined;
  const { child, done } = spawnAction(options);
  fake.setFaultPicker((request) => {
    base ??= request.index;
    seen++;
    if (request.index - base !== crash.request) return undefined;
    return { method: request.method as FaultMethod, kind: crash.kind };
  });
  fake.setFaultListener((fault, request) => {
    if (fault.kind !== crash.kind || killedOn !== undefined) return;
    killedOn = `${request.method} ${request.path}`;
    child.kill('SIGKILL');
  });
  try {
    const result = await done;
    return { ...result, requestsSeen: seen, ...(killedOn === undefined ? {} : { killedOn }) };
  } finally {
    fake.setFaultPicker(undefined);
    fake.setFaultListener(undefined);
  }
}

/** Runs dist/index.js to the end with no faults. */
export async function runClean(options: ActionInputs): Promise<ChildRun> {
  return spawnAction(options).done;
}

/** The engine in-process against an existing fake and workspace, with short re-listing waits. */
export async function engineOn(
  fake: FakeVapi,
  workspace: string,
  apiKey: string,
  overrides: Partial<Settings> = {},
): Promise<RunOutcome & { log: string[] }> {
  const log = memoryLog(true);
  const settings = engineSettings({ apiKey, baseUrl: fake.url, workspace, ...overrides });
  const outcome = await run(settings, {
    log,
    env: {},
    relistDelaysMs: [0, 20, 50],
    createClient: (clientOptions) =>
      createVapiClient({ ...clientOptions, retryBaseMs: 5, retryMaxDelayMs: 50, requestTimeoutMs: 2_000 }),
  });
  return { ...outcome, log: log.lines };
}

/** Runs `task` over `items` with at most `limit` at a time; results keep the items' order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
