import { describe, expect, it } from 'vitest';
import { compileRe2 } from '../../src/re2/compile.js';

const goRegExp = (src: string): RegExp => compileRe2(src, false).regexp;

describe('compileRe2 on RE2 text as patternmatcher builds it', () => {
  it.each([
    // `]` first in a class is a member in Go (JavaScript's `[]` is empty, `[^]` is anything).
    ['^[]a]$', ']', true],
    ['^[^]a]$', 'b', true],
    ['^[^]a]$', ']', false],
    // A class opened by the pattern runs over generated pieces.
    ['^a[[^/]*]b$', 'a[/]b', true],
    ['^a[[^/]*]b$', 'a*b', false],
    // `.` skips only a newline; `[^/]` takes a whole code point.
    ['^a.*$', 'a\rb', true],
    ['^a.*$', 'a\nb', false],
    ['^[^/]$', '😀', true],
    // Escapes: punctuation is literal, `\a` is BEL, `\s` is ASCII only.
    ['^\\-\\#$', '-#', true],
    ['^\\a$', '\x07', true],
    ['^\\s$', '\u00a0', false],
    ['^[[:digit:]x]$', 'x', true],
    ['^[[:digit:]x]$', ':', false],
  ])('%s on %j → %s', (src, input, want) => {
    expect(goRegExp(src).test(input)).toBe(want);
  });

  it.each(['^x[b-a]$', '^[a', '^a**$', '^\\q$'])('rejects %s as Go does', (src) => {
    expect(() => goRegExp(src)).toThrow(/error parsing regexp/);
  });
});
