// An `assistant:` or `squad:` name that matches nothing is reported at the line that wrote it, with
// the path `numbers[i].assistant`, suggesting the nearest existing names however many the org has.
import { describe, expect, it } from 'vitest';
import { loadQuickly, loadWithPositions } from '../../src/config/load.js';
import { nearestNames, resolveRouting } from '../../src/inventory/resolve-routing.js';
import { workspaceWith, yamlLines } from '../config/config-helpers.js';

/** An org with many assistants, the near match far down the list. */
const MANY = [
  ...Array.from({ length: 150 }, (_, index) => ({ id: `a-${index}`, name: `Agent ${String(index).padStart(3, '0')}` })),
  { id: 'a-support', name: 'Support Bot' },
  { id: 'a-sales', name: 'Sales Bot' },
];

const CONFIG = yamlLines(
  'version: 1',
  'defaults:',
  '  assistant: Sales Bott',
  'numbers:',
  '  - name: m-ok',
  '    provider: vapi',
  '    assistant: Suport Bot',
  '  - name: m-default',
  '    provider: vapi',
  '  - name: m-default-too',
  '    provider: vapi',
  '  - name: m-squad',
  '    provider: vapi',
  '    squad: sales squad',
);

async function loadBothWays(): Promise<Awaited<ReturnType<typeof loadWithPositions>>> {
  const options = { workspace: await workspaceWith({ 'vapi-numbers.yml': CONFIG }), configPath: 'vapi-numbers.yml', env: {} };
  const fast = await loadQuickly(options);
  const positioned = await loadWithPositions(options);
  // Both readers place the routing names alike, so the fast path loses nothing here.
  expect(fast).toEqual(positioned);
  return positioned;
}

describe('names that do not resolve', () => {
  it('are reported at the assistant: or squad: line with the entry path, or once at defaults', async () => {
    const state = await loadBothWays();
    const { problems } = resolveRouting(state.numbers, { assistants: MANY, squads: [{ id: 's-1', name: 'Sales Squad' }] });
    expect(problems.map((problem) => [problem.line, problem.column, problem.path, problem.hint])).toEqual([
      [7, 5, 'numbers[0].assistant', "did you mean 'Support Bot'?"],
      [3, 3, 'defaults.assistant', "did you mean 'Sales Bot'?"],
      [14, 5, 'numbers[3].squad', "did you mean 'Sales Squad'?"],
    ]);
    expect(problems[0]?.message).toBe("no assistant is named 'Suport Bot' (names match exactly, case-sensitive)");
    expect(problems.every((problem) => problem.file === 'vapi-numbers.yml')).toBe(true);
  });

  it('rank the same name in other case first, then the fewest edits, then containment', () => {
    const known = ['Support Bots', 'support bot', 'Suport', 'Support Bot Staging', 'Billing'];
    expect(nearestNames('Support Bot', known)).toEqual(['support bot', 'Support Bots', 'Support Bot Staging']);
    expect(nearestNames('Billing', ['Receptionist', 'Night Desk'])).toEqual([]);
  });

  it('list some of the org’s names when none is near, and say how many more there are', () => {
    const number = { name: 'x', provider: 'vapi' as const, fields: {}, source: { file: 'f.yml', line: 2, column: 5 } };
    const { problems } = resolveRouting([{ ...number, assistantName: 'Receptionist' }], { assistants: MANY });
    expect(problems[0]?.hint).toMatch(/^assistants in this org include: 'Agent 000', .*'Agent 009' and 142 more$/);
    expect(problems[0]).toMatchObject({ file: 'f.yml', line: 2, column: 5, path: 'assistant' });
  });
});
