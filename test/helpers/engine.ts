// Runs the engine in-process against the fake Vapi, with a real config file in a temp workspace.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';
import { memoryLog } from '../../src/log.js';
import { run, type RunDependencies, type RunOutcome } from '../../src/run.js';
import type { Settings } from '../../src/settings.js';
import { createVapiClient } from '../../src/vapi/client.js';
import type { VapiClient } from '../../src/vapi/types.js';
import { FakeVapi, type FakeVapiOptions } from '../fake-vapi/index.js';

export const API_KEY = 'test-key';

/** Settings as readSettings would give for an `apply` of `vapi-numbers.yml`, with overrides. */
export function engineSettings(overrides: Partial<Settings> & Pick<Settings, 'apiKey' | 'baseUrl' | 'workspace'>): Settings {
  const settings: Settings = {
    command: 'apply',
    configPath: 'vapi-numbers.yml',
    dryRun: false,
    prune: false,
    protect: [],
    maxDeletions: 10,
    failOnChanges: false,
    ...overrides,
  };
  if (settings.command === 'plan') settings.dryRun = true;
  return settings;
}

export interface World {
  fake: FakeVapi;
  workspace: string;
  writeConfig(text: string, file?: string): string;
  /** Runs the engine once; settings default to `apply` of `vapi-numbers.yml`. */
  engine(
    overrides?: Partial<Settings>,
    env?: Record<string, string>,
    deps?: Partial<RunDependencies>,
  ): Promise<RunOutcome & { log: string[] }>;
  close(): Promise<void>;
}

export interface WorldOptions extends FakeVapiOptions {
  requestTimeoutMs?: number;
  /** Wraps the real client, e.g. to let "another run" act between two requests. */
  wrapClient?: (client: VapiClient, fake: FakeVapi) => VapiClient;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const fake = await FakeVapi.start({ apiKey: API_KEY, ...options });
  const workspace = tempDir('vapi-numbers-ws-');
  return {
    fake,
    workspace,
    writeConfig(text, file = 'vapi-numbers.yml') {
      writeFileSync(path.join(workspace, file), text);
      return file;
    },
    async engine(overrides = {}, env = {}, deps = {}) {
      const log = memoryLog(true);
      const settings = engineSettings({ apiKey: API_KEY, baseUrl: fake.url, workspace, ...overrides });
      const outcome = await run(settings, {
        log,
        env,
        relistDelaysMs: [0, 20, 50],
        createClient: (clientOptions) => {
          const client = createVapiClient({
            ...clientOptions,
            retryBaseMs: 5,
            retryMaxDelayMs: 50,
            requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
          });
          return options.wrapClient ? options.wrapClient(client, fake) : client;
        },
        ...deps,
      });
      return { ...outcome, log: log.lines };
    },
    close: () => fake.close(),
  };
}

/** Counts the fake's recorded requests by method. */
export function countByMethod(fake: FakeVapi): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of fake.requests) counts[request.method] = (counts[request.method] ?? 0) + 1;
  return counts;
}

/** Names that more than one stored number carries. */
export function duplicatedNames(fake: FakeVapi): string[] {
  const seen = new Map<string, number>();
  for (const number of fake.numbers()) {
    const name = (number as { name?: string }).name;
    if (name) seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([name]) => name);
}
