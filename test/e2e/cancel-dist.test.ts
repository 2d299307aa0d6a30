// GitHub's cancel (issue 12, item 2) through the built action: dist/index.js under Node 24 gets
// SIGINT while each request of a run is in flight, in turn. It must exit 1 by itself well within
// the 7.5 s before GitHub's SIGTERM, with outputs and summary written: what was created before the
// cancel in `created`, `ids` and `numbers`, a create it could not confirm as `unknown`, and the
// cancel line with its advice. A re-run once the listing has caught up buys nothing twice.
// Creates run four at a time, so POSTs sent before the signal may reach the fake after it: the
// action's own debug log (`vapi -> POST` before its `SIGINT: cancelling` notice) tells which
// were started before it knew of the cancel; any other request after the signal is a failure.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeVapi, type FaultKind, type FaultMethod } from '../fake-vapi/index.js';
import { inBatches, runClean, spawnAction, type ChildRun } from '../helpers/crash-dist.js';
import { duplicatedNames } from '../helpers/engine.js';
import { tempDir } from '../helpers/temp.js';

const API_KEY = 'cancel-dist-key';
// Six creates (a window of four, then two more) and one update of the last name.
const NAMES = ['cx-0', 'cx-1', 'cx-2', 'cx-3', 'cx-4', 'cx-5', 'cx-6'];
const UPDATED = 'cx-6';
const numberOf = (i: number): string => `+1555200000${i}`;
const CONFIG = `version: 1\nnumbers:\n${NAMES.map(
  (name, i) => `  - name: ${name}\n    provider: vonage\n    number: "${numberOf(i)}"\n    credentialId: cred-new\n`,
).join('')}`;
/** A clean run: list, six creates (in the order they reach the fake), one update, verify. */
const REQUESTS = [
  'GET /phone-number',
  ...['1st', '2nd', '3rd', '4th', '5th', '6th'].map((nth) => `POST, the ${nth} to arrive`),
  `PATCH ${UPDATED}`,
  'GET /phone-number (verify)',
];

interface Boundary {
  request: number;
  kind: FaultKind;
  /** List lag (in listings) for creates during the cancelled run. */
  lag: number;
}

interface Row {
  order: number;
  boundary: string;
  exitMs: number;
  outputs: string;
  rerunPosts: number;
}

const rows: Row[] = [];
afterAll(() => {
  const lines = [
    '| boundary (request in flight at SIGINT) | exit after SIGINT | outputs written | re-run POSTs |',
    '|---|---|---|---|',
    ...[...rows]
      .sort((a, b) => a.order - b.order)
      .map((row) => `| ${row.boundary} | ${row.exitMs} ms | ${row.outputs} | ${row.rerunPosts} |`),
  ];
  console.log(`SIGINT at each request boundary of dist/index.js (Node 24):\n${lines.join('\n')}`);
});

