import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { cliWords } from '../../src/cli/words.js';
import { readPullRequestsFromGitHub } from '../../src/github-pulls.js';
import { memoryLog } from '../../src/log.js';
import { CLI_EXPORT_RULES, readBaseUrl, readSettings, SettingsError, splitGlobs } from '../../src/settings.js';
import { ACTION_WORDS } from '../../src/shell-words.js';

const base = { 'api-key': 'sk-test', config: 'vapi-numbers.yml' };
const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readSettings', () => {
  it('applies the documented defaults', () => {
    const settings = readSettings(read(base), { GITHUB_WORKSPACE: '/work' });
    expect(settings).toMatchObject({
      command: 'apply',
      dryRun: false,
      prune: false,
      maxDeletions: 10,
      failOnChanges: false,
      baseUrl: 'https://api.vapi.ai',
      workspace: '/work',
      protect: [],
    });
  });

  it('names the commands of a misspelt command, and the nearest one', () => {
    expect(() => readSettings(read({ ...base, command: 'exprt' }), {})).toThrow(
      "Invalid command 'exprt': expected one of plan, apply, delete, cleanup, export; did you mean 'export'?",
    );
    expect(() => readSettings(read({ ...base, command: 'destroy' }), {})).toThrow(
      /expected one of plan, apply, delete, cleanup, export$/,
    );
  });

  it('export needs `output` in the action, and only there: the CLI prints to stdout', () => {
    expect(() => readSettings(read({ 'api-key': 'sk-test', command: 'export' }), {})).toThrow(
      "Input 'output' is required for export: the path of the config file to write, relative to the workspace, e.g. vapi-numbers.yml",
    );
    const cli = readSettings(read({ 'api-key': 'sk-test', command: 'export' }), {}, cliWords({}, {}), CLI_EXPORT_RULES);
    expect(cli.output).toBeUndefined();
    // The CLI writes where its user says; the action only inside the workspace.
    expect(cli.outputAnywhere).toBe(true);
    expect(readSettings(read({ 'api-key': 'sk-test', command: 'export', output: 'o.yml' }), {}).outputAnywhere).toBe(false);
    expect(readSettings(read({ 'api-key': 'sk-test', command: 'export', output: 'o.yml' }), {}).output).toBe('o.yml');
  });

  it('treats plan as apply with dry-run', () => {
    expect(readSettings(read({ ...base, command: 'plan' }), {}).dryRun).toBe(true);
  });

  it('explains an empty api-key, including the fork case', () => {
    expect(() => readSettings(read({ config: 'x.yml' }), {})).toThrow(/secrets.*fork|fork.*secrets/s);
  });

  it('names the input and value of a bad whole number', () => {
    expect(() => readSettings(read({ ...base, 'max-deletions': 'ten' }), {})).toThrow(
      "Invalid max-deletions 'ten': expected a whole number >= 0",
    );
  });

  // The action reads booleans through readSettings (so the CLI and the action share one message
  // that names the input and the value); it must accept exactly what core.getBooleanInput does.
  it.each(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', '1', 'tRUE', 'on', ' true '])(
    'reads the boolean %j as @actions/core getBooleanInput does',
    (raw) => {
      process.env['INPUT_DRY-RUN'] = raw;
      let expected: boolean | 'error';
      try {
        expected = core.getBooleanInput('dry-run');
      } catch {
        expected = 'error';
      } finally {
        delete process.env['INPUT_DRY-RUN'];
      }
      let actual: boolean | 'error';
      try {
        actual = readSettings(read({ ...base, 'dry-run': raw }), {}).dryRun;
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsError);
        actual = 'error';
      }
      expect(actual).toBe(expected);
    },
  );

  it('rejects a bad boolean and a bad command', () => {
    expect(() => readSettings(read({ ...base, 'dry-run': 'yes' }), {})).toThrow("Invalid dry-run 'yes'");
    expect(() => readSettings(read({ ...base, command: 'destroy' }), {})).toThrow(SettingsError);
  });

  it('requires config or numbers', () => {
    expect(() => readSettings(read({ 'api-key': 'k' }), {})).toThrow(/config.*numbers/);
  });

  it('splits protect on commas and newlines', () => {
    expect(splitGlobs('prod-*, main\n\n  acme-? ')).toEqual(['prod-*', 'main', 'acme-?']);
  });
});

