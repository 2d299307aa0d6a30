// Vapi checks transfer and fallback numbers for E.164 unless the destination turns the check off
// (`numberE164CheckEnabled`, default true): the config refuses what the API would, before any request.
import { describe, expect, it } from 'vitest';
import { load, problemsOf, yamlLines } from './config-helpers.js';

/** A free number whose fallback and hooks transfer to `fallback`, `ringing` and `ending`. */
function transfers(destinations: { fallback: string; ringing: string; ending: string }): string {
  return yamlLines(
    'version: 1',
    'numbers:',
    '  - name: Free',
    '    provider: vapi',
    '    fallbackDestination:',
    `      ${destinations.fallback}`,
    '    hooks:',
    '      - on: call.ringing',
    '        do:',
    '          - type: transfer',
    `            destination: ${destinations.ringing}`,
    '      - on: call.ending',
    '        do:',
    '          type: transfer',
    `          destination: ${destinations.ending}`,
  );
}

describe('transfer and fallback numbers', () => {
  it('refuses each one that is not E.164, at its value, showing it and an example', async () => {
    const problems = await problemsOf({
      config: transfers({
        fallback: '{ type: number, number: "555-0100" }',
        ringing: '{ type: number, number: "+1 415 555 0100" }',
        ending: '{ type: number, number: "14155550100" }',
      }),
    });
    expect(problems.map((problem) => [problem.line, problem.column, problem.path])).toEqual([
      [6, 31, 'numbers[0].fallbackDestination.number'],
      [11, 50, 'numbers[0].hooks[0].do[0].destination.number'],
      [15, 48, 'numbers[0].hooks[1].do.destination.number'],
    ]);
    expect(problems[0]?.message).toBe('`number` is "555-0100", not E.164: `+`, then 1-15 digits, no spaces or dashes');
    expect(problems[1]?.message).toContain('"+1 415 555 0100"');
    expect(problems[2]?.message).toContain('"14155550100"');
    for (const problem of problems) {
      expect(problem.hint).toContain('"+14155550100"');
      expect(problem.hint).toContain('numberE164CheckEnabled: false');
    }
  });

  it('refuses more than 15 digits, and a number from a variable, naming the variable', async () => {
    const problems = await problemsOf({
      config: transfers({
        fallback: '{ type: number, number: "+1234567890123456" }',
        ringing: '{ type: number, number: "${DESK}" }',
        ending: '{ type: number, number: "+14155550100" }',
      }),
      env: { DESK: '0207 183 8750' },
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      '`number` is "+1234567890123456", not E.164: `+`, then 1-15 digits, no spaces or dashes',
      '`number` is "${DESK}", not E.164: `+`, then 1-15 digits, no spaces or dashes',
    ]);
  });

  it('accepts E.164, a destination with the check turned off, and SIP destinations', async () => {
    const state = await load({
      config: transfers({
        fallback: '{ type: number, number: "+442071838750" }',
        ringing: '{ type: number, number: "1234", numberE164CheckEnabled: false }',
        ending: '{ type: sip, sipUri: "sip:desk@example.com" }',
      }),
    });
    expect(state.numbers[0]?.fields['fallbackDestination']).toEqual({ type: 'number', number: '+442071838750' });
  });

  it('checks a fallback given under defaults too', async () => {
    const problems = await problemsOf({
      config: yamlLines(
        'version: 1',
        'defaults:',
        '  fallbackDestination: { type: number, number: "(415) 555-0100" }',
        'numbers:',
        '  - name: Free',
        '    provider: vapi',
      ),
    });
    expect(problems.map((problem) => [problem.line, problem.path])).toEqual([[3, 'defaults.fallbackDestination.number']]);
  });
});