async function cancelledRun(boundary: Boundary, order: number): Promise<string[]> {
  const fake = await FakeVapi.start({ apiKey: API_KEY, seed: 100 + boundary.request });
  const label = `#${boundary.request} ${REQUESTS[boundary.request]} ${boundary.kind}${boundary.lag ? ', list lags' : ''}`;
  try {
    fake.seedNumber({ provider: 'vonage', name: UPDATED, number: numberOf(6), credentialId: 'cred-old' });
    fake.setListLag(boundary.lag);
    const workspace = tempDir('vapi-numbers-cancel-ws-');
    writeFileSync(path.join(workspace, 'vapi-numbers.yml'), CONFIG);
    const inputs = {
      inputs: { 'api-key': API_KEY, config: 'vapi-numbers.yml', 'base-url': fake.url },
      env: { RUNNER_DEBUG: '1' },
      workspace,
    };

    const { child, done } = spawnAction(inputs);
    let base: number | undefined;
    let signalledAt = 0;
    let seenAtSignal = 0;
    fake.setFaultPicker((request) => {
      base ??= request.index;
      if (request.index - base !== boundary.request) return undefined;
      return { method: request.method as FaultMethod, kind: boundary.kind, delayMs: 300 };
    });
    fake.setFaultListener((fault) => {
      if (fault.kind !== boundary.kind || signalledAt > 0) return;
      seenAtSignal = fake.requests.length;
      signalledAt = performance.now();
      child.kill('SIGINT');
    });
    let run: ChildRun;
    try {
      run = await done;
    } finally {
      fake.setFaultPicker(undefined);
      fake.setFaultListener(undefined);
    }
    const exitMs = Math.round(performance.now() - signalledAt);
    const problems: string[] = [];
    if (signalledAt === 0) return [`${label}: the request never arrived`];
    if (run.signal !== null || run.exitCode !== 1) problems.push(`exit ${run.exitCode}, signal ${run.signal}`);
    if (exitMs > 7_000) problems.push(`exited ${exitMs} ms after SIGINT`);

    // Outputs: every POST Vapi answered is `created`, with its ID; a create it could not confirm is `unknown`.
    const answered = fake.requests.filter((r) => r.method === 'POST' && r.status === 201);
    const numbers = JSON.parse(run.outputs['numbers'] ?? '[]') as { name: string; id: string | null; operation: string }[];
    const created = JSON.parse(run.outputs['created'] ?? '[]') as string[];
    const ids = JSON.parse(run.outputs['ids'] ?? '{}') as Record<string, string>;
    if (numbers.length !== NAMES.length) problems.push(`numbers output has ${numbers.length} entries`);
    for (const request of answered) {
      const name = (request.body as { name: string }).name;
      if (!created.includes(name)) problems.push(`${name} was created (201) but is not in the created output`);
      if (ids[name] !== request.created) problems.push(`ids.${name} is ${ids[name]}, not ${request.created}`);
    }
    const hung = fake.requests.find((r) => r.method === 'POST' && r.status === 0);
    const hungName = (hung?.body as { name?: string } | undefined)?.name;
    const expectUnknown = hung !== undefined && (boundary.kind === 'hang-before' || boundary.lag > 0);
    const hungOperation = numbers.find((n) => n.name === hungName)?.operation;
    if (hung && hungOperation !== (expectUnknown ? 'unknown' : 'created')) {
      problems.push(`in-flight create ${hungName} is ${hungOperation}`);
    }
    if (!run.summary.includes('The run was cancelled (SIGINT) before it finished'))
      problems.push('no cancel line in the summary');
    if (!run.summary.includes('Wait about a minute before running again')) problems.push('no advice to wait');
    if (!run.stdout.includes('::warning::SIGINT: cancelling')) problems.push('no notice of the signal in the log');
    // After the signal: no new request. POSTs the action had started before it saw the signal may
    // still arrive; otherwise only one listing, when a create's outcome was open.
    const notice = run.stdout.indexOf('::warning::SIGINT: cancelling');
    const beforeNotice = notice < 0 ? [] : run.stdout.slice(0, notice).split('\n');
    const startedBefore = (name: string): boolean =>
      beforeNotice.some((line) => line.startsWith('::debug::vapi -> POST /phone-number ') && line.includes(`"name":"${name}"`));
    const laterRequests = fake.requests.slice(seenAtSignal);
    for (const request of laterRequests.filter((r) => r.method === 'POST')) {
      const name = (request.body as { name: string }).name;
      if (!startedBefore(name)) problems.push(`POST ${name} was started after the signal`);
    }
    const later = laterRequests.filter((r) => r.method !== 'POST').map((r) => `${r.method} ${r.path}`);
    const allowed = hung ? ['GET /phone-number'] : [];
    if (later.join() !== allowed.join()) problems.push(`requests after the signal: ${later.join(', ') || 'none'}`);

    // The re-run, once the listing has caught up (a minute later, in life; a few listings here).
    fake.setListLag(0);
    for (let i = 0; i < 3; i++) {
      await fetch(`${fake.url}/phone-number?limit=1000`, { headers: { authorization: `Bearer ${API_KEY}` } });
    }
    const livesBefore = fake.numbers().length;
    fake.resetLog();
    const rerun = await runClean(inputs);
    const rerunPosts = fake.requests.filter((r) => r.method === 'POST').length;
    if (rerun.exitCode !== 0) problems.push(`re-run exited ${rerun.exitCode}: ${rerun.stdout.slice(-500)}`);
    if (duplicatedNames(fake).length > 0) problems.push(`duplicated after the re-run: ${duplicatedNames(fake).join(', ')}`);
    if (rerunPosts !== NAMES.length - livesBefore) problems.push(`re-run sent ${rerunPosts} POSTs with ${livesBefore} live`);

    const count = (op: string): number => numbers.filter((n) => n.operation === op).length;
    rows.push({
      order,
      boundary: label,
      exitMs,
      outputs: `created ${created.length}, updated ${count('updated')}, unknown ${count('unknown')}, failed (not sent) ${count('failed')}; ids ${Object.keys(ids).length}`,
      rerunPosts,
    });
    return problems.map((problem) => `${label}: ${problem}`);
  } finally {
    await fake.close();
  }
}

describe('dist/index.js cancelled with SIGINT', () => {
  it('at every request boundary: exits 1 in time, outputs and summary written, no duplicate on re-run', async () => {
    const boundaries: Boundary[] = [
      ...REQUESTS.map((_, request) => ({ request, kind: 'delay' as const, lag: 0 })),
      // A POST unanswered for the whole grace: the listing after it finds it, or cannot tell.
      { request: 2, kind: 'hang-after', lag: 0 },
      { request: 2, kind: 'hang-after', lag: 3 },
      { request: 2, kind: 'hang-before', lag: 0 },
    ];
    const problems = await inBatches(boundaries, 4, (boundary) => cancelledRun(boundary, boundaries.indexOf(boundary)));
    expect(problems.flat()).toEqual([]);
    expect(rows).toHaveLength(boundaries.length);
  }, 60_000);
});

describe('dist/index.js cancelled before it has a plan', () => {
  it('the first listing unanswered through the grace: nothing written, said so, default outputs, exit 1', async () => {
    const fake = await FakeVapi.start({ apiKey: API_KEY });
    try {
      const workspace = tempDir('vapi-numbers-cancel-ws-');
      writeFileSync(path.join(workspace, 'vapi-numbers.yml'), CONFIG);
      const { child, done } = spawnAction({
        inputs: { 'api-key': API_KEY, config: 'vapi-numbers.yml', 'base-url': fake.url },
        workspace,
      });
      let signalledAt = 0;
      fake.injectFault({ method: 'GET', kind: 'hang-before' });
      fake.setFaultListener(() => {
        signalledAt = performance.now();
        child.kill('SIGINT');
      });
      const run = await done;
      const exitMs = performance.now() - signalledAt;
      expect(run.signal).toBeNull();
      expect(run.exitCode).toBe(1);
      expect(exitMs).toBeGreaterThan(4_500);
      expect(exitMs).toBeLessThan(7_000);
      expect(run.summary).toContain('**Cancelled before any change.** Nothing was written.');
      expect(run.stdout).toContain('::error::The run was cancelled (SIGINT) before it changed anything: nothing was written.');
      expect(run.outputs).toMatchObject({ numbers: '[]', created: '[]', ids: '{}' });
      expect(fake.requests.map((r) => r.method)).toEqual(['GET']);
    } finally {
      await fake.close();
    }
  }, 15_000);
});
