// `delete` reads each entry's name and nothing else (SPEC section 4): a teardown job needs the Vapi
// key and names, no provider secrets. The document's shape and the names are still checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuickly, loadWithPositions } from '../../src/config/load.js';
import type { LoadConfigOptions } from '../../src/config/load.js';
import { countByMethod, startWorld, type World } from '../helpers/engine.js';
import { problemsOf, workspaceWith, yamlLines } from './config-helpers.js';

/** Every provider, secrets from variables none of which is set, and keys `apply` would refuse. */
const EVERY_PROVIDER = yamlLines(
  'version: 1',
  'defaults:',
  '  provider: twilio',
  '  twilioAccountSid: ${TWILIO_ACCOUNT_SID}',
  '  twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
  '  server: { headers: { Authorization: "Bearer ${HOOK_TOKEN}" } }',
  'numbers:',
  '  - name: acme-main',
  '    number: "+14155550100"',
  '  - name: acme-sip',
  '    provider: vapi',
  '    sipUri: sip:desk@${SIP_DOMAIN}',
  '    authentication:',
  '      username: ${SIP_USER}',
  '      password: ${SIP_PASSWORD}',
  '  - name: acme-london',
  '    provider: vonage',
  '    number: +442071838750',
  '    credentialId: $VONAGE_CRED',
  '  - name: acme-chicago',
  '    provider: telnyx',
  '    asistantId: typo-apply-would-refuse',
  '  - name: acme-pbx',
  '    provider: byo-phone-number',
  '    fallbackDestination: { type: number, number: "555-0100" }',
  '  - name: acme-fax',
  '    provider: no-such-provider',
  'prune:',
  '  protect: ["${PROTECTED}"]',
);

async function fileOptions(text: string, env: Record<string, string> = {}): Promise<LoadConfigOptions> {
  return { workspace: await workspaceWith({ 'vapi-numbers.yml': text }), configPath: 'vapi-numbers.yml', env, namesOnly: true };
}

