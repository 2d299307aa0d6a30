// action.yml, the code and the README must agree on every input and output (SPEC sections 1, 6).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUTS } from '../../src/report/outputs.js';
import { readSettings } from '../../src/settings.js';
import { actionErrors } from '../helpers/github-parsers.js';
import { actionMetadata, REPO_ROOT } from '../helpers/run-dist.js';

const metadata = actionMetadata();

function inputsReadBySettings(): string[] {
  const read = new Set<string>();
  const defaults = Object.fromEntries(Object.entries(metadata.inputs).map(([name, spec]) => [name, spec.default ?? '']));
  // Some inputs are read only for one command (`output` for export): the union over the commands.
  for (const command of ['apply', 'export']) {
    const values: Record<string, string> = {
      ...defaults,
      'api-key': 'key',
      config: 'vapi-numbers.yml',
      command,
      output: 'out.yml',
    };
    readSettings((name) => {
      read.add(name);
      return values[name] ?? '';
    }, {});
  }
  return [...read].sort();
}

const actionYml = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');

describe("GitHub's action parser", () => {
  it("loads action.yml without an error, under the runner's loose root and the strict one", async () => {
    expect(await actionErrors('action.yml', actionYml)).toEqual({ loose: [], strict: [] });
  });

  // The same check must fail on what broke the action before: an expression in a description
  // (GitHub evaluates them, and no context is allowed there) and a context a default may not use.
  it.each([
    [
      'an expression in a description',
      'Masked before anything',
      'Set as ${{ secrets.VAPI_API_KEY }}. Masked before anything',
      "Unrecognized named-value: 'secrets'",
    ],
    [
      'a secret as a default',
      'default: ${{ github.token }}',
      'default: ${{ secrets.GITHUB_TOKEN }}',
      "Unrecognized named-value: 'secrets'",
    ],
    ['an unknown runtime', 'using: node24', 'using: node99', 'node99'],
  ])('rejects %s', async (_case, from, to, expected) => {
    expect(actionYml).toContain(from);
    const errors = await actionErrors('action.yml', actionYml.replace(from, to));
    expect(errors.strict.join('\n')).toContain(expected);
    if (!to.includes('node99')) expect(errors.loose.join('\n')).toContain(expected);
  });

  it('finds no ${{ in any description, and defaults use only contexts GitHub allows there', () => {
    for (const [name, spec] of Object.entries({ ...metadata.inputs, ...metadata.outputs })) {
      expect((spec as { description?: string }).description, name).not.toContain('${{');
    }
    for (const [name, spec] of Object.entries(metadata.inputs)) {
      for (const [, expression] of (spec.default ?? '').matchAll(/\$\{\{([^}]*)\}\}/g)) {
        expect(expression?.trim(), name).toMatch(/^(github|runner|strategy|matrix|job)\.|^hashFiles\(/);
      }
    }
  });
});

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
