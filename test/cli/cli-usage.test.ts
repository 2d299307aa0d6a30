// The command line itself: help, version, and every way a command line is refused with exit 2
// before a request is made.
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { tempDir } from '../helpers/temp.js';

async function runCli(argv: string[], env: Record<string, string> = { VAPI_API_KEY: 'cli-usage-key-0001' }) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    isTTY: false,
    cwd: tempDir('vapi-numbers-cli-'),
  });
  return { code, stdout, stderr };
}

describe('help and version', () => {
  it('--help lists the commands and exits 0; no command at all is a usage error on stderr', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['plan', 'apply', 'delete', 'cleanup', 'sandbox']) expect(help.stdout).toContain(`  ${command} `);
    expect(help.stdout).toContain('VAPI_API_KEY');
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: vapi-numbers <command>');
  });

  it('each command has its own help with only the flags it takes', async () => {
    const apply = await runCli(['apply', '--help']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Usage: vapi-numbers apply');
    expect(apply.stdout).toContain('--prune');
    expect(apply.stdout).toContain('--wait-until-active');
    expect(apply.stdout).not.toContain('--match');

    const cleanup = await runCli(['cleanup', '-h']);
    expect(cleanup.stdout).toContain('--match GLOB');
    expect(cleanup.stdout).toContain('--older-than AGE');
    expect(cleanup.stdout).not.toContain('--prune');

    const viaHelp = await runCli(['help', 'plan']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('Usage: vapi-numbers plan');
  });

  it('help needs no API key, and --version prints the package version', async () => {
    expect((await runCli(['delete', '--help'], {})).code).toBe(0);
    const version = await runCli(['--version'], {});
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^vapi-numbers \d+\.\d+\.\d+\n$/);
  });
});

describe('usage errors exit 2 and name what to do', () => {
  it('an unknown flag, with a did-you-mean', async () => {
    const result = await runCli(['apply', '--config', 'x.yml', '--prun']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown flag '--prun'. Did you mean --prune?");
    expect(result.stderr).toContain("Run 'vapi-numbers apply --help'");
  });

  it('an unknown command, with a did-you-mean', async () => {
    const result = await runCli(['aply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown command 'aply'. Did you mean 'apply'?");
    // Every command is a candidate, the newest ones too.
    expect((await runCli(['exprot'])).stderr).toContain("Did you mean 'export'?");
    expect((await runCli(['sandbx'])).stderr).toContain("Did you mean 'sandbox'?");
  });

  it('a flag the command does not take, a missing value, an empty value', async () => {
    const wrong = await runCli(['apply', '--config', 'x.yml', '--match', 'pr-*']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--match is for cleanup and export, not apply.');
    const missing = await runCli(['apply', '--config']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config needs a value (FILE).');
    const empty = await runCli(['apply', '--config', 'x.yml', '--max-deletions=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--max-deletions needs a non-empty value');
    const forgotten = await runCli(['apply', '--config', '--json']);
    expect(forgotten.code).toBe(2);
    expect(forgotten.stderr).toContain('--config needs a value (FILE).');
    const valued = await runCli(['apply', '--config', 'x.yml', '--prune=yes']);
    expect(valued.code).toBe(2);
    expect(valued.stderr).toContain('--prune takes no value.');
    // A flag with a one-letter alias is named by its long name, not Node's `-h, --help`.
    const help = await runCli(['plan', '--help=yes']);
    expect(help.code).toBe(2);
    expect(help.stderr).toContain('error: --help takes no value.\n');
  });

  it("a bad value gets the action's check, named by its flag", async () => {
    const result = await runCli(['apply', '--config', 'x.yml', '--max-deletions', 'ten']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Invalid --max-deletions 'ten': expected a whole number >= 0");
    const duration = await runCli(['cleanup', '--match', 'pr-{pr}-*', '--older-than', '7 days']);
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain("Invalid --older-than '7 days'");
    const criterion = await runCli(['cleanup', '--match', 'pr-{pr}-*']);
    expect(criterion.code).toBe(2);
    expect(criterion.stderr).toContain('cleanup needs a criterion: set --older-than (e.g. 7d), --pr-closed, or both.');
    const nothing = await runCli(['apply']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('error: Pass --config FILE (a YAML file) or --numbers YAML (an inline YAML list), or both.');
  });

  it("takes a YAML list that starts with a dash as --numbers' value", async () => {
    // The value parses; the run then stops at the base URL check, before any request.
    const result = await runCli(['plan', '--numbers', '- name: x\n  provider: vapi', '--base-url', 'http://api.example.com']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the API key would be sent unencrypted');
  });

  it('refuses plain http to anything but loopback, from the flag or VAPI_BASE_URL', async () => {
    const flag = await runCli(['plan', '--config', 'x.yml', '--base-url', 'http://api.example.com']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('the API key would be sent unencrypted');
    const env = await runCli(['plan', '--config', 'x.yml'], { VAPI_API_KEY: 'k-0001-key', VAPI_BASE_URL: 'http://10.0.0.1' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("Invalid VAPI_BASE_URL 'http://10.0.0.1'");
    expect(flag.stderr).toContain("Invalid --base-url 'http://api.example.com'");
  });

  it('explains a missing VAPI_API_KEY, and how to try without an account', async () => {
    const result = await runCli(['plan', '--config', 'vapi-numbers.yml'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('VAPI_API_KEY is not set');
    expect(result.stderr).toContain('vapi-numbers sandbox');
  });

  it('with --json, a usage error is also one JSON document on stdout', async () => {
    const result = await runCli(['apply', '--json', '--bogus']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { message: "Unknown flag '--bogus'." } });
  });

  it('sandbox is its own program: its flags and help are passed through', async () => {
    const help = await runCli(['sandbox', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vapi-numbers sandbox');
    expect((await runCli(['help', 'sandbox'], {})).stdout).toBe(help.stdout);
    const bad = await runCli(['sandbox', '--port', 'many'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Invalid --port 'many'");
  });
});
