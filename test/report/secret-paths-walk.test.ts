// The secrets of an answer or a plan are read by going straight to the paths isSecretPath accepts
// (issue 11). Held here to the walk it replaced, which visited every path of a value down to five
// keys and asked isSecretPath at each string: same secrets, in the same order, for any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretPath, SECRET_FIELDS } from '../../src/api-fields.js';
import type { Plan, PlannedChange } from '../../src/plan/types.js';
import { secretsInAnswer, secretsOfPlan } from '../../src/report/scrub.js';
import { assertReplayable } from '../helpers/replay.js';

/** The walk as it was: every own enumerable entry, array keys as numbers, strings tested by path. */
function walkEveryPath(value: unknown, path: (string | number)[], found: Set<string>): void {
  if (typeof value === 'string') {
    if (path.length > 0 && isSecretPath(path) && value !== '') found.add(value);
    return;
  }
  if (path.length > 4 || value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    walkEveryPath(field, [...path, Array.isArray(value) ? Number(key) : key], found);
  }
}

function referenceInAnswer(body: unknown): string[] {
  const found = new Set<string>();
  const results = (body as { results?: unknown } | null | undefined)?.results;
  const items = Array.isArray(body) ? body : Array.isArray(results) ? results : [body];
  for (const item of items) walkEveryPath(item, [], found);
  return [...found];
}

function referenceOfPlan(plan: Plan): string[] {
  const found = new Set<string>();
  for (const change of plan.changes) {
    if ('desired' in change && change.desired) walkEveryPath(change.desired.fields, [], found);
    if ('remote' in change && change.remote) walkEveryPath(change.remote, [], found);
    if ('body' in change) walkEveryPath(change.body, [], found);
  }
  return [...found];
}

// Keys at and around the secret paths, and those JSON.parse makes own properties of (`__proto__`).
const KEYS = [...SECRET_FIELDS, 'authentication', 'password', 'username', 'server', 'headers', 'url', 'results'];
const key = fc.oneof(fc.constantFrom(...KEYS, '__proto__', 'constructor', '0', '1', '', 'Password'), fc.string({ maxLength: 3 }));
const text = fc.oneof(fc.constantFrom('', 'tok-0001', 'tok-0002', 'x'), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
// Not JSON, but objects all the same: boxed strings (their characters are entries), typed arrays, a Map, a Date.
const oddObject = fc.oneof(
  fc.string({ minLength: 1, maxLength: 4 }).map((chars) => Object(chars) as object),
  fc.uint8Array({ maxLength: 3 }),
  fc.constant(new Map([['password', 'in-a-map']])),
  fc.constant(new Date(0)),
);

type Style = 'plain' | 'no-prototype' | 'half-inherited' | 'half-hidden';

/** An object with these entries in this order, `__proto__` included, some inherited or not enumerable. */
function objectOf(entries: [string, unknown][], style: Style): object {
  const half = Math.floor(entries.length / 2);
  const inherited = style === 'half-inherited' ? objectOf(entries.slice(0, half), 'plain') : undefined;
  const target = style === 'no-prototype' ? Object.create(null) : Object.create(inherited ?? Object.prototype);
  entries.forEach(([name, value], index) => {
    if (inherited && index < half) return;
    const enumerable = style !== 'half-hidden' || index >= half;
    Object.defineProperty(target, name, { value, enumerable, writable: true, configurable: true });
  });
  return target as object;
}

/** An array with holes where asked, and perhaps one named entry (the old walk made its key NaN). */
function arrayOf(items: unknown[], holes: boolean[], named: [string, unknown] | null): unknown[] {
  const array = [...items];
  holes.forEach((hole, index) => {
    if (hole && index < array.length) Reflect.deleteProperty(array, index);
  });
  if (named) Object.defineProperty(array, named[0], { value: named[1], enumerable: true, writable: true, configurable: true });
  return array;
}

const style = fc.constantFrom<Style>('plain', 'plain', 'no-prototype', 'half-inherited', 'half-hidden');

const { tree } = fc.letrec<{ tree: unknown; object: object; array: unknown[] }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, oddObject, tie('array'), tie('object')),
  object: fc.tuple(fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }), style).map(([entries, how]) => objectOf(entries, how)),
  array: fc
    .tuple(
      fc.array(tie('tree'), { maxLength: 3 }),
      fc.array(fc.boolean(), { maxLength: 3 }),
      fc.option(fc.tuple(key, tie('tree'))),
    )
    .map(([items, holes, named]) => arrayOf(items, holes, named)),
}));

/** A value at the end of a chain of keys and list positions, up to seven deep: across the depth limit. */
const chain = fc.tuple(fc.array(fc.oneof(key, fc.nat({ max: 2 })), { maxLength: 7 }), fc.oneof(text, tree)).map(([steps, end]) =>
  steps.reduceRight<unknown>((inner, step) => {
    if (typeof step === 'number') return arrayOf([...Array.from({ length: step }, () => 'pad'), inner], [], null);
    return objectOf([[step, inner]], 'plain');
  }, end),
);

