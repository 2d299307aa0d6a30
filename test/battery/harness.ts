// Runs one battery case in-process: seed the fake, a faulty run, dashboard edits, two clean runs;
// records for each run what the invariant checkers need (requests, ground truth before and after,
// the outcome or the error, every wait the engine asked for, every fault that fired).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryLog } from '../../src/log.js';
import { renderReport } from '../../src/report/markdown.js';
import { run, type RunOutcome } from '../../src/run.js';
import type { Settings } from '../../src/settings.js';
import { createVapiClient } from '../../src/vapi/client.js';
import type { VapiClient } from '../../src/vapi/types.js';
import { seededRandom } from '../../src/sandbox/store.js';
import { FakeVapi, type Fault, type RecordedRequest, type StoredNumber } from '../fake-vapi/index.js';
import { ASSISTANTS, ASSISTANT_REF, SECRETS, configText } from './model.js';
import type { BatteryCase, FaultSpec } from './model.js';

const API_KEY = 'battery-key';
/** Long enough that a loaded CI box never times out a healthy request in a clean run. */
const CLEAN_TIMEOUT_MS = 5_000;
/** Only runs whose schedule hangs a request get this short timeout (a hang costs it in real time). */
const HANG_TIMEOUT_MS = 120;

export interface FiredFault {
  fault: Fault;
  record: RecordedRequest;
  /** Wall-clock ms when the fault took effect (for Retry-After dates). */
  at: number;
}

export interface RunTrace {
  label: 'faulty' | 'clean-1' | 'clean-2';
  requests: RecordedRequest[];
  before: StoredNumber[];
  after: StoredNumber[];
  outcome?: RunOutcome & { report: string; log: string[] };
  thrown?: string;
  /** Every wait asked of the injected sleep (client backoff and engine re-list delays). */
  sleeps: number[];
  fired: FiredFault[];
  /** No fault fired and no read lag could hide a number: the run must not fail spuriously. */
  faultFree: boolean;
}

export interface CaseTrace {
  c: BatteryCase;
  runs: RunTrace[];
  assistantIds: Map<string, string>;
  /** Ids the dashboard edits added (duplicates): never the action's doing. */
  seededIds: Set<string>;
  /** Ids the dashboard edits renamed: a duplicate they make is not the action's doing either. */
  renamedIds: Set<string>;
}

/** Turns a scheduled fault into the fake's Fault; `date:±N` becomes an HTTP date from now. */
function materialise(spec: FaultSpec, method: Fault['method']): Fault {
  if (spec.kind === 'rate-limit') {
    let retryAfter = spec.retryAfter;
    const date = retryAfter && /^date:([+-]\d+)$/.exec(retryAfter);
    if (date) retryAfter = new Date(Math.ceil((Date.now() + Number(date[1]) * 1000) / 1000) * 1000).toUTCString();
    return { method, kind: 'rate-limit', ...(retryAfter === undefined ? {} : { retryAfter }) };
  }
  if (spec.kind === 'status-before' || spec.kind === 'status-after') return { method, kind: spec.kind, status: spec.status };
  return { method, kind: spec.kind };
}

function resolveRefs(fields: Record<string, unknown>, assistantIds: Map<string, string>): Record<string, unknown> {
  const id = fields.assistantId;
  if (typeof id === 'string' && id.startsWith(ASSISTANT_REF)) {
    return { ...fields, assistantId: assistantIds.get(id.slice(ASSISTANT_REF.length)) };
  }
  return fields;
}

/** Wraps the engine's client: lets a test check the checkers against a deliberately wrong client. */
export type ClientWrapper = (client: VapiClient) => VapiClient;

export interface CaseOptions {
  wrap?: ClientWrapper;
  /** The fake's cap on `limit`; default 100, the API's documented default page size. */
  maxListLimit?: number;
}

