// Bad entries: each must be refused with a message, a position and a key path a person can act on.

import { describe, expect, it } from 'vitest';
import { problemAt, problemsOf, twilioFile, twilioEnv as env, yamlLines } from './config-helpers.js';

describe('keys', () => {
  it('names the nearest known key for a misspelt one', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile('    asistantId: asst-1'), env }), 'numbers[0].asistantId');
    expect(problem).toMatchObject({ file: 'vapi-numbers.yml', line: 7, column: 5, message: 'unknown key `asistantId`' });
    expect(problem.hint).toBe('did you mean `assistantId`?');
  });

  it('says which providers accept a key this provider does not', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    credentialId: cred-1'), env }),
      'numbers[0].credentialId',
    );
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
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: twilio',
      '    number: +14155550100',
      '    twilioAccountSid: AC1',
    );
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
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    numberDesiredAreaCode: "4155"',
    );
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
      await problemsOf({
        config: twilioFile('    server:', '      url: https://example.com/hook', '      timeoutSeconds: 301'),
        env,
      }),
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
    expect(problemAt(await problemsOf({ config }), 'numbers[0].name')).toMatchObject({
      line: 3,
      column: 11,
      message: '`name` is empty',
    });
  });

  it('reports a duplicate name in the file at its second occurrence', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Sales',
      '    provider: vapi',
      '  - name: Sales',
      '    provider: vapi',
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[1].name');
    expect(problem).toMatchObject({
      line: 5,
      column: 11,
      message: 'duplicate name `Sales`; first declared at vapi-numbers.yml:3:11',
    });
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
    const config = yamlLines(
      'version: 1',
      'defaults:',
      '  provider: vonage',
      'numbers:',
      '  - name: Main',
      '    number: "+442071838750"',
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].credentialId');
    expect(problem).toMatchObject({ line: 5, column: 5, message: 'missing `credentialId`: provider `vonage` requires it' });
  });

  it('refuses two routing targets on one number', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    assistant: Support Bot', '    squadId: squad-1'), env }),
      'numbers[0].squadId',
    );
    expect(problem).toMatchObject({
      line: 8,
      column: 5,
      message: 'only one routing target may be set; found `assistant` and `squadId`',
    });
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
    expect(problem).toMatchObject({
      line: 8,
      column: 11,
      message: '`do` must be a list, not a map',
      hint: 'call.ringing takes a list under do:',
    });
  });

  it('explains that call.ending takes a single action', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    hooks:',
      '      - on: call.ending',
      '        do: [{ type: say, exact: Bye }]',
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].do');
    expect(problem).toMatchObject({ line: 7, column: 13, message: '`do` must be a map, not a list' });
    expect(problem.hint).toMatch(/call.ending takes a single action/);
  });

  it('refuses a say text over 4000 characters', async () => {
    const config = yamlLines(
      'version: 1',
      'numbers:',
      '  - name: Main',
      '    provider: vapi',
      '    hooks:',
      '      - on: call.ringing',
      '        do:',
      `          - { type: say, exact: ${'a'.repeat(4001)} }`,
    );
    const problem = problemAt(await problemsOf({ config }), 'numbers[0].hooks[0].do[0].exact');
    expect(problem).toMatchObject({
      line: 8,
      column: 33,
      message: '`exact` is 4001 characters; at most 4000 characters allowed',
    });
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
    expect(problem).toMatchObject({
      line: 9,
      column: 67,
      message: '`startsWith` prefixes are written without `+`',
      hint: 'write 1415, not +1415',
    });
  });
});

describe('defaults and entries', () => {
  it('reports a bad default once, however many numbers use it', async () => {
    const problems = await problemsOf({
      config: yamlLines(
        'version: 1',
        'defaults:',
        '  provider: vapi',
        '  server: { url: https://example.com/hook, timeoutSeconds: 0 }',
        '  squadd: Sales',
        'numbers:',
        '  - name: One',
        '  - name: Two',
      ),
    });
    expect(problems.map((problem) => `${problem.line}:${problem.column} ${problem.path}: ${problem.message}`)).toEqual([
      '4:60 defaults.server.timeoutSeconds: `timeoutSeconds` is 0; it must be at least 1',
      '5:3 defaults.squadd: unknown key `squadd`',
    ]);
    expect(problemAt(problems, 'defaults.squadd').hint).toBe('did you mean `squadId` or `squad`?');
  });

  it('refuses an entry that is not a map', async () => {
    const problem = problemAt(
      await problemsOf({ config: yamlLines('version: 1', 'numbers:', '  - Main Support Line') }),
      'numbers[0]',
    );
    expect(problem).toMatchObject({ line: 3, column: 5, message: 'each item under `numbers` must be a map of fields' });
  });

  it('refuses half a Twilio API key pair', async () => {
    const problem = problemAt(
      await problemsOf({ config: twilioFile('    twilioApiKey: ${KEY}'), env: { ...env, KEY: 'SK1' } }),
      'numbers[0].twilioApiKey',
    );
    expect(problem).toMatchObject({ line: 7, column: 5, message: '`twilioApiKey` needs `twilioApiSecret` too' });
  });

  it('explains how to unassign instead of assistant: null', async () => {
    const problem = problemAt(await problemsOf({ config: twilioFile('    assistant: null'), env }), 'numbers[0].assistant');
    expect(problem).toMatchObject({
      line: 7,
      column: 16,
      message: '`assistant` must be text, not empty (null)',
      hint: 'to unassign, write assistantId: null',
    });
  });
});
