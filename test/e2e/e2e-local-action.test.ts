// What this file proves: the action runs from source with GitHub's @github/local-action, as the
// README's Develop section says (`npx @github/local-action run . src/main.ts .env.example`), and the
// shipped .env.example works against a sandbox started with its defaults. The env file used here is
// .env.example with one change, the base-url port (the sandbox listens on a free port, not 4010);
// the sandbox accepts only the file's key, so the key really comes from the file. One run checks:
// exit code 0 and no ::error:: line,
// the outputs table local-action prints (the created number's name and ID), that the number exists
// in the sandbox, that the job summary was written, and that the key appears nowhere in the output,
// debug lines included. About 3 to 6 s: one local-action start (npm exec, tsx, quibble), a few requests.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_PORT } from '../../src/sandbox/cli.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/start.js';
import { NODE24, REPO_ROOT } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const ENV_EXAMPLE = path.join(REPO_ROOT, '.env.example');
const LOCAL_ACTION = path.join(REPO_ROOT, 'node_modules/@github/local-action/bin/local-action.js');
const BIN_DIR = path.join(REPO_ROOT, 'node_modules/.bin');
const RUN_TIMEOUT_MS = 60_000;

/** One variable of a dotenv file, as a single unquoted line (how .env.example writes the ones used here). */
function dotenvLine(text: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const match = new RegExp(`^${escaped}=(.*)$`, 'm').exec(text);
  if (!match) throw new Error(`.env.example has no ${name}= line`);
  return (match[1] as string).trim();
}

/** The rows of the "Action Outputs" table local-action prints with console.table. */
function outputsTable(output: string): Record<string, string> {
  const section = output.split(/Action Outputs\s*\n=+\n/)[1];
  if (section === undefined) throw new Error(`no Action Outputs section in:\n${output}`);
  const unquote = (cell: string): string => /^(['"`])([\s\S]*)\1$/.exec(cell)?.[2] ?? cell;
  const outputs: Record<string, string> = {};
  for (const line of section.split('\n')) {
    if (!line.startsWith('│')) continue;
    const cells = line
      .split('│')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [, name, value] = cells;
    if (name === undefined || value === undefined || name === 'Output') continue;
    outputs[unquote(name)] = unquote(value);
  }
  return outputs;
}

interface LocalActionRun {
  code: number | null;
  output: string;
}

/** Runs local-action's bin under Node 24, node_modules/.bin first on PATH (its tsx and `node`). */
function runLocalAction(envFile: string, extraEnv: Record<string, string>): Promise<LocalActionRun> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // A runner's own variables (CI runs this file on GitHub) must not reach the action: only the file's.
    if (value === undefined || /^(INPUT_|GITHUB_|ACTIONS_|RUNNER_)/.test(name) || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  Object.assign(env, {
    PATH: `${BIN_DIR}${path.delimiter}${process.env['PATH'] ?? ''}`,
    FORCE_COLOR: '0',
    npm_config_update_notifier: 'false',
    ...extraEnv,
  });
  return new Promise((resolve, reject) => {
    // Its own process group: local-action runs `npm exec tsx ...`, so a timeout kills the whole tree.
    const child = spawn(NODE24, [LOCAL_ACTION, 'run', REPO_ROOT, 'src/main.ts', envFile], {
      cwd: REPO_ROOT,
      env,
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`local-action did not finish in ${RUN_TIMEOUT_MS} ms:\n${output}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: stripVTControlCharacters(output) });
    });
  });
}

const shipped = readFileSync(ENV_EXAMPLE, 'utf8');
const apiKey = dotenvLine(shipped, 'INPUT_API-KEY');
const declared = parseYaml(dotenvLine(shipped, 'INPUT_NUMBERS')) as { name: string; number?: string }[];

let sandbox: RunningSandbox;
let dir: string;
let envFile: string;
let summaryFile: string;
let run: LocalActionRun;

beforeAll(async () => {
  // Only the file's key is accepted: a run that sent another would fail with 401.
  sandbox = await startSandbox({ apiKey });
  dir = tempDir('vapi-numbers-local-action-');
  envFile = path.join(dir, '.env');
  summaryFile = path.join(dir, 'summary.md');
  const baseUrlLine = /^INPUT_BASE-URL=.*$/m;
  writeFileSync(envFile, shipped.replace(baseUrlLine, `INPUT_BASE-URL=${sandbox.url}`));
  // Debug on (so the key check covers the debug lines) and a summary file: shell variables the
  // file only mentions in comments, so the file itself stays the shipped one.
  run = await runLocalAction(envFile, { ACTIONS_STEP_DEBUG: 'true', GITHUB_STEP_SUMMARY: summaryFile });
}, RUN_TIMEOUT_MS + 10_000);
afterAll(async () => sandbox?.close());

describe('npx @github/local-action run . src/main.ts .env.example', () => {
  it('ships a .env.example for the sandbox on its default port, declaring one number', () => {
    expect(dotenvLine(shipped, 'INPUT_BASE-URL')).toBe(`http://127.0.0.1:${DEFAULT_PORT}`);
    expect(apiKey).not.toBe('');
    expect(declared).toHaveLength(1);
  });

  it('exits 0 without an error annotation', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.output, run.output).toContain('Running Action');
    expect(run.output).not.toMatch(/^::error/m);
  });

  it('prints the created number in the outputs table, and the number exists in the sandbox', async () => {
    const name = declared[0]?.name as string;
    const outputs = outputsTable(run.output);
    const id = outputs['phone-number-id'] ?? '';
    expect(id, run.output).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(outputs['created'] ?? '')).toEqual([name]);
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ [name]: id });
    expect(outputs['phone-number']).toBe(declared[0]?.number);
    expect(outputs['changed']).toBe('true');
    expect(JSON.parse(outputs['numbers'] ?? '')).toMatchObject([{ name, id, operation: 'created' }]);

    const response = await fetch(`${sandbox.url}/phone-number`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    const numbers = (await response.json()) as { id: string; name?: string; number?: string }[];
    expect(numbers).toEqual([expect.objectContaining({ id, name, number: declared[0]?.number })]);

    expect(existsSync(summaryFile)).toBe(true);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain(name);
    expect(summary).toContain(id);
  });

  it('never prints the API key, debug lines included', () => {
    // Paths local-action prints in its Configuration table are not the key even if they contain it.
    const printed = run.output.replaceAll(envFile, '<env file>').replaceAll(REPO_ROOT, '<repo>');
    expect(printed).toMatch(/^::debug::/m);
    expect(printed).not.toContain(apiKey);
    expect(readFileSync(summaryFile, 'utf8')).not.toContain(apiKey);
  });

  // local-action's stand-in for setFailed does not set the exit code; the action sets it itself.
  it(
    'exits 1 with the reason when an input is wrong',
    async () => {
      const failed = await runLocalAction(envFile, { INPUT_COMMAND: 'destroy' });
      expect(failed.code, failed.output).toBe(1);
      expect(failed.output).toMatch(/^::error::Invalid command 'destroy': expected one of plan, apply, delete, cleanup/m);
    },
    RUN_TIMEOUT_MS,
  );
});