const value = fc.oneof(text, tree, chain);

/** A number as the API lists it, with secrets at, above, below and beside the secret paths. */
const numberShaped = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...SECRET_FIELDS), value),
        fc.tuple(fc.constant('authentication'), fc.oneof(value, entriesOf(fc.constantFrom('password', 'username'), value))),
        fc.tuple(
          fc.constant('server'),
          fc.oneof(value, entriesOf(fc.constantFrom('headers', 'url'), fc.oneof(value, entriesOf(key, value)))),
        ),
        fc.tuple(key, value),
      ),
      { maxLength: 6 },
    ),
    style,
  )
  .map(([entries, how]) =>
    objectOf(
      entries.map(([name, inner]) => [name, built(inner, how)]),
      how,
    ),
  );

/** Entries drawn for an object inside a number, made into one (in the number's style) once drawn. */
class Entries {
  constructor(readonly list: [string, unknown][]) {}
}

function entriesOf(names: fc.Arbitrary<string>, values: fc.Arbitrary<unknown>): fc.Arbitrary<Entries> {
  return fc.array(fc.tuple(names, values), { maxLength: 3 }).map((list) => new Entries(list));
}

function built(value: unknown, how: Style): unknown {
  if (!(value instanceof Entries)) return value;
  return objectOf(
    value.list.map(([name, inner]) => [name, built(inner, how)]),
    how,
  );
}

const answer = fc.oneof(
  numberShaped,
  fc.array(numberShaped, { maxLength: 4 }),
  fc.record({ results: fc.array(numberShaped, { maxLength: 4 }), metadata: tree }),
  fc.array(fc.oneof(numberShaped, value), { maxLength: 3 }),
  value,
);

describe('the secrets of an answer', () => {
  it('are those a walk of every path finds, in the same order, for number-shaped and odd values alike', async () => {
    let withSecrets = 0;
    await assertReplayable(
      fc.property(answer, (body) => {
        const expected = referenceInAnswer(body);
        if (expected.length > 0) withSecrets++;
        expect([...secretsInAnswer(body)]).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
    // The property is only as good as its cases: many must hold secrets.
    expect(withSecrets).toBeGreaterThan(200);
  });

  it('are those of the walk for arbitrary JSON, parsed from text as an answer is', async () => {
    await assertReplayable(
      fc.property(fc.json({ maxDepth: 6 }), (json) => {
        const body: unknown = JSON.parse(json);
        expect([...secretsInAnswer(body)]).toEqual(referenceInAnswer(body));
      }),
      { numRuns: 500 },
    );
  });

  it('are those of the walk for values of any kind (maps, sets, boxed values, sparse arrays)', async () => {
    const anything = fc.anything({
      key: key,
      maxDepth: 6,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withDate: true,
    });
    await assertReplayable(
      fc.property(anything, (body) => {
        expect([...secretsInAnswer(body)]).toEqual(referenceInAnswer(body));
      }),
      { numRuns: 500 },
    );
  });

  it('include the deepest value the walk reads (five keys down) and nothing deeper', () => {
    const body = JSON.parse(
      '{"server":{"headers":{"a":{"b":{"c":"five-deep","d":{"e":"six-deep"}}},"__proto__":"own-key"}},' +
        '"authentication":{"password":{"x":["in-a-list"]}},"__proto__":{"twilioAuthToken":"under-proto"}}',
    ) as unknown;
    expect([...secretsInAnswer(body)]).toEqual(['five-deep', 'own-key', 'in-a-list']);
    expect([...secretsInAnswer(body)]).toEqual(referenceInAnswer(body));
  });
});

describe('the secrets of a plan', () => {
  // Which of the three a change has varies with its action; `body: undefined` is a change that has the key.
  const change: fc.Arbitrary<{ desired?: object; remote?: object; body?: object | undefined }> = fc.oneof(
    fc.record({ desired: numberShaped, remote: numberShaped, body: numberShaped }, { requiredKeys: [] }),
    fc.record({ body: fc.oneof(numberShaped, fc.constant(undefined)) }),
  );

  it('are those a walk of every path finds, declared, live and sent, in the same order', async () => {
    await assertReplayable(
      fc.property(fc.array(change, { maxLength: 5 }), (drawn) => {
        const changes = drawn.map((parts, index) => ({
          action: 'update',
          name: `n${index}`,
          ...(parts.desired ? { desired: { name: `n${index}`, provider: 'twilio', fields: parts.desired } } : {}),
          ...(parts.remote ? { remote: parts.remote } : {}),
          ...('body' in parts ? { body: parts.body } : {}),
        })) as unknown as PlannedChange[];
        const plan: Plan = { command: 'apply', changes };
        expect([...secretsOfPlan(plan)]).toEqual(referenceOfPlan(plan));
      }),
      { numRuns: 500 },
    );
  });
});
