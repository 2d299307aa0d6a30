// Ctrl+C on the command-line tool (issue 12, item 2): dist/cli.js stops as the action does, in
// its own words, and exits 1 with the table (or --json document) of what it did.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeVapi, type FaultKind, type FaultMethod } from '../fake-vapi/index.js';
import { NODE24, REPO_ROOT } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'cancel-cli-key';
// Six creates: a window of four, then two that start only as the first ones finish.
const CONFIG = `version: 1\nnumbers:\n${[0, 1, 2, 3, 4, 5]
  .map((i) => `  - name: cli-${i}\n    provider: vonage\n    number: "+1555600000${i}"\n    credentialId: c\n`)
  .join('')}`;

let fake: FakeVapi | undefined;

/** The cancel line's count of six creates, `made` of them made (the rest never started). */
const tally = (made: number): string => (made === 6 ? '6 created' : `${made} created, ${6 - made} not started`);
afterEach(async () => fake?.close());

/** Runs `vapi-numbers apply` and sends SIGINT while its `request`-th request is held. */
async function interrupted(request: number, kind: FaultKind, flags: string[] = []) {
  fake = await FakeVapi.start({ apiKey: KEY });
  const workspace = tempDir('vapi-numbers-cancel-cli-');
  writeFileSync(path.join(workspace, 'numbers.yml'), CONFIG);
  const child = spawn(NODE24, [path.join(REPO_ROOT, 'dist/cli.js'), 'apply', '--config', 'numbers.yml', ...flags], {
    cwd: workspace,
    env: { PATH: process.env['PATH'] ?? '', VAPI_API_KEY: KEY, VAPI_BASE_URL: fake.url, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let base: number | undefined;
  let signalledAt = 0;
  // From the `request`-th on, every POST is held too, so that the creates of the first window are
  // still in flight when the tool gets the signal, however busy the machine.
  fake.setFaultPicker((incoming) => {
    base ??= incoming.index;
    const at = incoming.index - base;
    const held = at === request || (at > request && kind === 'delay' && incoming.method === 'POST');
    return held ? { method: incoming.method as FaultMethod, kind, delayMs: 300 } : undefined;
  });
  fake.setFaultListener(() => {
    if (signalledAt > 0) return;
    signalledAt = performance.now();
    child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
  return { code, stdout, stderr, ms: performance.now() - signalledAt };
}

describe('dist/cli.js and Ctrl+C', () => {
  it('during a create: exit 1, the table shows what was created, the advice is its own', async () => {
    const run = await interrupted(2, 'delay');
    expect(run.code, run.stderr).toBe(1);
    expect(run.ms).toBeLessThan(3_000);
    expect(run.stderr).toMatch(/Ctrl\+C: stopping\. No new request is sent; waiting up to 5 s for the \d in flight/);
    // The first window's four were sent together; a fifth may have started before the signal came.
    const made = fake?.numbers().length ?? 0;
    expect(made).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < 6; i++) expect(run.stdout).toMatch(new RegExp(`cli-${i} .*${i < made ? 'created' : 'failed'}`));
    expect(run.stdout).toContain(`Interrupted with Ctrl+C before it finished (${tally(made)})`);
    expect(run.stdout).toContain('Wait about a minute before running again');
  });

  it('with --json: one document with the cancel among its failures', async () => {
    const run = await interrupted(1, 'delay', ['--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as { failed: boolean; failures: string[]; numbers: { operation: string }[] };
    expect(document.failed).toBe(true);
    const made = fake?.numbers().length ?? 0;
    expect(made).toBeGreaterThanOrEqual(4);
    expect(document.failures[0]?.startsWith(`Interrupted with Ctrl+C before it finished (${tally(made)})`)).toBe(true);
    expect(document.numbers.map((n) => n.operation)).toEqual([...Array(made).fill('created'), ...Array(6 - made).fill('failed')]);
  });

  it('while the first listing hangs: gives up after the grace, says nothing was written', async () => {
    const run = await interrupted(0, 'hang-before');
    expect(run.code).toBe(1);
    expect(run.ms).toBeGreaterThan(4_500);
    expect(run.ms).toBeLessThan(7_000);
    expect(run.stderr).toContain('Interrupted with Ctrl+C before any change: nothing was written.');
    expect(fake?.requests.map((r) => r.method)).toEqual(['GET']);
  }, 15_000);
});
