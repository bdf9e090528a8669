import { describe, expect, it } from 'vitest';
import { compilePattern, isPattern } from '../../src/bake/pattern.js';

describe("Go path.Match patterns", () => {
  it.each([
    ['app-*', 'app-web', true],
    ['app-*', 'app/web', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a.b', 'axb', false],
  ])('%s on %s is %s', (pattern, name, expected) => {
    expect(compilePattern(pattern).test(name)).toBe(expected);
  });

  it('tells patterns from names and rejects bad classes', () => {
    expect(isPattern('app_v1')).toBe(false);
    expect(isPattern('app[12]')).toBe(true);
    expect(() => compilePattern('[ab')).toThrow('syntax error in pattern');
  });
});
