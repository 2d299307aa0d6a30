// The built command-line tool (dist/cli.js, the shim into the shared bundle) as a user runs it, on
// Node 24 and on the Node running the tests: the bundle must work outside GitHub too.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/start.js';
import { NODE24, REPO_ROOT } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const CLI = path.join(REPO_ROOT, 'dist/cli.js');
const KEY = 'cli-e2e-key';
let sandbox: RunningSandbox;
let workspace: string;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: KEY });
  workspace = tempDir('vapi-numbers-cli-');
  writeFileSync(
    path.join(workspace, 'numbers.yml'),
    'version: 1\nnumbers:\n  - name: cli-line\n    provider: vonage\n    number: "+15557000001"\n    credentialId: c\n',
  );
});
afterAll(async () => sandbox.close());

function runCli(node: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [CLI, ...args], {
      cwd: workspace,
      env: { PATH: process.env['PATH'] ?? '', VAPI_API_KEY: KEY, VAPI_BASE_URL: sandbox.url, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// npm test runs on Node 24; GitHub's workflow also runs this file under Node 22 (the oldest the CLI
// supports), where the second entry is that Node.
const NODES: [string, string][] = [['Node 24', NODE24]];
if (!process.version.startsWith('v24.')) NODES.push([`the test runner's Node (${process.version})`, process.execPath]);

describe.each(NODES)('dist/cli.js on %s', (_label, node) => {
  it('applies, then finds nothing to do, with --json', async () => {
    const first = await runCli(node, ['apply', '--config', 'numbers.yml', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const document = JSON.parse(first.stdout) as { numbers: { name: string; operation: string }[] };
    expect(document.numbers[0]?.name).toBe('cli-line');
    expect(['created', 'unchanged']).toContain(document.numbers[0]?.operation);
    const second = await runCli(node, ['plan', '--config', 'numbers.yml', '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ changed: false, failed: false });
  });

  it('exits 2 with file:line messages on a bad config', async () => {
    writeFileSync(path.join(workspace, 'bad.yml'), 'version: 1\nnumbers:\n  - name: x\n    provider: vapi\n    asistantId: a\n');
    const run = await runCli(node, ['apply', '--config', 'bad.yml']);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toContain('bad.yml:5:5');
  });

  it('starts the sandbox, prints the export line, and stops on SIGTERM', async () => {
    const child = spawn(node, [CLI, 'sandbox', '--port', '0'], { cwd: workspace });
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no export line: ${seen}`)), 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/export VAPI_BASE_URL=http:\/\/127\.0\.0\.1:\d+/.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
  });
});