describe('base-url', () => {
  it('accepts https and loopback http, strips the trailing slash', () => {
    expect(readBaseUrl('https://api.eu.vapi.ai/')).toBe('https://api.eu.vapi.ai');
    expect(readBaseUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(readBaseUrl('http://localhost:8080')).toBe('http://localhost:8080');
    expect(readBaseUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('refuses plain http to any other host', () => {
    expect(() => readBaseUrl('http://api.vapi.ai')).toThrow(/unencrypted/);
    expect(() => readBaseUrl('http://10.0.0.5')).toThrow(/unencrypted/);
    expect(() => readBaseUrl('http://127.0.0.1.evil.example')).toThrow(/unencrypted/);
    expect(() => readBaseUrl('not a url')).toThrow(/Invalid base-url/);
  });
});

describe('cleanup inputs are checked before any request', () => {
  const cleanup = (values: Record<string, string>) => readSettings(read({ 'api-key': 'k', command: 'cleanup', ...values }), {});

  it('accepts a PR glob with pr-closed and a TTL, without config', () => {
    const settings = cleanup({ match: 'pr-{pr}-*', 'pr-closed': 'true', 'older-than': '7d' });
    expect(settings).toMatchObject({ command: 'cleanup', match: 'pr-{pr}-*', prClosed: true, olderThanMs: 7 * 86_400_000 });
  });

  it('reads 90m, 12h, 7d and 2w', () => {
    const ms = (value: string) => cleanup({ match: 'tmp-*', 'older-than': value }).olderThanMs;
    expect([ms('90m'), ms('12h'), ms('7d'), ms('2w')]).toEqual([5_400_000, 43_200_000, 604_800_000, 1_209_600_000]);
  });

  it('refuses what could reach too far or means nothing', () => {
    expect(() => cleanup({ 'older-than': '7d' })).toThrow(/'match' is required/);
    expect(() => cleanup({ match: 'tmp-*', 'pr-closed': 'true' })).toThrow(/\{pr\} in match/);
    expect(() => cleanup({ match: 'tmp-*', 'older-than': '7 days' })).toThrow(/Invalid older-than '7 days'/);
    expect(() => cleanup({ match: 'tmp-*', 'older-than': '0d' })).toThrow(/Invalid older-than/);
    expect(() => cleanup({ match: '*', 'older-than': '7d' })).toThrow(/every number in the organisation/);
    expect(() => cleanup({ match: 'tmp-*' })).toThrow(/needs a criterion/);
    expect(() => cleanup({ match: 'pr-{pr}-{pr}', 'pr-closed': 'true' })).toThrow(/\{pr\} may appear once/);
  });

  it('allows * alone when something is protected', () => {
    expect(cleanup({ match: '*', protect: 'prod-*', 'older-than': '30d' }).match).toBe('*');
  });

  it('reads wait-timeout with seconds', () => {
    expect(readSettings(read({ ...base, 'wait-timeout': '90s' }), {}).waitTimeoutMs).toBe(90_000);
    expect(() => readSettings(read({ ...base, 'wait-timeout': '5 minutes' }), {})).toThrow(/Invalid wait-timeout/);
  });
});

// One check, two vocabularies: the action's messages name inputs and secrets exactly as before,
// the CLI's the flags and variables of the same command line (test/cli/cli-speaks-cli-words.test.ts).
describe("each shell's words for the same problem", () => {
  const problems: [string, Record<string, string>, string, string][] = [
    [
      'no numbers',
      { 'api-key': 'k' },
      "Set input 'config' (a YAML file) or 'numbers' (an inline YAML list), or both.",
      'Pass --config FILE',
    ],
    ['a bad number', { ...base, 'max-deletions': 'ten' }, "Invalid max-deletions 'ten'", "Invalid --max-deletions 'ten'"],
    [
      'no match',
      { ...base, command: 'cleanup', 'older-than': '7d' },
      "Input 'match' is required for cleanup",
      '--match is required for cleanup',
    ],
    [
      'no criterion',
      { ...base, command: 'cleanup', match: 'tmp-*' },
      'cleanup needs a criterion: set older-than (e.g. 7d), pr-closed: true, or both.',
      'cleanup needs a criterion: set --older-than (e.g. 7d), --pr-closed, or both.',
    ],
    [
      'a bad base URL',
      { ...base, 'base-url': 'http://10.0.0.1' },
      "Invalid base-url 'http://10.0.0.1'",
      "Invalid --base-url 'http://10.0.0.1'",
    ],
  ];
  it.each(problems)('%s', (_title, inputs, action, commandLine) => {
    expect(() => readSettings(read(inputs), {})).toThrow(action);
    const flags = Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== 'api-key' && name !== 'command'));
    expect(() => readSettings(read(inputs), {}, cliWords(flags, {}))).toThrow(commandLine);
  });

  it('the action names the key as its secret and the token as its input, as before', () => {
    expect(ACTION_WORDS.apiKey).toBe('the api-key secret');
    expect(ACTION_WORDS.github.tokenMissing).toBe(
      "Input 'github-token' is empty. Leave it at its default (${{ github.token }}) or pass a token with access to this repository.",
    );
  });

  it("the action's pr-closed stop quotes the missing token's sentence with one full stop", async () => {
    const settings = readSettings(read({ ...base, command: 'cleanup', match: 'pr-{pr}-*', 'pr-closed': 'true' }), {});
    await expect(readPullRequestsFromGitHub([7], settings, { GITHUB_REPOSITORY: 'octo/repo' }, memoryLog())).rejects.toThrow(
      "pr-closed needs the GitHub API, which cannot be reached: Input 'github-token' is empty. Leave it at its default " +
        '(${{ github.token }}) or pass a token with access to this repository. Nothing was deleted.',
    );
  });

  it('the CLI names a setting by the variable that gave it when no flag did', () => {
    const words = cliWords({}, { VAPI_BASE_URL: 'http://127.0.0.1:4010', GITHUB_REPOSITORY: 'octo/repo' });
    expect([words.baseUrl, words.github.repository, words.setting('api-key')]).toEqual([
      'VAPI_BASE_URL',
      'GITHUB_REPOSITORY',
      'VAPI_API_KEY',
    ]);
    const flagged = cliWords({ 'base-url': 'http://127.0.0.1:1', repo: 'a/b' }, { VAPI_BASE_URL: 'x', GITHUB_REPOSITORY: 'y' });
    expect([flagged.baseUrl, flagged.github.repository]).toEqual(['--base-url', '--repo']);
  });
});
