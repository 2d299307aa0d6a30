// `credentialId: $VONAGE_CRED` is sent as written, which is rarely what was meant: it is accepted
// with a warning at its line suggesting `${VONAGE_CRED}`, and the warning reaches the run's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareReferences } from '../../src/config/interpolate.js';
import { loadQuickly, loadWithPositions } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';
import { memoryLog } from '../../src/log.js';
import { startWorld, type World } from '../helpers/engine.js';
import { load, workspaceWith, yamlLines } from './config-helpers.js';

const vonage = (...extra: string[]): string =>
  yamlLines(
    'version: 1',
    'numbers:',
    '  - name: London',
    '    provider: vonage',
    '    number: "+442071838750"',
    '    credentialId: $VONAGE_CRED',
    ...extra,
  );

describe('$NAME without braces', () => {
  it('is a warning at its value, with the key path and the spelling to use; the value stays as written', async () => {
    const state = await load({ config: vonage(), env: { VONAGE_CRED: 'cred-1' } });
    expect(state.numbers[0]?.fields['credentialId']).toBe('$VONAGE_CRED');
    expect(state.warnings).toEqual([
      {
        file: 'vapi-numbers.yml',
        line: 6,
        column: 19,
        path: 'numbers[0].credentialId',
        message: '`$VONAGE_CRED` is sent as written, not read from the environment',
        hint: 'write `${VONAGE_CRED}` to use the environment variable',
      },
    ]);
  });

  it('is found in the numbers input too, in any string, once per name', async () => {
    const state = await load({
      numbers: yamlLines('- name: Free', '  provider: vapi', '  server:', '    url: https://$HOOK_HOST/vapi?a=$A_1&b=$A_1'),
    });
    expect(state.warnings?.map((warning) => [warning.file, warning.line, warning.path, warning.message])).toEqual([
      ['numbers input', 4, 'numbers[0].server.url', '`$HOOK_HOST` is sent as written, not read from the environment'],
      ['numbers input', 4, 'numbers[0].server.url', '`$A_1` is sent as written, not read from the environment'],
    ]);
  });

  it('leaves ${NAME}, the $${ escape and prose such as $5 or $price alone', async () => {
    expect(bareReferences('${A} $${B} $$${C} costs $5, $price, $ alone')).toEqual([]);
    expect(bareReferences('$A${B}$C')).toEqual(['A', 'C']);
    const state = await load({
      config: yamlLines(
        'version: 1',
        'numbers:',
        '  - name: Free',
        '    provider: vapi',
        '    sipUri: sip:$${user}@${HOST}',
        '    hooks:',
        '      - on: call.ringing',
        '        do: [{ type: say, exact: "Calls cost $5; ask for $price" }]',
      ),
      env: { HOST: 'example.com' },
    });
    expect(state.warnings).toEqual([]);
  });

  it('sends a config with a warning through the positioned reading, which alone knows its line', async () => {
    const workspace = await workspaceWith({ 'vapi-numbers.yml': vonage() });
    const options = { workspace, configPath: 'vapi-numbers.yml', env: {} };
    expect(await loadQuickly(options)).toBeUndefined();
    expect((await loadWithPositions(options)).warnings).toHaveLength(1);
  });

  it('is carried beside the problems when the config is refused', async () => {
    const refused = await load({ config: vonage('    smsEnabled: maybe') }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((problem) => problem.path)).toEqual(['numbers[0].smsEnabled']);
    expect((refused as ConfigError).warnings.map((warning) => warning.path)).toEqual(['numbers[0].credentialId']);
  });
});

describe('a run with a warning', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world.close());

  it('logs it as a warning at the file and line, and goes on', async () => {
    world.writeConfig(vonage());
    const outcome = await world.engine({ command: 'plan' });
    expect(outcome.failed).toBe(false);
    expect(outcome.log).toContain(
      'warning: vapi-numbers.yml:6:19: numbers[0].credentialId: `$VONAGE_CRED` is sent as written, not read from the environment ' +
        '(write `${VONAGE_CRED}` to use the environment variable)',
    );
  });

  it('logs it even when the config is refused', async () => {
    world.writeConfig(vonage('    smsEnabled: maybe'));
    const log = memoryLog();
    const refused = await world.engine({ command: 'plan' }, {}, { log }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    const located = log.lines.filter((line) => /^(warning|error): /.test(line)).map((line) => line.split(': ').slice(0, 3));
    expect(located).toEqual([
      ['warning', 'vapi-numbers.yml:6:19', 'numbers[0].credentialId'],
      ['error', 'vapi-numbers.yml:7:5', 'numbers[0].smsEnabled'],
    ]);
  });
});
