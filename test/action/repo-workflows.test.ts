// The repository's own GitHub files (.github/): every workflow passes GitHub's parser, CI runs the
// action from the repo (`uses: ./`, so action.yml is loaded on every push) and the project's CI
// script, Dependabot watches npm and the actions, and the release workflow derives the major tag
// users pin (v1.2.3 -> v1) and refuses any other kind of tag.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { workflowErrors } from '../helpers/github-parsers.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKFLOWS = path.join(REPO_ROOT, '.github/workflows');

type Mapping = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value);
const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const readWorkflow = (file: string): string => read(`.github/workflows/${file}`);

function workflow(file: string): Mapping {
  const document: unknown = parseYaml(readWorkflow(file));
  if (!isMapping(document)) throw new Error(`${file} is not a YAML map`);
  return document;
}

function jobs(document: Mapping): Record<string, Mapping> {
  return isMapping(document['jobs']) ? (document['jobs'] as Record<string, Mapping>) : {};
}

function steps(job: Mapping | undefined): Mapping[] {
  return Array.isArray(job?.['steps']) ? job['steps'].filter(isMapping) : [];
}

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();
const actionYml = parseYaml(read('action.yml')) as { inputs: Mapping; outputs: Mapping };

describe('GitHub parses every workflow in .github/workflows without errors', () => {
  it('has ci.yml and release.yml', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflowFiles)('%s', async (file) => {
    expect(await workflowErrors(file, readWorkflow(file))).toEqual({ parse: [], convert: [] });
  });

  it('and the same check rejects a broken copy (runs_on for runs-on, an unknown context)', async () => {
    const content = readWorkflow('ci.yml');
    expect((await workflowErrors('ci.yml', content.replace('runs-on:', 'runs_on:'))).parse).toEqual(
      expect.arrayContaining([expect.stringContaining("Unexpected value 'runs_on'")]),
    );
    expect(content).toContain('${{ matrix.node-version }}');
    const { convert } = await workflowErrors(
      'ci.yml',
      content.replace('${{ matrix.node-version }}', '${{ matrixx.node-version }}'),
    );
    expect(convert).toEqual([expect.stringContaining("Unrecognized named-value: 'matrixx'")]);
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const ciJobs = jobs(ci);
  const local = Object.values(ciJobs).flatMap((job) => steps(job).filter((step) => step['uses'] === './'));

  it('keeps a read-only token', () => {
    expect(ci['permissions']).toEqual({ contents: 'read' });
  });

  it('the test job runs the project CI script on the Node of .node-version', () => {
    const test = steps(ciJobs['test']);
    expect(test.map((step) => step['run'])).toContain('bash .ci/run');
    expect(test.find((step) => text(step['uses']).startsWith('actions/setup-node@'))?.['with']).toMatchObject({
      'node-version-file': '.node-version',
    });
    expect(read('.node-version').trim()).toBe('24');
  });

  it('runs the action from the repository (uses: ./) with apply, plan and delete', () => {
    expect(local.length).toBeGreaterThanOrEqual(3);
    expect(local.map((step) => (step['with'] as Mapping)['command'] ?? 'apply')).toEqual(
      expect.arrayContaining(['apply', 'plan', 'delete']),
    );
  });

  it('passes only inputs action.yml declares, and reads only outputs it declares', () => {
    for (const step of local) {
      expect(isMapping(step['with'])).toBe(true);
      for (const key of Object.keys(step['with'] as Mapping)) expect(Object.keys(actionYml.inputs), `with.${key}`).toContain(key);
    }
    const ids = new Set(local.map((step) => step['id']).filter((id) => typeof id === 'string'));
    const references = [...readWorkflow('ci.yml').matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].filter(
      ([, id]) => id !== undefined && ids.has(id),
    );
    expect(references.length).toBeGreaterThan(0);
    for (const [reference, , output] of references) expect(Object.keys(actionYml.outputs), reference).toContain(output);
  });

  it('runs the CLI tests under the matrix Node with `node`, and the files and folders it names exist', () => {
    const job = ciJobs['cli-node22'];
    expect((job?.['strategy'] as Mapping)['matrix']).toMatchObject({ 'node-version': [22, 24] });
    const run = steps(job)
      .map((step) => text(step['run']))
      .find((script) => script.includes('vitest'));
    expect(run).toMatch(/^node node_modules\/vitest\/vitest\.mjs run /m);
    const files = run!.match(/(?<=\s)test\/[\w./-]+/g) ?? [];
    expect(files).toContain('test/e2e/e2e-cli.test.ts');
    for (const file of files) expect(existsSync(path.join(REPO_ROOT, file)), file).toBe(true);
  });
});

describe('.github/dependabot.yml', () => {
  it('updates npm and github-actions', () => {
    const dependabot = parseYaml(read('.github/dependabot.yml')) as { version: number; updates: Mapping[] };
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');
  const releaseSteps = Object.values(jobs(release)).flatMap((job) => steps(job));
  const script = (name: RegExp): string => text(releaseSteps.find((step) => name.test(text(step['name'])))?.['run']);

  function bash(code: string, tag: string): { status: number | null; stdout: string } {
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', code], {
      env: { PATH: process.env['PATH'] ?? '', TAG: tag },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout };
  }

  it('runs on vX.Y.Z tags only, can push tags, and checks dist/ and the tests first', () => {
    expect(release['on']).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(release['permissions']).toEqual({ contents: 'write' });
    const runs = releaseSteps.map((step) => step['run']);
    expect(runs).toEqual(expect.arrayContaining(['npm run -s check-dist', 'npm test']));
    expect(runs.indexOf('npm test')).toBeLessThan(runs.findIndex((run) => text(run).includes('git push')));
  });

  it.each([
    ['v1.2.3', 'v1'],
    ['v10.0.12', 'v10'],
    ['v0.1.0', 'v0'],
  ])('moves the major tag: %s -> %s', (tag, major) => {
    const derive = script(/major tag/i)
      .split('\n')
      .find((line) => /^\s*MAJOR=/.test(line));
    expect(derive).toBeDefined();
    expect(bash(`${derive!}\nprintf %s "$MAJOR"`, tag).stdout).toBe(major);
  });

  it.each(['v1.2.3', 'v0.10.0'])('accepts %s', (tag) => {
    expect(bash(script(/^Refuse/), tag).status).toBe(0);
  });

  it.each(['v1.2', 'v1.2.3-rc.1', 'v1.2.3.4', '1.2.3', 'v01.2.3', 'vx.y.z'])('refuses %s', (tag) => {
    expect(bash(script(/^Refuse/), tag).status).toBe(1);
  });
});
