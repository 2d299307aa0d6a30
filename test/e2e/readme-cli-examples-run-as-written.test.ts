// Every command-line example in the README, run as written through the built dist/cli.js against
// the sandbox (issue 9, item 7): a README that shows a command which fails is the first thing a new
// user meets. The config the examples name is examples/vapi-numbers.yml, with each ${VAR} it reads
// set; VAPI_API_KEY and VAPI_BASE_URL come from the environment, as the README's block says.
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/start.js';
import { NODE24, REPO_ROOT } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const CLI = path.join(REPO_ROOT, 'dist/cli.js');
const KEY = 'readme-examples-key';
const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const EXAMPLE_CONFIG = path.join(REPO_ROOT, 'examples/vapi-numbers.yml');

/** The `vapi-numbers ...` lines of every ```sh block, comments dropped. */
function cliExamples(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('vapi-numbers '));
}

/** Words as a POSIX shell splits them, for the quoting the README uses (single and double quotes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'" || char === '"') {
      const end = line.indexOf(char, i + 1);
      if (end < 0) throw new Error(`unclosed ${char} in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

let sandbox: RunningSandbox;
let workspace: string;
const env: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: KEY });
  workspace = tempDir('vapi-numbers-readme-');
  copyFileSync(EXAMPLE_CONFIG, path.join(workspace, 'vapi-numbers.yml'));
  for (const [, name] of readFileSync(EXAMPLE_CONFIG, 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)) {
    env[name!] = `readme-example-${name!.toLowerCase()}`;
  }
});
afterAll(async () => sandbox.close());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one example; a `sandbox` example is stopped with Ctrl+C (SIGINT) once it prints its URL. */
function run(words: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [CLI, ...words], {
      cwd: workspace,
      env: { PATH: process.env['PATH'] ?? '', VAPI_API_KEY: KEY, VAPI_BASE_URL: sandbox.url, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Once, as one Ctrl+C: a second would find the handler gone and kill it outright.
      if (words[0] === 'sandbox' && !stopped && /Press Ctrl\+C to stop/.test(stdout)) {
        stopped = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const examples = cliExamples(README);

describe('the README', () => {
  it('has command-line examples of plan, apply, delete, cleanup and sandbox', () => {
    const commands = examples.map((line) => shellWords(line)[1]);
    expect(commands).toEqual(expect.arrayContaining(['plan', 'apply', 'delete', 'cleanup', 'sandbox']));
  });

  it('splits words as a shell does', () => {
    expect(shellWords(`vapi-numbers delete --numbers '- name: pr-123-support'`)).toEqual([
      'vapi-numbers',
      'delete',
      '--numbers',
      '- name: pr-123-support',
    ]);
  });
});

describe.sequential('each README command-line example, run as written against the sandbox', () => {
  it.each(examples)('%s', async (line) => {
    const words = shellWords(line).slice(1);
    // The one change: the sandbox example's port, which another process on this machine may hold.
    const port = words.indexOf('--port');
    if (port >= 0) words[port + 1] = String(await freePort());
    const ran = await run(words);
    expect(ran.code, `${line}\n${ran.stdout}\n${ran.stderr}`).toBe(0);
    if (words.includes('--json')) expect(JSON.parse(ran.stdout)).toMatchObject({ failed: false });
    // An example that names a file leaves that file, with a config in it.
    const output = words.indexOf('--output');
    if (output >= 0) expect(readFileSync(path.join(workspace, words[output + 1]!), 'utf8')).toMatch(/^version: 1$/m);
  });
});
