// Bad configs: each must be refused with a message, a position and a key path a person can act on.

import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../src/config/load.js';
import { ConfigError } from '../src/config/types.js';
import { load, problemAt, problemsOf, workspaceWith, yamlLines } from './config-helpers.js';

const env = { SID: 'AC0123', TOKEN: 'token-from-env' };

/** A file whose one number is a valid twilio entry plus `extra` lines (indented 4). */
function twilioFile(...extra: string[]): string {
  return yamlLines(
    'version: 1',
    'numbers:',
    '  - name: Main',
    '    provider: twilio',
    '    number: "+14155550100"',
    '    twilioAccountSid: ${SID}',
    ...extra,
  );
}

describe('keys', () => {
  it('names the nearest known key for a misspelt one', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile('    asistantId: asst-1'), env }), 'numbers[0].asistantId');
    expect(problem).toMatchObject({ file: 'vapi-numbers.yml', line: 7, column: 5, message: 'unknown key `asistantId`' });
    expect(problem.hint).toBe('did you mean `assistantId`?');
  });

  it('says which providers accept a key this provider does not', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile('    credentialId: cred-1'), env }), 'numbers[0].credentialId');
    expect(problem).toMatchObject({ line: 7, column: 5 });
    expect(problem.message).toBe(
      '`credentialId` is not a field of provider `twilio`; only `vonage`, `telnyx`, `byo-phone-number` accept it',
    );
  });

  it('finds misspelt keys deep inside hooks and top-level keys', async () => {
    const problems = await problemsOf({
      config: yamlLines(
        'version: 1',
        'numbrs: []',
        'numbers:',
        '  - name: Main',
        '    provider: vapi',
        '    hooks:',
        '      - on: call.ending',
        '        do: { type: say, exat: Bye }',
      ),
    });
    expect(problemAt(problems, 'numbrs')).toMatchObject({ line: 2, column: 1, hint: 'did you mean `numbers`?' });
    expect(problemAt(problems, 'numbers[0].hooks[0].do.exat')).toMatchObject({
      line: 8,
      column: 26,
      message: 'unknown key `exat`',
      hint: 'did you mean `exact`?',
    });
  });

  it('refuses a name under defaults', async () => {
    const problems = await problemsOf({ config: yamlLines('version: 1', 'defaults:', '  name: Shared', 'numbers: []') });
    expect(problemAt(problems, 'defaults.name')).toMatchObject({ line: 3, column: 3, message: '`name` cannot be a default' });
  });
});

describe('values', () => {
  it('reports a wrong type with what YAML read', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile('    smsEnabled: "no"'), env }), 'numbers[0].smsEnabled');
    expect(problem).toMatchObject({ line: 7, column: 17, message: '`smsEnabled` must be true or false, not text' });
  });

  it('asks to quote a phone number YAML read as an integer, showing the text as written', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: twilio', '    number: +14155550100', '    twilioAccountSid: AC1');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].number');
    expect(problem).toMatchObject({ line: 5, column: 13, message: 'YAML reads +14155550100 as a number, not text; quote it' });
    expect(problem.hint).toBe('write number: "+14155550100"');
  });

  it('asks to quote an area code with a leading zero', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: vapi', '    numberDesiredAreaCode: 0412');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].numberDesiredAreaCode');
    expect(problem).toMatchObject({ line: 5, column: 28, message: 'YAML reads 0412 as a number, not text; quote it' });
    expect(problem.hint).toBe('write numberDesiredAreaCode: "0412"');
  });

  it('refuses an area code of 4 digits', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: vapi', '    numberDesiredAreaCode: "4155"');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].numberDesiredAreaCode');
    expect(problem).toMatchObject({ line: 5, column: 28, message: '`numberDesiredAreaCode` must be exactly 3 digits' });
  });

  it('refuses a name over 40 characters', async () => {
    const name = 'n'.repeat(41);
    const config = yamlLines('version: 1', 'numbers:', `  - name: ${name}`, '    provider: vapi');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].name');
    expect(problem).toMatchObject({ line: 3, column: 11, message: '`name` is 41 characters; at most 40 characters allowed' });
  });

  it('refuses a server timeout outside 1-300', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    server:', '      url: https://example.com/hook', '      timeoutSeconds: 301'), env }),
      'numbers[0].server.timeoutSeconds',
    );
    expect(problem).toMatchObject({ line: 9, column: 23, message: '`timeoutSeconds` is 301; it must be at most 300' });
  });

  it('refuses an unknown fallback destination type, suggesting the near one', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    fallbackDestination: { type: phone, number: "+14155550101" }'), env }),
      'numbers[0].fallbackDestination.type',
    );
    expect(problem).toMatchObject({ line: 7, column: 34, message: '`type` must be one of `number`, `sip`, not `phone`' });
  });
});

