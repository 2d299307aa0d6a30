// action.yml, the code and the README must agree on every input and output (SPEC sections 1, 6).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUTS } from '../src/report/outputs.js';
import { readSettings } from '../src/settings.js';
import { actionMetadata, REPO_ROOT } from './helpers/run-dist.js';

const metadata = actionMetadata();

function inputsReadBySettings(): string[] {
  const read = new Set<string>();
  const defaults = Object.fromEntries(Object.entries(metadata.inputs).map(([name, spec]) => [name, spec.default ?? '']));
  const values: Record<string, string> = { ...defaults, 'api-key': 'key', config: 'vapi-numbers.yml' };
  readSettings((name) => {
    read.add(name);
    return values[name] ?? '';
  }, {});
  return [...read].sort();
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    const runs = (metadata as unknown as { runs: { using: string; main: string } }).runs;
    expect(runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the settings reader reads', () => {
    expect(inputsReadBySettings()).toEqual(Object.keys(metadata.inputs).sort());
  });

  it('declares exactly the outputs the action sets', () => {
    expect(Object.keys(DEFAULT_OUTPUTS).sort()).toEqual(Object.keys(metadata.outputs).sort());
  });

  it('gives every input and output a description', () => {
    for (const spec of [...Object.values(metadata.inputs), ...Object.values(metadata.outputs)]) {
      expect((spec as { description?: string }).description?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it('has defaults that match SPEC section 1', () => {
    const defaults = Object.fromEntries(Object.entries(metadata.inputs).map(([name, spec]) => [name, spec.default]));
    expect(defaults).toMatchObject({
      command: 'apply',
      'dry-run': 'false',
      prune: 'false',
      'max-deletions': '10',
      'fail-on-changes': 'false',
      'base-url': 'https://api.vapi.ai',
    });
    expect(metadata.inputs['api-key']?.required).toBe(true);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('documents every input and output by name', () => {
    for (const name of [...Object.keys(metadata.inputs), ...Object.keys(metadata.outputs)]) {
      expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
    }
  });

  it('gives the test command that .ci/run runs', () => {
    const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(readme).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
