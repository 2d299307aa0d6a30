// The files in examples/ are what users copy, so they must work as copied (issue 4, item 5):
// every workflow passes GitHub's own parser (@actions/workflow-parser) and converter, every step
// that uses this action passes only inputs action.yml declares, and examples/vapi-numbers.yml is
// accepted by the project's own config loader.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { interpolate } from '../../src/config/interpolate.js';
import { loadDesiredState } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';
import { compileGlob } from '../../src/plan/globs.js';
import { readSettings } from '../../src/settings.js';
import { workflowErrors } from '../helpers/github-parsers.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** The example config; every other YAML file in examples/ is a workflow. */
const CONFIG_FILE = 'vapi-numbers.yml';
const EXPECTED_WORKFLOWS = ['adopt.yml', 'cleanup.yml', 'deploy.yml', 'drift.yml', 'preview.yml', 'review.yml'];
const COMMANDS = ['plan', 'apply', 'delete', 'cleanup', 'export'];
/** A step "uses" this action when its reference names the vapi-numbers repository at some ref. */
const ACTION_REF = /(^|\/)vapi-numbers@[^/\s]+$/;
const EXPRESSION = /^\$\{\{[^]*\}\}$/;

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readExample(file: string): string {
  return readFileSync(path.join(EXAMPLES, file), 'utf8');
}

const workflowFiles = readdirSync(EXAMPLES)
  .filter((file) => /\.ya?ml$/.test(file) && file !== CONFIG_FILE)
  .sort();

// ---------------------------------------------------------------------------------------------
// GitHub's parser

/** Replaces one exact piece of an example, failing loudly if the example no longer has it. */
function broken(file: string, from: string, to: string): string {
  const content = readExample(file);
  expect(content, `${file} no longer contains ${JSON.stringify(from)}; update this negative case`).toContain(from);
  return content.replace(from, to);
}