describe('numbers and names', () => {
  it('reports a missing name at the entry', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - provider: vapi', '    numberDesiredAreaCode: "415"');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].name');
    expect(problem).toMatchObject({ line: 3, column: 5 });
    expect(problem.message).toMatch(/^missing `name`: every number needs a unique name \(1-40 characters\)/);
  });

  it('reports an empty name', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: ""', '    provider: vapi');
    expect(problemAt(await problemsOf({ config }), 'numbers[0].name')).toMatchObject({ line: 3, column: 11, message: '`name` is empty' });
  });

  it('reports a duplicate name in the file at its second occurrence', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Sales', '    provider: vapi', '  - name: Sales', '    provider: vapi');
    const problem = problemAt(await problemsOf({ config }), 'numbers[1].name');
    expect(problem).toMatchObject({ line: 5, column: 11, message: 'duplicate name `Sales`; first declared at vapi-numbers.yml:3:11' });
  });

  it('reports a name declared in both the file and the numbers input', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Sales', '    provider: vapi');
    const numbers = yamlLines('- name: Other', '  provider: vapi', '- name: Sales', '  provider: vapi');
    const problem = problemAt(await problemsOf({ config, numbers }), 'numbers[1].name');
    expect(problem).toMatchObject({
      file: 'numbers input',
      line: 3,
      column: 9,
      message: 'duplicate name `Sales`; first declared at vapi-numbers.yml:3:11',
    });
  });

  it('lists the five providers for an unknown one', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: twillio');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].provider');
    expect(problem).toMatchObject({
      line: 4,
      column: 15,
      message: 'unknown provider `twillio`; one of `vapi`, `twilio`, `vonage`, `telnyx`, `byo-phone-number`',
      hint: 'did you mean `twilio`?',
    });
  });

  it('reports a field the provider requires, after merging defaults', async () => {
    const config = yamlLines('version: 1', 'defaults:', '  provider: vonage', 'numbers:', '  - name: Main', '    number: "+442071838750"');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].credentialId');
    expect(problem).toMatchObject({ line: 5, column: 5, message: 'missing `credentialId`: provider `vonage` requires it' });
  });

  it('refuses two routing targets on one number', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    assistant: Support Bot', '    squadId: squad-1'), env }),
      'numbers[0].squadId',
    );
    expect(problem).toMatchObject({ line: 8, column: 5, message: 'only one routing target may be set; found `assistant` and `squadId`' });
  });
});

describe('hooks', () => {
  it('explains that call.ringing takes a list under do', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    hooks:',
      '      - on: call.ringing',
      '        do:',
      '          type: say',
      '          exact: Hello',
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].do');
    expect(problem).toMatchObject({ line: 8, column: 11, message: '`do` must be a list, not a map', hint: 'call.ringing takes a list under do:' });
  });

  it('explains that call.ending takes a single action', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: vapi', '    hooks:', '      - on: call.ending', '        do: [{ type: say, exact: Bye }]');
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].do');
    expect(problem).toMatchObject({ line: 7, column: 13, message: '`do` must be a map, not a list' });
    expect(problem.hint).toMatch(/call.ending takes a single action/);
  });

  it('refuses a say text over 4000 characters', async () => {
    const config = yamlLines('version: 1', 'numbers:', '  - name: Main', '    provider: vapi', '    hooks:', '      - on: call.ringing', '        do:', `          - { type: say, exact: ${'a'.repeat(4001)} }`);
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].do[0].exact');
    expect(problem).toMatchObject({ line: 8, column: 33, message: '`exact` is 4001 characters; at most 4000 characters allowed' });
  });

  it('refuses a caller prefix written with +', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    hooks:',
      '      - on: call.ringing',
      '        do: []',
      '        filters:',
      '          - { type: startsWith, key: number, startsWith: ["1650", "+1415"] }',
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].filters[0].startsWith[1]');
    expect(problem).toMatchObject({ line: 9, column: 67, message: '`startsWith` prefixes are written without `+`', hint: 'write 1415, not +1415' });
  });
});

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
    const problem = problemAt(await problemsOf({ config: twilioFile('    workflowId: wf-${BROKEN'), env }), 'numbers[0].workflowId');
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
      { file: 'vapi-numbers.yml', line: 1, column: 1, path: '', message: 'the file is empty; expected `version: 1` and `numbers:`' },
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
    const error = await loadDesiredState({ workspace: '/nonexistent', env: {}, numbersYaml: '  ' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({ file: 'inputs', line: 1, column: 1, path: '', message: expect.stringContaining('set the `config` input') }),
    ]);
  });

  it('refuses a numbers input that is a map, not a list', async () => {
    const problems = await problemsOf({ numbers: yamlLines('numbers:', '  - name: Main', '    provider: vapi') });
    expect(problems).toEqual([
      expect.objectContaining({ file: 'numbers input', line: 1, column: 1, message: 'the `numbers` input must be a YAML list', hint: 'give the list itself, without the `numbers:` key' }),
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
    const error = await load({ config: yamlLines('version: 1', 'numbers: []', 'prune: { mach: [] }'), numbers: '- name: x\n  provider: vapi\n  smsEnabled: true\n' }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}`)).toEqual([
      'vapi-numbers.yml:3:10 prune.mach',
      'numbers input:3:3 numbers[0].smsEnabled',
    ]);
  });
});