export async function runCase(c: BatteryCase, workspace: string, options: CaseOptions = {}): Promise<CaseTrace> {
  const { wrap } = options;
  const fake = await FakeVapi.start({
    apiKey: API_KEY,
    seed: c.seed,
    maxListLimit: options.maxListLimit ?? 100,
    returnSecrets: c.returnSecrets,
    freeNumberLimit: 100_000,
  });
  try {
    const assistantIds = new Map(ASSISTANTS.map((n) => [n, fake.seedAssistant(n).id] as const));
    for (const seed of c.remote) {
      fake.seedNumber({
        ...(seed.name === undefined ? {} : { name: seed.name }),
        provider: seed.provider,
        ...resolveRefs(seed.fields, assistantIds),
      });
    }
    writeFileSync(path.join(workspace, 'vapi-numbers.yml'), configText(c));
    const trace: CaseTrace = { c, runs: [], assistantIds, seededIds: new Set(), renamedIds: new Set() };

    const hangs = [...c.schedule.map((s) => s.fault), ...c.noise.faults].some((f) => f.kind.startsWith('hang'));
    const counters: Record<string, number> = {};
    const random = seededRandom(c.seed);
    fake.setFaultPicker((request) => {
      const method = request.method as Fault['method'];
      const n = counters[method] ?? 0;
      counters[method] = n + 1;
      const hit = c.schedule.find((s) => s.method === method && n >= s.nth && n < s.nth + s.count);
      if (hit) return materialise(hit.fault, method);
      // Background noise: any request may fail, drawn from the case's own pool of faults.
      const noise = c.noise.faults[Math.floor(random() * c.noise.faults.length)];
      return noise && random() < c.noise.rate ? materialise(noise, method) : undefined;
    });
    fake.setListLag(c.lag);
    trace.runs.push(await engineRun(fake, c, workspace, 'faulty', hangs ? HANG_TIMEOUT_MS : CLEAN_TIMEOUT_MS, wrap));
    fake.setFaultPicker(undefined);
    fake.setListLag(0);
    await drainLag(fake, c.lag);

    applyOutOfBand(fake, c, trace);
    trace.runs.push(await engineRun(fake, c, workspace, 'clean-1', CLEAN_TIMEOUT_MS, wrap));
    trace.runs.push(await engineRun(fake, c, workspace, 'clean-2', CLEAN_TIMEOUT_MS, wrap));
    return trace;
  } finally {
    await fake.close();
  }
}

async function engineRun(
  fake: FakeVapi,
  c: BatteryCase,
  workspace: string,
  label: RunTrace['label'],
  requestTimeoutMs: number,
  wrap: ClientWrapper | undefined,
): Promise<RunTrace> {
  const start = fake.requests.length;
  const before = fake.numbers();
  const sleeps: number[] = [];
  const fired: FiredFault[] = [];
  fake.setFaultListener((fault, record) => fired.push({ fault, record, at: Date.now() }));
  const log = memoryLog(false);
  const settings: Settings = {
    command: c.command,
    apiKey: API_KEY,
    configPath: 'vapi-numbers.yml',
    dryRun: false,
    prune: c.prune,
    protect: c.protectInput,
    maxDeletions: c.maxDeletions,
    failOnChanges: false,
    baseUrl: fake.url,
    workspace,
  };
  let jitter = c.seed;
  const trace: RunTrace = { label, requests: [], before, after: [], sleeps, fired, faultFree: false };
  try {
    const outcome = await run(settings, {
      log,
      env: { ...SECRETS },
      relistDelaysMs: [0, 2_000, 5_000],
      // Virtual time: waits are recorded, not spent, so Retry-After and backoff cost nothing.
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      createClient: (options) => {
        const client = createVapiClient({
          ...options,
          requestTimeoutMs,
          random: () => (jitter = (jitter * 48271) % 0x7fffffff) / 0x7fffffff,
        });
        return wrap ? wrap(client) : client;
      },
    });
    trace.outcome = { ...outcome, report: renderReport(outcome), log: log.lines };
  } catch (error) {
    trace.thrown = error instanceof Error ? error.message : String(error);
  }
  fake.setFaultListener(undefined);
  trace.requests = fake.requests.slice(start);
  trace.after = fake.numbers();
  const created = trace.requests.some((r) => r.created !== undefined);
  trace.faultFree = fired.length === 0 && (label !== 'faulty' || c.lag === 0 || !created);
  return trace;
}

/** Time passing between runs: list until no number created under read lag is still hidden. */
async function drainLag(fake: FakeVapi, lag: number): Promise<void> {
  const start = fake.requests.length;
  for (let i = 0; i < lag; i++) {
    await fetch(`${fake.url}/phone-number?limit=1`, { headers: { authorization: `Bearer ${API_KEY}` } });
  }
  // Not part of any run: the audit log of the case holds only the engine's requests.
  fake.requests.splice(start);
}

function applyOutOfBand(fake: FakeVapi, c: BatteryCase, trace: CaseTrace): void {
  for (const edit of c.outOfBand) {
    const entry = c.entries[edit.target % Math.max(1, c.entries.length)];
    if (!entry) return;
    const live = fake
      .numbers()
      .filter((n) => n.name === entry.name)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const target = live[0];
    if (!target) continue;
    if (edit.kind === 'rename') {
      fake.editNumber(target.id, { name: edit.to });
      trace.renamedIds.add(target.id);
    } else if (edit.kind === 'delete') fake.removeNumber(target.id);
    else if (edit.kind === 'change') fake.editNumber(target.id, edit.patch);
    else {
      const { id: _id, createdAt: _c, updatedAt: _u, orgId: _o, ...copy } = target;
      trace.seededIds.add(fake.seedNumber(copy).id);
    }
  }
}
