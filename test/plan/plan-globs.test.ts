import { describe, expect, it } from 'vitest';
import { compileGlob, matchesAny } from '../../src/plan/globs.js';

describe('compileGlob', () => {
  it('matches literal names whole and case-sensitively', () => {
    const glob = compileGlob('acme-main');
    expect(glob.test('acme-main')).toBe(true);
    expect(glob.test('Acme-main')).toBe(false);
    expect(glob.test('acme-main-2')).toBe(false);
    expect(glob.test('x-acme-main')).toBe(false);
  });

  it('lets * match any run of characters, including none', () => {
    const glob = compileGlob('acme-*');
    expect(glob.test('acme-')).toBe(true);
    expect(glob.test('acme-sales line')).toBe(true);
    expect(glob.test('acme')).toBe(false);
    expect(compileGlob('*').test('')).toBe(true);
    expect(compileGlob('*').test('anything at all\nreally')).toBe(true);
    expect(compileGlob('a*b*c').test('a-b-c')).toBe(true);
    expect(compileGlob('a*b*c').test('a-c')).toBe(false);
  });

  it('lets ? match exactly one character', () => {
    const glob = compileGlob('line-?');
    expect(glob.test('line-1')).toBe(true);
    expect(glob.test('line-é')).toBe(true);
    expect(glob.test('line-😀')).toBe(true);
    expect(glob.test('line-')).toBe(false);
    expect(glob.test('line-12')).toBe(false);
  });

  it('treats regular-expression metacharacters as literal', () => {
    expect(compileGlob('a.b').test('a.b')).toBe(true);
    expect(compileGlob('a.b').test('axb')).toBe(false);
    expect(compileGlob('c++ line').test('c++ line')).toBe(true);
    expect(compileGlob('c++ line').test('ccc line')).toBe(false);
    expect(compileGlob('+1 (415) [main] ^$|\\/').test('+1 (415) [main] ^$|\\/')).toBe(true);
    expect(compileGlob('{x}').test('{x}')).toBe(true);
    expect(compileGlob('{p}r').test('{p}r')).toBe(true);
  });

  it('captures {pr} as a pull-request number', () => {
    const glob = compileGlob('pr-{pr}-*');
    expect(glob.match('pr-123-support')).toEqual({ pr: 123 });
    expect(glob.match('pr-7-')).toEqual({ pr: 7 });
    expect(glob.match('pr-007-x')).toEqual({ pr: 7 });
    expect(glob.match('pr--support')).toBeUndefined();
    expect(glob.match('pr-12a-support')).toBeUndefined();
    expect(glob.match('PR-123-support')).toBeUndefined();
    expect(glob.test('pr-123-support')).toBe(true);
    expect(compileGlob('preview {pr}').match('preview 42')).toEqual({ pr: 42 });
    expect(compileGlob('preview {pr}').match('preview ４２')).toBeUndefined();
  });

  it('returns an empty match for globs without {pr}', () => {
    expect(compileGlob('acme-*').match('acme-1')).toEqual({});
    expect(compileGlob('acme-*').match('other')).toBeUndefined();
  });

  it('matches a digit run too long to be a PR number without claiming one', () => {
    expect(compileGlob('pr-{pr}').match('pr-123456789012345678901234567890')).toEqual({});
  });

  it('rejects more than one {pr} and empty globs with a clear message', () => {
    expect(() => compileGlob('pr-{pr}-{pr}')).toThrow(/'pr-\{pr\}-\{pr\}'.*\{pr\} appears 2 times/);
    expect(() => compileGlob('')).toThrow(/cannot be empty/);
  });
});

describe('matchesAny', () => {
  it('is true when one glob matches and false for an empty list', () => {
    expect(matchesAny(['x-*', 'acme-?'], 'acme-1')).toBe(true);
    expect(matchesAny(['x-*', 'acme-?'], 'acme-12')).toBe(false);
    expect(matchesAny([], 'anything')).toBe(false);
  });
});
