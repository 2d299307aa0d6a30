// src/runner.ts speaks the runner's protocol itself (for start-up time); it must say exactly what
// @actions/core would for every call the action makes.
import * as core from '@actions/core';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as runner from '../src/runner.js';
import { parseOutputFile } from './helpers/run-dist.js';
import { tempDir } from './helpers/temp.js';

let written: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);
const savedEnv = { ...process.env };

beforeEach(() => {
  written = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
});
afterEach(() => {
  process.stdout.write = realWrite;
  process.env = { ...savedEnv };
  process.exitCode = undefined;
});

function captured(fn: () => void): string {
  written = [];
  fn();
  return written.join('');
}

const TRICKY = ['plain', 'a%b', 'two\nlines\r\n', 'colon: comma, and %0A', '', '::not-a-command::'];

describe('workflow commands match @actions/core byte for byte', () => {
  for (const text of TRICKY) {
    it(`for ${JSON.stringify(text)}`, () => {
      expect(captured(() => runner.setSecret(text))).toBe(captured(() => core.setSecret(text)));
      expect(captured(() => runner.info(text))).toBe(captured(() => core.info(text)));
      expect(captured(() => runner.debug(text))).toBe(captured(() => core.debug(text)));
      expect(captured(() => runner.warning(text))).toBe(captured(() => core.warning(text)));
      expect(captured(() => runner.error(text))).toBe(captured(() => core.error(text)));
      const where = { title: `t ${text}`, file: `dir, x/${text}.yml`, startLine: 7, startColumn: 3 };
      expect(captured(() => runner.error(text, where))).toBe(captured(() => core.error(text, where)));
      expect(captured(() => runner.warning(text, where))).toBe(captured(() => core.warning(text, where)));
    });
  }

  it('for groups and a failed step', async () => {
    const ours = written.length;
    await runner.group('Inventory', async () => runner.info('inside'));
    const mine = written.slice(ours).join('');
    written = [];
    await core.group('Inventory', async () => core.info('inside'));
    expect(mine).toBe(written.join(''));

    const failedOurs = captured(() => runner.setFailed('boom'));
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(failedOurs).toBe(captured(() => core.setFailed('boom')));
  });
});

describe('inputs, outputs, debug and the summary', () => {
  it('reads inputs as @actions/core does (hyphens kept, spaces as _, trimmed)', () => {
    process.env['INPUT_API-KEY'] = '  key  ';
    process.env['INPUT_MY_INPUT'] = 'x';
    expect(runner.getInput('api-key')).toBe(core.getInput('api-key'));
    expect(runner.getInput('my input')).toBe(core.getInput('my input'));
    expect(runner.getInput('missing')).toBe(core.getInput('missing'));
  });

  it('writes outputs that parse to the same values', () => {
    const dir = tempDir();
    const values = { simple: 'x', json: JSON.stringify({ a: [1, 'two\nlines'] }), empty: '', multi: 'a\nb\n' };
    const results: Record<string, string>[] = [];
    for (const impl of [runner.setOutput, core.setOutput]) {
      const file = path.join(dir, `out-${results.length}`);
      writeFileSync(file, '');
      process.env['GITHUB_OUTPUT'] = file;
      for (const [name, value] of Object.entries(values)) impl(name, value);
      results.push(parseOutputFile(readFileSync(file, 'utf8')));
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual(values);
  });

  it('falls back to the set-output command without an output file', () => {
    delete process.env['GITHUB_OUTPUT'];
    expect(captured(() => runner.setOutput('n', 'v%\n'))).toBe(captured(() => core.setOutput('n', 'v%\n')));
  });

  it('reads RUNNER_DEBUG like @actions/core', () => {
    for (const value of ['1', 'true', '0', undefined]) {
      if (value === undefined) delete process.env['RUNNER_DEBUG'];
      else process.env['RUNNER_DEBUG'] = value;
      expect(runner.isDebug()).toBe(core.isDebug());
    }
  });

  it('appends to the job summary as core.summary.addRaw().write() does', async () => {
    const dir = tempDir();
    const ours = path.join(dir, 'ours');
    const theirs = path.join(dir, 'theirs');
    writeFileSync(ours, 'before\n');
    writeFileSync(theirs, 'before\n');
    process.env['GITHUB_STEP_SUMMARY'] = ours;
    runner.appendSummary('### report\n| a | b |\n');
    process.env['GITHUB_STEP_SUMMARY'] = theirs;
    await core.summary.addRaw('### report\n| a | b |\n').write();
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
    delete process.env['GITHUB_STEP_SUMMARY'];
    expect(() => runner.appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/);
  });
});
