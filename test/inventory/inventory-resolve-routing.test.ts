import { describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/config/types.js';
import { resolveRouting, routingNeeds } from '../../src/inventory/resolve-routing.js';

const source = { file: 'vapi-numbers.yml', line: 4, column: 5 };
const number = (extra: Partial<DesiredNumber>): DesiredNumber => ({
  name: 'support',
  provider: 'vapi',
  fields: {},
  source,
  ...extra,
});

describe('resolveRouting', () => {
  const directory = {
    assistants: [
      { id: 'a-1', name: 'Support Bot' },
      { id: 'a-2', name: 'Sales' },
      { id: 'a-3', name: 'Sales' },
    ],
    squads: [{ id: 's-1', name: 'Night Squad' }],
  };

  it('turns names into IDs', () => {
    const { numbers, problems } = resolveRouting(
      [number({ assistantName: 'Support Bot' }), number({ name: 'night', squadName: 'Night Squad' })],
      directory,
    );
    expect(problems).toEqual([]);
    expect(numbers.map((n) => n.fields)).toEqual([{ assistantId: 'a-1' }, { squadId: 's-1' }]);
  });

  it('refuses a name that matches several, naming their IDs', () => {
    const { problems } = resolveRouting([number({ assistantName: 'Sales' })], directory);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'vapi-numbers.yml', line: 4, column: 5 });
    expect(problems[0]?.message).toContain('a-2, a-3');
  });

  it('refuses a name that matches none, case-sensitively, with candidates', () => {
    const { problems } = resolveRouting([number({ assistantName: 'support bot' })], directory);
    expect(problems[0]?.message).toContain("no assistant is named 'support bot'");
    expect(problems[0]?.hint).toContain("'Support Bot'");
  });

  it('says when the org has none at all', () => {
    const { problems } = resolveRouting([number({ squadName: 'X' })], { squads: [] });
    expect(problems[0]?.hint).toContain('has no squads');
  });

  it('asks only for the directories that are needed', () => {
    expect(routingNeeds([number({})])).toEqual({ assistants: false, squads: false });
    expect(routingNeeds([number({ squadName: 'x' })])).toEqual({ assistants: false, squads: true });
  });
});
