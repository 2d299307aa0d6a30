// Secret canaries (issue 3, item 5; issue 12, item 1): every kind of secret, from env, from the
// inline input and only in the API's store, sent back by the API in responses and echoed in its
// errors; with RUNNER_DEBUG=1 none may appear, in any encoding ENCODINGS lists, in anything the
// action shows. test/report/secret-canaries-straddle.test.ts cuts through them. Runs dist/index.js as the
// runner does, then the same scenarios in-process through run(), renderReport and outputsFor.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/log.js';
import { renderReport, renderStoppedReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import { run } from '../../src/run.js';
import { engineSettings } from '../helpers/engine.js';
import { createVapiClient } from '../../src/vapi/client.js';
import { FakeVapi } from '../fake-vapi/index.js';
import {
  BROKEN_CONFIG,
  BROKEN_INLINE,
  CANARY,
  CANARY_CONFIG,
  ENCODINGS,
  canaryEnv,
  canaryInline,
  echoPicker,
  findCanaries,
  firstOf,
  storedSecrets,
  type EchoPicker,
} from '../helpers/canaries.js';
import { runDist } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

interface Scenario {
  name: string;
  config: string | undefined;
  numbers: string | undefined;
  command?: 'apply' | 'delete';
  env: Record<string, string>;
  /** Made per run, so its echo count starts at zero. */
  picker?: (fake: FakeVapi) => EchoPicker;
  fails: boolean;
  /** Requests the scenario must have made, e.g. `POST` (proves it exercised what it claims). */
  writes: string[];
  /** Changes the fake's state by hand first (as the dashboard would). */
  prepare?: (fake: FakeVapi) => void;
}

/** Gives canary-token a Twilio token this run does not declare: the API alone knows it. */
const STORE_LIVE_ONLY_TOKEN = (fake: FakeVapi): void => {
  const stored = fake.numbers().find((number) => number.name === 'canary-token');
  if (!stored) throw new Error('canary-token is not in the fake');
  fake.editNumber(stored.id, { twilioAuthToken: CANARY.liveOnlyToken });
};

/** A refused listing quoting the key and every stored secret this run declares (it cannot know others). */
const GET_ECHO = (fake: FakeVapi): EchoPicker => {
  const declared = new Set<string>([
    ...Object.values(canaryEnv()),
    CANARY.inlineToken,
    CANARY.inlineSipPassword,
    CANARY.inlineHeader,
  ]);
  return echoPicker('GET', 401, {
    extra: () => [CANARY.apiKey, ...storedSecrets(fake.numbers()).filter((value) => declared.has(value))],
  });
};

/** In order, against one fake: each run starts from the state the previous one left. */
const SCENARIOS: Scenario[] = [
  {
    name: 'first apply (creates)',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    env: canaryEnv(),
    fails: false,
    writes: Array(5).fill('POST'),
  },
  {
    name: 'second apply (unchanged)',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    env: canaryEnv(),
    fails: false,
    writes: [],
  },
  {
    name: 'a live-only token (stored, not declared) quoted back in a PATCH error',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    env: canaryEnv(),
    prepare: STORE_LIVE_ONLY_TOKEN,
    picker: (fake) => echoPicker('PATCH', 400, { extra: () => storedSecrets(fake.numbers()) }),
    fails: true,
    writes: ['PATCH'],
  },
  {
    name: 'edit (PATCH carrying rotated secrets)',
    config: CANARY_CONFIG,
    numbers: canaryInline({ rotated: true }),
    env: canaryEnv(true),
    fails: false,
    writes: ['PATCH', 'PATCH'],
  },
  {
    name: 'POST answered 400 echoing the secrets',
    config: CANARY_CONFIG,
    numbers: canaryInline({ rotated: true, extra: true }),
    env: canaryEnv(true),
    picker: () => echoPicker('POST', 400),
    fails: true,
    writes: ['POST', 'POST'],
  },
  {
    name: 'PATCH answered 400 echoing the secrets',
    config: CANARY_CONFIG,
    numbers: canaryInline({ rotated: true }),
    env: canaryEnv(false),
    picker: () => echoPicker('PATCH', 400),
    fails: true,
    writes: ['PATCH'],
  },
  {
    name: 'PATCH answered 500 (after the change), then 400, echoing',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    env: canaryEnv(true),
    picker: () => firstOf(echoPicker('PATCH', 500, { kind: 'status-after', times: 1 }), echoPicker('PATCH', 400)),
    fails: true,
    writes: ['PATCH', 'PATCH'],
  },
  {
    name: 'listing refused with stored secrets and the key echoed (thrown error)',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    env: canaryEnv(),
    picker: GET_ECHO,
    fails: true,
    writes: [],
  },
  { name: 'config error', config: BROKEN_CONFIG, numbers: BROKEN_INLINE, env: canaryEnv(), fails: true, writes: [] },
  {
    name: 'command: delete',
    config: CANARY_CONFIG,
    numbers: canaryInline(),
    command: 'delete',
    env: canaryEnv(),
    fails: false,
    writes: Array(5).fill('DELETE'),
  },
];

const CHANNELS = ['stdout', '::error lines', 'stderr', 'summary', 'outputs'] as const;
const checks = { dist: 0, inProcess: 0 };

function expectClean(where: string, text: string): number {
  expect(findCanaries(text), `${where} shows a secret`).toEqual([]);
  return Object.keys(CANARY).length * Object.keys(ENCODINGS).length;
}

function writtenBy(fake: FakeVapi): string[] {
  return fake.mutatingRequests().map((request) => request.method);
}

describe('secret canaries through dist/index.js with RUNNER_DEBUG=1', () => {
  let fake: FakeVapi;
  let workspace: string;
  beforeAll(async () => {
    fake = await FakeVapi.start({ apiKey: CANARY.apiKey, returnSecrets: true });
    workspace = tempDir('vapi-numbers-canary-');
  });
  afterAll(async () => {
    await fake.close();
    console.info(
      `secret canaries, dist: ${SCENARIOS.length} runs x ${CHANNELS.length} channels, ${checks.dist} (canary, encoding) checks`,
    );
  });

  it.each(SCENARIOS.map((scenario, index) => [index + 1, scenario.name, scenario] as const))(
    '%i. %s',
    async (_index, _name, scenario) => {
      if (scenario.config !== undefined) writeFileSync(path.join(workspace, 'vapi-numbers.yml'), scenario.config);
      scenario.prepare?.(fake);
      const picker = scenario.picker?.(fake);
      fake.setFaultPicker(picker?.picker);
      fake.resetLog();
      const result = await runDist({
        inputs: {
          'api-key': CANARY.apiKey,
          config: scenario.config === undefined ? '' : 'vapi-numbers.yml',
          numbers: scenario.numbers ?? '',
          command: scenario.command ?? 'apply',
          'base-url': fake.url,
        },
        env: { ...scenario.env, RUNNER_DEBUG: '1' },
        workspace,
      });
      fake.setFaultPicker(undefined);
      const context = `${scenario.name}\n${result.stdout}\n${result.stderr}`;
      expect(result.exitCode === 0, context).toBe(!scenario.fails);
      expect(writtenBy(fake), context).toEqual(scenario.writes);
      if (picker) expect(picker.echoes(), 'the fake echoed no secret').toBeGreaterThan(0);
      expect(result.stdout).toContain('::debug::');

      const lines = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
      const errors = lines.filter((line) => line.startsWith('::error'));
      if (scenario.fails) expect(errors.length, 'a failure is an ::error line').toBeGreaterThan(0);
      checks.dist += expectClean('stdout', lines.join('\n'));
      checks.dist += expectClean('::error lines', errors.join('\n'));
      checks.dist += expectClean('stderr', result.stderr);
      checks.dist += expectClean('summary', result.summary);
      checks.dist += expectClean('outputs', JSON.stringify(result.outputs));
    },
  );
});

describe('secret canaries in-process: the rendered outcome and thrown errors', () => {
  let fake: FakeVapi;
  let workspace: string;
  beforeAll(async () => {
    fake = await FakeVapi.start({ apiKey: CANARY.apiKey, returnSecrets: true });
    workspace = tempDir('vapi-numbers-canary-');
  });
  afterAll(async () => {
    await fake.close();
    console.info(`secret canaries, in-process: ${SCENARIOS.length} runs, ${checks.inProcess} (canary, encoding) checks`);
  });

  it.each(SCENARIOS.map((scenario, index) => [index + 1, scenario.name, scenario] as const))(
    '%i. %s',
    async (_index, _name, scenario) => {
      if (scenario.config !== undefined) writeFileSync(path.join(workspace, 'vapi-numbers.yml'), scenario.config);
      scenario.prepare?.(fake);
      const picker = scenario.picker?.(fake);
      fake.setFaultPicker(picker?.picker);
      fake.resetLog();
      const settings = engineSettings({
        command: scenario.command ?? 'apply',
        apiKey: CANARY.apiKey,
        configPath: scenario.config === undefined ? undefined : 'vapi-numbers.yml',
        numbersYaml: scenario.numbers,
        baseUrl: fake.url,
        workspace,
      });
      const log = memoryLog(true);
      const shown: string[] = [];
      let failed: boolean;
      try {
        const outcome = await run(settings, {
          log,
          env: scenario.env,
          relistDelaysMs: [0, 20, 50],
          createClient: (options) => createVapiClient({ ...options, retryBaseMs: 5, retryMaxDelayMs: 50 }),
        });
        failed = outcome.failed;
        shown.push(renderReport(outcome), JSON.stringify(outputsFor(outcome)));
      } catch (error) {
        failed = true;
        const { message, stack } = error as Error;
        shown.push(message, stack ?? '', renderStoppedReport(settings.command, message));
      } finally {
        fake.setFaultPicker(undefined);
      }
      expect(failed, `${scenario.name}\n${log.lines.join('\n')}`).toBe(scenario.fails);
      expect(writtenBy(fake)).toEqual(scenario.writes);
      if (picker) expect(picker.echoes()).toBeGreaterThan(0);
      shown.push(log.lines.join('\n'));
      for (const text of shown) checks.inProcess += expectClean('in-process log/report/outputs/error', text);
    },
  );
});
