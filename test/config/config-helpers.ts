// Shared by the config tests: real temporary workspaces, and a way to collect a ConfigError's problems.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { loadDesiredState } from '../../src/config/load.js';
import type { LoadConfigOptions } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';
import type { ConfigProblem, DesiredState } from '../../src/config/types.js';

/** Lines joined with newlines, so a test can count to the line it asserts. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A fresh workspace directory holding `files` (name -> text), removed when the test ends. */
export async function workspaceWith(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vapi-numbers-config-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export interface Attempt {
  config?: string;
  numbers?: string;
  env?: Record<string, string | undefined>;
}

/** Loads `config` (written to `vapi-numbers.yml`) and/or the inline `numbers`. */
export async function load(attempt: Attempt): Promise<DesiredState> {
  const workspace = await workspaceWith(attempt.config === undefined ? {} : { 'vapi-numbers.yml': attempt.config });
  const options: LoadConfigOptions = { workspace, env: attempt.env ?? {} };
  if (attempt.config !== undefined) options.configPath = 'vapi-numbers.yml';
  if (attempt.numbers !== undefined) options.numbersYaml = attempt.numbers;
  return loadDesiredState(options);
}

/** The problems of a load that must fail. */
export async function problemsOf(attempt: Attempt | Promise<DesiredState>): Promise<ConfigProblem[]> {
  const loading = attempt instanceof Promise ? attempt : load(attempt);
  const error = await loading.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

/** The one problem at `path`; fails listing all problems when there is none or several. */
export function problemAt(problems: ConfigProblem[], path: string): ConfigProblem {
  const found = problems.filter((problem) => problem.path === path);
  expect(found, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return found[0] as ConfigProblem;
}

/** Values for the variables `twilioFile` references. */
export const twilioEnv = { SID: 'AC0123', TOKEN: 'token-from-env' };

/** A file whose one number is a valid twilio entry (lines 3-6) plus `extra` lines, indented 4. */
export function twilioFile(...extra: string[]): string {
  return yamlLines(
    'version: 1',
    'numbers:',
    '  - name: Main',
    '    provider: twilio',
    '    number: "+14155550100"',
    '    twilioAccountSid: ${SID}',
    ...extra,
  );
}
