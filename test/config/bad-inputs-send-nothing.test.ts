// Every bad input is refused with a message a person can act on, before a single request is sent.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/log.js';
import { run } from '../../src/run.js';
import { readSettings } from '../../src/settings.js';
import { FakeVapi } from '../fake-vapi/index.js';

const KEY = 'test-key';
let fake: FakeVapi;
beforeAll(async () => {
  fake = await FakeVapi.start({ apiKey: KEY });
  fake.seedAssistant('Support Bot');
});
afterAll(async () => fake.close());

const head = 'version: 1\nnumbers:\n';
const vapi = (extra = '') => `${head}  - name: line\n    provider: vapi\n${extra}`;
const twilio = (extra = '') =>
  `${head}  - name: line\n    provider: twilio\n    number: "+14155550100"\n    twilioAccountSid: AC1\n${extra}`;
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
  .concat(
    Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    ),
  )
  .join('\n');

interface BadInput {
  title: string;
  file?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  message: RegExp;
}

const CASES: BadInput[] = [
  {
    title: 'unknown key, with did-you-mean',
    file: vapi('    asistantId: a-1\n'),
    message: /unknown key `asistantId`.*did you mean `assistantId`/,
  },
  { title: 'wrong type', file: vapi('    hooks: yes\n'), message: /numbers\[0\]\.hooks/ },
  {
    title: 'unquoted +1415...',
    file: `${head}  - name: line\n    provider: vonage\n    number: +14155550100\n    credentialId: c\n`,
    message: /quote it.*"\+14155550100"/,
  },
  { title: 'unquoted 0412 area code', file: vapi('    numberDesiredAreaCode: 0412\n'), message: /quote it/ },
  { title: 'name over 40 characters', file: `${head}  - name: ${'x'.repeat(41)}\n    provider: vapi\n`, message: /40/ },
  {
    title: 'duplicate names in the file',
    file: `${head}  - name: a\n    provider: vapi\n  - name: a\n    provider: vapi\n`,
    message: /duplicate|already/i,
  },
  {
    title: 'duplicate across file and input',
    file: vapi(),
    inputs: { numbers: '- name: line\n  provider: vapi\n' },
    message: /line.*(duplicate|already)|(duplicate|already).*line/i,
  },
  { title: 'missing name', file: `${head}  - provider: vapi\n`, message: /name/ },
  { title: 'unknown provider', file: `${head}  - name: a\n    provider: plivo\n`, message: /provider.*plivo|plivo.*provider/ },
  {
    title: 'missing required provider field',
    file: `${head}  - name: a\n    provider: vonage\n    number: "+15550000000"\n`,
    message: /credentialId/,
  },
  {
    title: 'two routing targets',
    file: vapi('    assistant: Support Bot\n    squadId: s-1\n'),
    message: /assistant.*squad|one of/i,
  },
  { title: 'unset ${VAR}', file: twilio('    twilioAuthToken: ${NOT_SET_ANYWHERE}\n'), message: /NOT_SET_ANYWHERE/ },
  { title: 'literal secret in a file', file: twilio('    twilioAuthToken: literal-token-value\n'), message: /secret/ },
  { title: 'area code of 4 digits', file: vapi('    numberDesiredAreaCode: "4155"\n'), message: /numberDesiredAreaCode/ },
  {
    title: '`do` as an object on call.ringing',
    file: vapi('    hooks:\n      - on: call.ringing\n        do: { type: say, exact: hi }\n'),
    message: /list/,
  },
  {
    title: 'say.exact over 4000 characters',
    file: vapi(`    hooks:\n      - on: call.ending\n        do: { type: say, exact: ${'a'.repeat(4001)} }\n`),
    message: /4000/,
  },
  {
    title: 'filter prefix with +',
    file: vapi(
      '    hooks:\n      - on: call.ringing\n        do: [{ type: say, exact: hi }]\n        filters: [{ type: startsWith, key: number, startsWith: ["+1415"] }]\n',
    ),
    message: /\+/,
  },
  { title: 'YAML syntax error', file: 'version: 1\nnumbers:\n  - name: [unclosed\n', message: /vapi-numbers\.yml:\d+:\d+/ },
  { title: 'YAML alias bomb', file: bomb, message: /alias|anchor/i },
  { title: 'empty file', file: '', message: /empty/ },
  { title: 'missing file', inputs: { config: 'does-not-exist.yml' }, message: /does-not-exist\.yml/ },
  { title: 'version: 2', file: 'version: 2\nnumbers: []\n', message: /version 2/ },
  {
    title: 'base-url over plain http to a non-loopback host',
    file: vapi(),
    inputs: { 'base-url': 'http://api.vapi.ai' },
    message: /unencrypted/,
  },
  { title: 'empty api-key, explaining fork PRs', file: vapi(), inputs: { 'api-key': '' }, message: /fork/ },
  {
    title: 'assistant name that does not resolve',
    file: vapi('    assistant: Nobody\n'),
    message: /no assistant is named 'Nobody'/,
  },
];

describe('bad inputs send no request', () => {
  for (const bad of CASES) {
    it(bad.title, async () => {
      const workspace = tempDir('vapi-numbers-bad-');
      if (bad.file !== undefined) writeFileSync(path.join(workspace, 'vapi-numbers.yml'), bad.file);
      const inputs: Record<string, string> = { 'api-key': KEY, config: 'vapi-numbers.yml', 'base-url': fake.url, ...bad.inputs };
      fake.resetLog();
      const started = Date.now();
      const attempt = async () => {
        const settings = readSettings((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace });
        return run(settings, { log: memoryLog(true), env: bad.env ?? {} });
      };
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error, 'the run should have been refused').toBeInstanceOf(Error);
      expect(error?.message).toMatch(bad.message);
      expect(Date.now() - started).toBeLessThan(1_000);
      // Only the name lookup may read; nothing else may reach the API.
      const allowed = bad.title.startsWith('assistant name') ? ['GET'] : [];
      expect([...new Set(fake.requests.map((r) => r.method))]).toEqual(allowed);
      expect(fake.mutatingRequests()).toEqual([]);
    });
  }
});