describe('delete reads only names', () => {
  it('takes an inline entry that is a name alone', async () => {
    const options: LoadConfigOptions = {
      workspace: '/nonexistent',
      env: {},
      numbersYaml: '- name: zeta-vonage',
      namesOnly: true,
    };
    const state = await loadWithPositions(options);
    expect(state.numbers.map((number) => [number.name, number.fields, number.source])).toEqual([
      ['zeta-vonage', {}, { file: 'numbers input', line: 1, column: 3 }],
    ]);
    expect(state.warnings).toEqual([]);
  });

  it('reads a file of every provider with no variable set, and neither interpolates nor checks other keys', async () => {
    const options = await fileOptions(EVERY_PROVIDER, { PROTECTED: 'acme-main' });
    const state = await loadWithPositions(options);
    expect(state.numbers.map((number) => number.name)).toEqual([
      'acme-main',
      'acme-sip',
      'acme-london',
      'acme-chicago',
      'acme-pbx',
      'acme-fax',
    ]);
    expect(state.numbers.every((number) => Object.keys(number.fields).length === 0)).toBe(true);
    expect(state.secrets).toEqual([]);
    // `prune:` is still read, with its variables: protect applies to deletes too.
    expect(state.prune.protect).toEqual(['acme-main']);
    // Nothing was read from `$VONAGE_CRED`, so nothing is warned about either.
    expect(state.warnings).toEqual([]);
  });

  it('is what makes the difference: the same file read for apply fails', async () => {
    const options = await fileOptions(EVERY_PROVIDER, { PROTECTED: 'acme-main' });
    const problems = await problemsOf(loadWithPositions({ ...options, namesOnly: false }));
    expect(problems.map((problem) => problem.message)).toContain('environment variable TWILIO_AUTH_TOKEN is not set');
  });

  it('reads names the fast way and the positioned way alike', async () => {
    const options = await fileOptions(EVERY_PROVIDER, { PROTECTED: 'acme-main' });
    const fast = await loadQuickly(options);
    expect(fast).toBeDefined();
    expect(await loadWithPositions(options)).toEqual(fast);
  });

  it('still interpolates the name, and an unset variable in it is an error at its line', async () => {
    const text = yamlLines('version: 1', 'numbers:', '  - name: pr-${PR}-support', '    provider: vapi');
    const state = await loadWithPositions(await fileOptions(text, { PR: '42' }));
    expect(state.numbers[0]?.name).toBe('pr-42-support');
    const problems = await problemsOf(loadWithPositions(await fileOptions(text)));
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, column: 11, path: 'numbers[0].name', message: 'environment variable PR is not set' }),
    ]);
  });

  it('still checks the version, the shape and the names, each at its place', async () => {
    const text = yamlLines(
      'version: 2',
      'numbers:',
      '  - name: same',
      '  - name: same',
      `  - name: ${'x'.repeat(41)}`,
      '  - provider: vapi',
      '  - name: 4155550100',
      '  - just text',
    );
    const problems = await problemsOf(loadWithPositions(await fileOptions(text)));
    expect(problems.map((problem) => [problem.line, problem.column, problem.path])).toEqual([
      [1, 10, 'version'],
      [4, 11, 'numbers[1].name'],
      [5, 11, 'numbers[2].name'],
      [6, 5, 'numbers[3].name'],
      [7, 11, 'numbers[4].name'],
      [8, 5, 'numbers[5]'],
    ]);
    expect(problems[1]?.message).toBe('duplicate name `same`; first declared at vapi-numbers.yml:3:11');
    expect(problems[2]?.message).toBe('`name` is 41 characters; at most 40 characters allowed');
    expect(problems[3]?.message).toMatch(/^missing `name`/);
    expect(problems[4]?.message).toMatch(/^YAML reads 4155550100 as a number, not text; quote it/);
    expect(problems[5]?.message).toBe('each item under `numbers` must be a map of fields');
  });

  it('still refuses a `numbers:` that is not a list, and a duplicate across the file and the input', async () => {
    const notAList = await problemsOf(loadWithPositions(await fileOptions(yamlLines('version: 1', 'numbers: acme-main'))));
    expect(notAList).toEqual([expect.objectContaining({ line: 2, path: 'numbers', message: '`numbers` must be a list' })]);
    const options = await fileOptions(yamlLines('version: 1', 'numbers:', '  - name: twice'));
    const across = await problemsOf(loadWithPositions({ ...options, numbersYaml: '- name: twice' }));
    expect(across).toEqual([
      expect.objectContaining({ file: 'numbers input', line: 1, message: expect.stringMatching(/^duplicate name `twice`/) }),
    ]);
  });
});

describe('a delete run', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world.close());

  it('deletes by name from a file whose provider secrets are unset, protect and max-deletions unchanged', async () => {
    const kept = world.fake.seedNumber({ provider: 'vonage', name: 'acme-main', number: '+14155550100', credentialId: 'c' });
    const gone = world.fake.seedNumber({ provider: 'vonage', name: 'acme-london', number: '+442071838750', credentialId: 'c' });
    world.writeConfig(EVERY_PROVIDER);
    const refused = await world.engine({ command: 'delete', maxDeletions: 0 }, { PROTECTED: 'acme-main' });
    expect(refused.plan.refusal).toMatch(/max-deletions/);
    expect(countByMethod(world.fake)['DELETE']).toBeUndefined();

    const outcome = await world.engine({ command: 'delete' }, { PROTECTED: 'acme-main' });
    const byName = Object.fromEntries(outcome.results.map((result) => [result.name, result.operation]));
    expect(byName).toMatchObject({ 'acme-london': 'deleted', 'acme-main': 'failed', 'acme-sip': 'absent' });
    expect(outcome.results.find((result) => result.name === 'acme-london')?.id).toBe(gone.id);
    expect(outcome.results.find((result) => result.name === 'acme-main')?.problem?.message).toMatch(/protected/);
    expect(world.fake.numbers().map((number) => number.id)).toEqual([kept.id]);
  });
});