describe('GitHub parses every example workflow without errors', () => {
  it('has the workflows issues 4 and 10 ask for', () => {
    expect(workflowFiles).toEqual(EXPECTED_WORKFLOWS);
  });

  it.each(workflowFiles)('%s', async (file) => {
    expect(await workflowErrors(file, readExample(file))).toEqual({ parse: [], convert: [] });
  });

  describe('and the same check rejects broken copies of them', () => {
    it('an unknown key (runs_on for runs-on)', async () => {
      const errors = await workflowErrors('preview.yml', broken('preview.yml', 'runs-on:', 'runs_on:'));
      expect(errors.parse).toEqual(
        expect.arrayContaining([
          expect.stringContaining("Unexpected value 'runs_on'"),
          expect.stringContaining('Required property is missing: runs-on'),
        ]),
      );
    });

    it('an activity type pull_request does not have (merged)', async () => {
      const errors = await workflowErrors('preview.yml', broken('preview.yml', 'reopened, closed]', 'reopened, merged]'));
      expect(errors.parse).toEqual([expect.stringContaining("Unexpected value 'merged'")]);
    });

    it('an event that does not exist (pull_requests)', async () => {
      const errors = await workflowErrors('preview.yml', broken('preview.yml', '  pull_request:\n', '  pull_requests:\n'));
      expect(errors.parse).toEqual(expect.arrayContaining([expect.stringContaining("Unexpected value 'pull_requests'")]));
    });

    it('a permission level that does not exist', async () => {
      const errors = await workflowErrors('cleanup.yml', broken('cleanup.yml', 'pull-requests: read', 'pull-requests: readonly'));
      expect(errors.parse).toEqual([expect.stringContaining("Unexpected value 'readonly'")]);
    });

    it('a YAML syntax error (an unquoted ": " in a plain run: line)', async () => {
      const errors = await workflowErrors('drift.yml', `${readExample('drift.yml')}      - run: echo a: b\n`);
      expect(errors.parse).toEqual([expect.stringContaining('Nested mappings are not allowed in compact mappings')]);
    });

    // These two parse cleanly; only the conversion step sees them, which is why both run.
    it('an invalid cron schedule', async () => {
      const errors = await workflowErrors('cleanup.yml', broken('cleanup.yml', '"41 3 * * *"', '"41 25 * * *"'));
      expect(errors.parse).toEqual([]);
      expect(errors.convert).toEqual([expect.stringContaining('Invalid cron expression')]);
    });

    it('the secrets context in a job-level if', async () => {
      const content = broken('preview.yml', 'if: >-\n', "if: >-\n      secrets.VAPI_API_KEY != '' &&\n");
      const errors = await workflowErrors('preview.yml', content);
      expect(errors.parse).toEqual([]);
      expect(errors.convert).toEqual([expect.stringContaining("Unrecognized named-value: 'secrets'")]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Steps that use this action

interface ActionMetadata {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
}

const actionInputs = (parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionMetadata).inputs;
const BOOLEAN_INPUTS = Object.keys(actionInputs).filter((name) =>
  ['true', 'false'].includes(String(actionInputs[name]?.default)),
);

interface ActionStep {
  workflow: string;
  job: string;
  /** The step's id, or its position. */
  step: string;
  with: Mapping;
  env: Mapping;
  /** The job's `env:`, which `${{ env.NAME }}` in `with:` reads. */
  jobEnv: Mapping;
  if: string | undefined;
}

function workflowDocument(file: string, content = readExample(file)): Mapping {
  const document: unknown = parseYaml(content);
  if (!isMapping(document)) throw new Error(`${file} is not a YAML map`);
  return document;
}

function jobsOf(document: Mapping): [string, Mapping][] {
  return Object.entries(isMapping(document['jobs']) ? document['jobs'] : {}).filter((entry): entry is [string, Mapping] =>
    isMapping(entry[1]),
  );
}

function stepsOf(job: Mapping): Mapping[] {
  return Array.isArray(job['steps']) ? job['steps'].filter(isMapping) : [];
}

function actionSteps(file: string, document: Mapping): ActionStep[] {
  return jobsOf(document).flatMap(([job, spec]) =>
    stepsOf(spec).flatMap((step, index) =>
      typeof step['uses'] === 'string' && ACTION_REF.test(step['uses'])
        ? [
            {
              workflow: file,
              job,
              step: typeof step['id'] === 'string' ? step['id'] : `#${index + 1}`,
              with: isMapping(step['with']) ? step['with'] : {},
              env: isMapping(step['env']) ? step['env'] : {},
              jobEnv: isMapping(spec['env']) ? spec['env'] : {},
              if: typeof step['if'] === 'string' ? step['if'] : undefined,
            },
          ]
        : [],
    ),
  );
}

/** Everything wrong with how one step calls the action, as messages naming the step. */
function actionStepProblems(step: ActionStep): string[] {
  const at = `${step.workflow} jobs.${step.job} step ${step.step}`;
  const problems: string[] = [];
  for (const key of Object.keys(step.with)) {
    if (!(key in actionInputs)) problems.push(`${at}: with.${key} is not an input of action.yml`);
  }
  const apiKey = step.with['api-key'];
  if (typeof apiKey !== 'string' || !/^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(apiKey)) {
    problems.push(`${at}: api-key must be given, as \${{ secrets.NAME }} (never a literal key)`);
  }
  const command = step.with['command'];
  if (command !== undefined && !(typeof command === 'string' && (COMMANDS.includes(command) || EXPRESSION.test(command)))) {
    problems.push(`${at}: command ${JSON.stringify(command)} is not one of ${COMMANDS.join(', ')}`);
  }
  if (command === 'cleanup' && !(typeof step.with['match'] === 'string' && step.with['match'].trim() !== '')) {
    problems.push(`${at}: command cleanup needs match`);
  }
  for (const name of BOOLEAN_INPUTS) {
    const value = step.with[name];
    if (value === undefined || typeof value === 'boolean') continue;
    if (typeof value === 'string' && (/^(true|false)$/i.test(value) || EXPRESSION.test(value))) continue;
    problems.push(`${at}: ${name} must be true or false, not ${JSON.stringify(value)}`);
  }
  return problems;
}

const steps = workflowFiles.flatMap((file) => actionSteps(file, workflowDocument(file)));

const PR_NUMBER = 123;

/**
 * One input as the runner would hand it to the action on pull request 123: the step's value (or
 * action.yml's default) as a string, with the expressions the examples use evaluated. A boolean
 * input given by an expression is read as `true`; any other expression is a test failure, so a new
 * one has to be taught here.
 */
function runnerInput(step: ActionStep, name: string): string {
  const given = step.with[name] ?? actionInputs[name]?.default ?? '';
  let value = typeof given === 'string' ? given : String(given);
  value = value.replace(/^\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/, (_all, variable: string) =>
    String(step.jobEnv[variable] ?? ''),
  );
  value = value.replaceAll('${{ github.event.pull_request.number }}', String(PR_NUMBER));
  // A workflow_dispatch input left at its default.
  value = value.replace(/^\$\{\{\s*inputs\.([A-Za-z_][\w-]*)\s*\}\}$/, (_all, input: string) =>
    String(dispatchInputDefault(step.workflow, input)),
  );
  if (EXPRESSION.test(value)) {
    if (name === 'api-key' && value.includes('secrets.')) return 'dummy-vapi-key';
    if (name === 'github-token') return 'dummy-github-token';
    if (BOOLEAN_INPUTS.includes(name)) return 'true';
  }
  if (value.includes('${{'))
    throw new Error(`${step.workflow} ${step.step}: no stand-in for the expression in ${name}: ${value}`);
  return value;
}

/** The default of a `workflow_dispatch` input of an example, as GitHub fills it in when left alone. */
function dispatchInputDefault(file: string, input: string): unknown {
  const on = workflowDocument(file)['on'] as Mapping;
  const inputs = (on['workflow_dispatch'] as Mapping | undefined)?.['inputs'] as Mapping | undefined;
  const spec = inputs?.[input] as Mapping | undefined;
  if (spec === undefined) throw new Error(`${file}: inputs.${input} is not a workflow_dispatch input`);
  return spec['default'] ?? '';
}

describe('every step that uses the action', () => {
  it('exists in every example workflow', () => {
    expect([...new Set(steps.map((step) => step.workflow))].sort()).toEqual(EXPECTED_WORKFLOWS);
  });

  it.each(steps.map((step) => [`${step.workflow} ${step.step}`, step] as const))(
    '%s passes only inputs action.yml declares',
    (_label, step) => {
      expect(actionStepProblems(step)).toEqual([]);
    },
  );

  it.each(steps.map((step) => [`${step.workflow} ${step.step}`, step] as const))(
    '%s: the action reads its inputs without an error',
    (_label, step) => {
      const settings = readSettings((name) => runnerInput(step, name), { GITHUB_WORKSPACE: EXAMPLES });
      expect(settings.command).toBe(step.with['command'] ?? 'apply');
    },
  );

  it('reports misuse: an unknown input, no api-key, an unknown command, cleanup without match', () => {
    const content = broken(
      'cleanup.yml',
      'command: cleanup\n          # {pr}',
      'command: cleanup\n          dryrun: true\n          # {pr}',
    )
      .replace('          match: pr-{pr}-*\n', '')
      .replace('api-key: ${{ secrets.VAPI_API_KEY }}', 'api_key: ${{ secrets.VAPI_API_KEY }}');
    const [step] = actionSteps('cleanup.yml', workflowDocument('cleanup.yml', content));
    expect(step).toBeDefined();
    expect(actionStepProblems(step!)).toEqual([
      'cleanup.yml jobs.cleanup step cleanup: with.api_key is not an input of action.yml',
      'cleanup.yml jobs.cleanup step cleanup: with.dryrun is not an input of action.yml',
      'cleanup.yml jobs.cleanup step cleanup: api-key must be given, as ${{ secrets.NAME }} (never a literal key)',
      'cleanup.yml jobs.cleanup step cleanup: command cleanup needs match',
    ]);
    const [deploy] = actionSteps(
      'deploy.yml',
      workflowDocument('deploy.yml', broken('deploy.yml', 'command: apply', 'command: sync')),
    );
    expect(actionStepProblems(deploy!)).toEqual([
      'deploy.yml jobs.apply step numbers: command "sync" is not one of plan, apply, delete, cleanup, export',
    ]);
    // A value of the right key but the wrong form is the action's own settings reader's to refuse.
    const [week] = actionSteps(
      'cleanup.yml',
      workflowDocument('cleanup.yml', broken('cleanup.yml', 'older-than: 7d', 'older-than: 1 week')),
    );
    expect(() => readSettings((name) => runnerInput(week!, name), {})).toThrow(/Invalid older-than '1 week'/);
  });
});

// ---------------------------------------------------------------------------------------------
// What each workflow promises (SPEC "who uses it, and how"; issue 4 item 5)

function onlyJob(file: string): Mapping {
  const jobs = jobsOf(workflowDocument(file));
  expect(jobs).toHaveLength(1);
  return jobs[0]![1];
}

function stepsOfWorkflow(file: string): ActionStep[] {
  return steps.filter((step) => step.workflow === file);
}

describe('each workflow does what its scenario needs', () => {
  it('deploy.yml: applies the config on push to main, one run at a time, read-only token', () => {
    const document = workflowDocument('deploy.yml');
    const push = (document['on'] as Mapping)['push'] as Mapping;
    expect(push['branches']).toEqual(['main']);
    expect(push['paths']).toContain(CONFIG_FILE);
    expect(document['concurrency']).toMatchObject({ 'cancel-in-progress': false });
    expect(document['permissions']).toEqual({ contents: 'read' });
    const [apply] = stepsOfWorkflow('deploy.yml');
    expect(apply?.with).toMatchObject({ command: 'apply', config: CONFIG_FILE });
    const later = JSON.stringify(stepsOf(onlyJob('deploy.yml')).slice(2));
    expect(later).toContain(`steps.${apply?.step}.outputs.`);
  });

  it('preview.yml: one number per PR, applied with a comment, deleted with a comment on close', () => {
    const document = workflowDocument('preview.yml');
    expect((document['on'] as Mapping)['pull_request']).toEqual({ types: ['opened', 'synchronize', 'reopened', 'closed'] });
    const concurrency = document['concurrency'] as Mapping;
    expect(concurrency['group']).toContain('${{ github.event.pull_request.number }}');
    expect(concurrency['cancel-in-progress']).toBe(false);
    expect(document['permissions']).toEqual({ contents: 'read', 'pull-requests': 'write' });

    const job = onlyJob('preview.yml');
    expect(job['if']).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const [apply, remove] = stepsOfWorkflow('preview.yml');
    expect(apply?.with).toMatchObject({ command: 'apply', comment: true, 'wait-until-active': true });
    expect(apply?.if).toBe("github.event.action != 'closed'");
    expect(remove?.with).toMatchObject({ command: 'delete', comment: true });
    expect(remove?.if).toBe("github.event.action == 'closed'");
    expect(remove?.with['numbers']).toBe(apply?.with['numbers']);
    expect(apply?.with['config']).toBeUndefined(); // a preview must never apply the production config
    expect(JSON.stringify(stepsOf(job))).toContain(`steps.${apply?.step}.outputs.phone-number`);
  });

  it('review.yml: a plan of the config on pull requests that touch it, commented, forks skipped', () => {
    const document = workflowDocument('review.yml');
    expect((document['on'] as Mapping)['pull_request']).toEqual({ paths: [CONFIG_FILE] });
    expect((document['concurrency'] as Mapping)['group']).toContain('${{ github.event.pull_request.number }}');
    expect(document['permissions']).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const job = onlyJob('review.yml');
    expect(job['if']).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const [plan] = stepsOfWorkflow('review.yml');
    // The same config and prune as deploy.yml, so the comment shows what merging would do.
    const [deploy] = stepsOfWorkflow('deploy.yml');
    expect(plan?.with).toMatchObject({ command: 'plan', comment: true, config: CONFIG_FILE, prune: deploy?.with['prune'] });
    expect(Object.keys(plan?.env ?? {}).sort()).toEqual(Object.keys(deploy?.env ?? {}).sort());
  });

  it('adopt.yml: by hand only, exports to vapi-numbers.yml and opens a pull request with that file', () => {
    const document = workflowDocument('adopt.yml');
    expect(Object.keys(document['on'] as Mapping)).toEqual(['workflow_dispatch']);
    expect(document['permissions']).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const job = onlyJob('adopt.yml');
    const [exported] = stepsOfWorkflow('adopt.yml');
    expect(exported?.with).toMatchObject({ command: 'export', output: CONFIG_FILE });
    const all = stepsOf(job);
    const pull = all.find((step) => String(step['uses'] ?? '').startsWith('peter-evans/create-pull-request@'));
    expect((pull?.['with'] as Mapping)['add-paths']).toBe(CONFIG_FILE);
    // The pull request comes after the export, in the same job.
    expect(all.indexOf(pull!)).toBeGreaterThan(all.findIndex((step) => step['id'] === exported?.step));
  });

  it('cleanup.yml: nightly and on demand, dry run by default on demand, pr-closed and a TTL', () => {
    const document = workflowDocument('cleanup.yml');
    const on = document['on'] as Mapping;
    expect(on['schedule']).toEqual([{ cron: expect.any(String) }]);
    expect((on['workflow_dispatch'] as Mapping)['inputs']).toMatchObject({ 'dry-run': { type: 'boolean', default: true } });
    expect(document['permissions']).toEqual({ 'pull-requests': 'read' });
    const [cleanup] = stepsOfWorkflow('cleanup.yml');
    expect(cleanup?.with).toMatchObject({ command: 'cleanup', match: 'pr-{pr}-*', 'pr-closed': true, 'older-than': '7d' });
    expect(cleanup?.with['protect']).toEqual(expect.any(String));
    expect(cleanup?.with['max-deletions']).toEqual(expect.any(Number));
    // Scheduled runs have no inputs, so the expression is false there and true by default by hand.
    expect(cleanup?.with['dry-run']).toBe("${{ github.event_name == 'workflow_dispatch' && inputs.dry-run }}");
  });

  it('drift.yml: a scheduled plan that fails on changes', () => {
    const document = workflowDocument('drift.yml');
    expect((document['on'] as Mapping)['schedule']).toEqual([{ cron: expect.any(String) }]);
    const [plan] = stepsOfWorkflow('drift.yml');
    expect(plan?.with).toMatchObject({ command: 'plan', 'fail-on-changes': true, config: CONFIG_FILE });
  });
});

// ---------------------------------------------------------------------------------------------
// The example config, through the project's own loader

/** Every `${VAR}` the config's string values reference (comments and `$${` escapes excluded). */
function referencedVariables(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const name of interpolate(value, {}).references) found.add(name);
  else if (Array.isArray(value)) for (const item of value) referencedVariables(item, found);
  else if (isMapping(value)) for (const item of Object.values(value)) referencedVariables(item, found);
  return found;
}

const configVariables = [...referencedVariables(parseYaml(readExample(CONFIG_FILE)))].sort();
// Long enough for every length limit (a SIP password is 20-40 characters).
const dummyEnv = Object.fromEntries(
  configVariables.map((name) => [name, `dummy-${name.toLowerCase().replaceAll('_', '-')}`.padEnd(24, '0').slice(0, 40)]),
);

describe(`examples/${CONFIG_FILE}`, () => {
  it('validates with the loader once the variables it references are set', async () => {
    expect(configVariables.length).toBeGreaterThan(3);
    const state = await loadDesiredState({ configPath: CONFIG_FILE, workspace: EXAMPLES, env: dummyEnv });
    expect(state.numbers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(state.numbers.map((number) => number.provider))).toEqual(
      new Set(['vapi', 'twilio', 'vonage', 'telnyx', 'byo-phone-number']),
    );
    expect(state.numbers.some((number) => Array.isArray(number.fields['hooks']))).toBe(true);
    expect(state.prune.match.length).toBeGreaterThan(0);
    expect(state.prune.protect.length).toBeGreaterThan(0);
    // The secrets really are interpolated secrets, to be masked.
    expect(state.secrets).toEqual(expect.arrayContaining([dummyEnv['TWILIO_AUTH_TOKEN']]));
  });

  it.each(configVariables)('needs %s: without it the loader refuses and names it', async (name) => {
    const { [name]: _dropped, ...env } = dummyEnv;
    const error = await loadDesiredState({ configPath: CONFIG_FILE, workspace: EXAMPLES, env }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.message).join('\n')).toContain(name);
  });

  it('gets every variable it references from the env: of each step that applies or plans it', () => {
    const users = steps.filter((step) => step.with['config'] === CONFIG_FILE);
    expect(users.map((step) => step.workflow).sort()).toEqual(['deploy.yml', 'drift.yml', 'review.yml']);
    for (const step of users) expect(Object.keys(step.env).sort(), `${step.workflow} ${step.step}`).toEqual(configVariables);
  });
});

describe("the preview number's name", () => {
  const [apply] = stepsOfWorkflow('preview.yml');
  /** The apply step's `numbers` as the runner passes it on pull request 123. */
  const previewNumbers = () => runnerInput(apply!, 'numbers');

  it('is one valid number, named after the pull request', async () => {
    const state = await loadDesiredState({ numbersYaml: previewNumbers(), workspace: EXAMPLES, env: {} });
    expect(state.numbers.map(({ name, provider }) => ({ name, provider }))).toEqual([
      { name: `pr-${PR_NUMBER}-support`, provider: 'vapi' },
    ]);
    expect(state.numbers[0]?.fields['numberDesiredAreaCode']).toMatch(/^[0-9]{3}$/);
    expect(state.numbers[0]?.assistantName).toEqual(expect.any(String));
  });

  it("is what cleanup.yml's match reads back, and no production name is", async () => {
    const [cleanup] = stepsOfWorkflow('cleanup.yml');
    const match = compileGlob(String(cleanup?.with['match']));
    const preview = await loadDesiredState({ numbersYaml: previewNumbers(), workspace: EXAMPLES, env: {} });
    expect(match.match(preview.numbers[0]!.name)).toEqual({ pr: PR_NUMBER });

    const production = await loadDesiredState({ configPath: CONFIG_FILE, workspace: EXAMPLES, env: dummyEnv });
    for (const number of production.numbers) expect(match.test(number.name), number.name).toBe(false);
    // ...and deploy's prune never reaches a preview number.
    for (const glob of production.prune.match) expect(compileGlob(glob).test(preview.numbers[0]!.name), glob).toBe(false);
  });
});
