// How a changed leaf reads: values as a config writes them, scrubbed, and long ones cut around
// where they differ, so the two sides never show the same text.
import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../../src/plan/types.js';
import { cutAroundDifference, leafLines, MAX_VALUE_CHARS, valueText } from '../../src/report/change-lines.js';
import { scrubSecrets } from '../../src/report/scrub.js';

const change = (leaves: FieldChange['leaves']): FieldChange => ({ field: 'hooks', from: null, to: null, secret: false, leaves });

describe('valueText', () => {
  it('writes strings quoted, lists and objects in flow style, an absent value as (none)', () => {
    expect(valueText(['a', 'b'])).toBe('["a", "b"]');
    expect(valueText({ type: 'number', 'x.y': 1, skipped: undefined })).toBe('{type: "number", "x.y": 1}');
    expect(valueText(undefined)).toBe('(none)');
    expect(valueText(null)).toBe('null');
    expect(valueText(15)).toBe('15');
  });
});

describe('cutAroundDifference', () => {
  const base = `${'x'.repeat(150)}`;
  it('leaves values that fit alone', () => {
    expect(cutAroundDifference('15', '25', MAX_VALUE_CHARS)).toEqual(['15', '25']);
  });

  it('cuts two long values around their first difference, so the two sides differ', () => {
    const old = `${base}AAA${base}`;
    const next = `${base}BBB${base}`;
    const [a, b] = cutAroundDifference(old, next, MAX_VALUE_CHARS);
    expect(a).not.toBe(b);
    expect(a).toContain('AAA');
    expect(b).toContain('BBB');
    expect(a.startsWith('...') && a.endsWith('...')).toBe(true);
    expect(a.length).toBeLessThanOrEqual(MAX_VALUE_CHARS + 6);
  });

  it('shows the end of a value the other one extends', () => {
    const old = `${base}]`;
    const next = `${base}, "extra"]`;
    const [a, b] = cutAroundDifference(old, next, 40);
    expect(a.endsWith('x]')).toBe(true);
    expect(b).toContain('"extra"]');
  });

  it('never cuts through a *** mark', () => {
    const old = `${'y'.repeat(30)}***${'y'.repeat(100)}`;
    for (let max = 20; max < 60; max++) {
      const [a] = cutAroundDifference(old, `${old}z`, max);
      expect(a.replace(/\.\.\./g, '')).not.toMatch(/(^|[^*])\*{1,2}([^*]|$)/);
    }
  });
});

describe('leafLines', () => {
  it('scrubs before cutting, and a secret leaf has no values at all', () => {
    const secret = 'leaked-value-0123456789';
    const lines = leafLines(
      [
        change([
          { path: 'hooks[0].do[0].exact', secret: false, old: `say ${secret}`, new: 'say hello' },
          { path: 'server.headers.x-api-key', secret: true },
        ]),
      ],
      (text) => scrubSecrets(text, [secret]),
    );
    expect(lines).toEqual([
      { path: 'hooks[0].do[0].exact', secret: false, old: '"say ***"', new: '"say hello"' },
      { path: 'server.headers.x-api-key', secret: true },
    ]);
  });
});
