// Bad documents, variables and secrets: refused with a positioned problem, never echoing a secret.

import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';
import { load, problemAt, problemsOf, twilioFile, twilioEnv as env, workspaceWith, yamlLines } from './config-helpers.js';

describe('variables and secrets', () => {
  it('names an unset variable at its line', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile(), env: {} }), 'numbers[0].twilioAccountSid');
    expect(problem).toMatchObject({ line: 6, column: 23, message: 'environment variable SID is not set' });
  });

  it('treats an empty variable as unset', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile(), env: { SID: '' } }), 'numbers[0].twilioAccountSid');
    expect(problem.message).toBe('environment variable SID is empty');
  });

  it('refuses a literal secret in the file without repeating it', async () => {
    const literal = 'f3c1a9d0e2b84c57a6d9e0f1';
    const problems = await problemsOf({ config: twilioFile(`    twilioAuthToken: ${literal}`), env });
    const problem = problemAt(problems, 'numbers[0].twilioAuthToken');
    expect(problem).toMatchObject({
      line: 7,
      column: 22,
      message: 'a secret written in the file; use ${TWILIO_AUTH_TOKEN} and pass it through env',
    });
    expect(JSON.stringify(problems)).not.toContain(literal);
  });

  it('refuses literal header values and SIP passwords, never quoting them', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    authentication: { username: user-name-of-twenty-chars, password: short-pass }',
      '    server:',
      '      url: https://example.com/hook',
      '      headers: { Authorization: Bearer abc123xyz, X-Count: 12345 }',
    );
    const problems = await problemsOf({ config });
    expect(problemAt(problems, 'numbers[0].server.headers.Authorization')).toMatchObject({ line: 8, column: 33 });
    const password = problems.filter((problem) => problem.path === 'numbers[0].authentication.password');
    expect(password.map((problem) => problem.message)).toEqual([
      'a secret written in the file; use ${SIP_PASSWORD} and pass it through env',
      '`password` at least 20 characters allowed',
    ]);
    const headerCount = problems.filter((problem) => problem.path === 'numbers[0].server.headers.X-Count');
    expect(headerCount.map((problem) => problem.message)).toEqual([
      'a secret written in the file; use ${X_COUNT} and pass it through env',
      '`X-Count` must be quoted text',
    ]);
    for (const secret of ['short-pass', 'abc123xyz', '12345']) expect(JSON.stringify(problems)).not.toContain(secret);
  });

  it('refuses a malformed ${ reference', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    workflowId: wf-${BROKEN'), env }),
      'numbers[0].workflowId',
    );
    expect(problem).toMatchObject({ line: 7, column: 17, message: '`${` is not followed by a variable name and `}`' });
  });
});

describe('the document', () => {
  it('positions a YAML syntax error', async () => {
    const problems = await problemsOf({ config: yamlLines('version: 1', 'numbers:', '  - name: "Main', '    provider: vapi') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 11, path: '', message: 'YAML syntax: Missing closing "quote' });
    expect(problems[0]?.hint).toBe('the quote that starts here is never closed');
  });

  it('refuses an alias bomb quickly, without expanding it', async () => {
    const lines = ['version: 1', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) {
      const previous = `*a${level - 1}`;
      lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => previous).join(', ')}]`);
    }
    lines.push('numbers: *a9');
    const started = performance.now();
    const problems = await problemsOf({ config: yamlLines(...lines) });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    // The first anchored value: `[` after `&a0 `.
    expect(problems[0]).toMatchObject({ line: 2, column: 9, path: '' });
    expect(problems[0]?.message).toMatch(/^YAML anchors and aliases \(&name, \*name\) are not supported; found \d+$/);
  });

  it('reports an empty file', async () => {
    const problems = await problemsOf({ config: '# nothing yet\n' });
    expect(problems).toEqual([
      {
        file: 'vapi-numbers.yml',
        line: 1,
        column: 1,
        path: '',
        message: 'the file is empty; expected `version: 1` and `numbers:`',
      },
    ]);
  });

  it('names the resolved path of a missing file', async () => {
    const workspace = await workspaceWith();
    const problems = await problemsOf(loadDesiredState({ configPath: 'config/numbers.yml', workspace, env: {} }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'config/numbers.yml', line: 1, column: 1, path: '' });
    expect(problems[0]?.message).toBe(`config file not found: ${workspace}/config/numbers.yml`);
  });

  it('refuses version 2', async () => {
    const problem = problemAt(await problemsOf({ config: yamlLines('version: 2', 'numbers: []') }), 'version');
    expect(problem).toMatchObject({ line: 1, column: 10, message: 'unsupported version 2; this release reads version 1' });
  });

  it('requires version and numbers', async () => {
    const problems = await problemsOf({ config: yamlLines('prune:', '  match: [acme-*]') });
    expect(problemAt(problems, 'version')).toMatchObject({ line: 1, column: 1, message: 'missing `version: 1`' });
    expect(problemAt(problems, 'numbers')).toMatchObject({ line: 1, column: 1, message: 'missing `numbers:`' });
  });

  it('asks for one of the two inputs when neither is given', async () => {
    const error = await loadDesiredState({ workspace: '/nonexistent', env: {}, numbersYaml: '  ' }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({
        file: 'inputs',
        line: 1,
        column: 1,
        path: '',
        message: expect.stringContaining('set the `config` input'),
      }),
    ]);
  });

  it('refuses a numbers input that is a map, not a list', async () => {
    const problems = await problemsOf({ numbers: yamlLines('numbers:', '  - name: Main', '    provider: vapi') });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'numbers input',
        line: 1,
        column: 1,
        message: 'the `numbers` input must be a YAML list',
        hint: 'give the list itself, without the `numbers:` key',
      }),
    ]);
  });

  it('reports every problem of a file at once, in line order', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: One',
      '    provider: twilio',
      '    number: +14155550100',
      '    twilioAccountSid: ${NOT_SET}',
      '  - name: Two',
      '    provider: vapi',
      '    numberDesiredAreaCode: "41"',
      '    sipUrl: sip:two@example.com',
      'prune:',
      '  match: acme-*',
    );
    const problems = await problemsOf({ config });
    expect(problems.map((problem) => [problem.line, problem.path])).toEqual([
      [3, 'numbers[0].twilioAuthToken'],
      [5, 'numbers[0].number'],
      [6, 'numbers[0].twilioAccountSid'],
      [9, 'numbers[1].numberDesiredAreaCode'],
      [10, 'numbers[1].sipUrl'],
      [12, 'prune.match'],
    ]);
    expect(problemAt(problems, 'numbers[1].sipUrl').hint).toBe('did you mean `sipUri`?');
    expect(problemAt(problems, 'prune.match').message).toBe('`match` must be a list, not text');
  });

  it('reports problems of the file and the numbers input together', async () => {
    const error = await load({
      config: yamlLines('version: 1', 'numbers: []', 'prune: { mach: [] }'),
      numbers: '- name: x\n  provider: vapi\n  smsEnabled: true\n',
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect(
      (error as ConfigError).problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}`),
    ).toEqual(['vapi-numbers.yml:3:10 prune.mach', 'numbers input:3:3 numbers[0].smsEnabled']);
  });
});
