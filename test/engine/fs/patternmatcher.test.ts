import { describe, expect, it } from 'vitest';
import { PatternMatcher, cleanPattern } from '../../../src/engine/fs/patternmatcher.js';

describe('PatternMatcher', () => {
  const table: [string[], string, boolean][] = [
    [['*.go'], 'main.go', true],
    [['*.go'], 'sub/main.go', false],
    [['**/*.go'], 'sub/deep/main.go', true],
    [['**/*.go'], 'main.go', true],
    [['docs'], 'docs/a/b.md', true],
    [['docs/'], 'docs/x', true],
    [['/docs'], 'docs/x', true],
    [['./docs'], 'docs/x', true],
    [['src/**'], 'src/a/b', true],
    [['src/**'], 'srcx', false],
    [['file?.c'], 'file1.c', true],
    [['file?.c'], 'file10.c', false],
    [['[a-c].txt'], 'b.txt', true],
    // Go classes negate with `^` only: `!` is one more member (as docker's .dockerignore does).
    [['[!a-c].txt'], 'b.txt', true],
    [['[!a-c].txt'], '!.txt', true],
    [['[!a-c].txt'], 'd.txt', false],
    [['[^a-c].txt'], 'd.txt', true],
    [['[^a-c].txt'], 'b.txt', false],
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['!README.md', '*.md'], 'README.md', true],
    [['dir', '!dir/keep'], 'dir/keep', false],
    [['dir', '!dir/keep'], 'dir/other', true],
    [['a.b'], 'axb', false],
    [['**'], 'anything/at/all', true],
    [['# not a comment handled here'], 'x', false],
  ];
  it.each(table)('%j matches %s → %s', (patterns, path, want) => {
    expect(new PatternMatcher(patterns).matches(path)).toBe(want);
  });

  // Checked against moby/patternmatcher walked as fsutil does (MatchesUsingParentResults).
  const goCorners: [string[], string, boolean][] = [
    // `**` first and a literal rest is a suffix test, not a segment match.
    [['**.go'], 'a/x.go', true],
    [['**foo'], 'q/barfoo', true],
    [['**/foo'], 'foo', true],
    // An open `[` takes in the `[^/]` generated for `*`/`?`: `[[^/]*]` then `b`.
    [['a[*]b'], 'a]b', true],
    [['a[*]b'], 'a*b', false],
    [['a[?]b'], 'a?b', false],
    // `?` is one code point; `^` anchors in a regexp pattern; `\a` is BEL.
    [['emoji?'], 'emoji😀', true],
    [['^fo?'], 'foo', true],
    [['c^?'], 'c^d', false],
    [['\\a*'], 'ab', false],
    // An exception re-includes below a directory only if that directory was excluded.
    [['**/*.go', '!a/b'], 'a/b/c/d.go', true],
    [['a', '!a/b'], 'a/b/c/d.go', false],
    [['a', '!a/b', 'a/b/c'], 'a/b/c/d.go', true],
  ];
  it.each(goCorners)('Go semantics: %j matches %s → %s', (patterns, path, want) => {
    expect(new PatternMatcher(patterns).matches(path)).toBe(want);
  });

  it.each([['[]'], ['\\'], ['a\\'], ['a[]]b'], ['[a-]'], ['[']])('rejects %j as filepath.Match does', (pattern) => {
    expect(() => new PatternMatcher([pattern])).toThrow(`syntax error in pattern: ${JSON.stringify(pattern)}`);
  });

  it('rejects a bare exception, and a regexp Go cannot compile when it is used', () => {
    expect(() => new PatternMatcher(['a', '!'])).toThrow('illegal exclusion pattern: "!"');
    const m = new PatternMatcher(['x[b-a]']);
    expect(() => m.matches('xa')).toThrow('syntax error in pattern: "x[b-a]"');
  });

  it('knows when a directory may hold an include match', () => {
    const m = new PatternMatcher(['src/app/*.ts', 'lib/**/x']);
    expect(m.couldMatchBelow('src')).toBe(true);
    expect(m.couldMatchBelow('src/app')).toBe(true);
    expect(m.couldMatchBelow('src/other')).toBe(false);
    expect(m.couldMatchBelow('lib/a/b/c')).toBe(true);
    expect(m.couldMatchBelow('docs')).toBe(false);
    // Segments whose patternmatcher meaning a per-segment glob cannot tell are walked into.
    const odd = new PatternMatcher(['a[*]b/c', 'x[/]y', 'emoji?/f']);
    expect(odd.matches('a]b/c')).toBe(true);
    expect(odd.couldMatchBelow('a]b')).toBe(true);
    expect(odd.matches('x/y')).toBe(true);
    expect(odd.couldMatchBelow('x')).toBe(true);
    expect(odd.couldMatchBelow('emoji😀')).toBe(true);
  });

  it('reports exclusions', () => {
    expect(new PatternMatcher(['a', '!a/b']).hasExclusions).toBe(true);
    expect(new PatternMatcher(['a']).hasExclusions).toBe(false);
  });

  it('cleans like filepath.Clean', () => {
    expect(cleanPattern('/a/./b//c/../d/')).toBe('a/b/d');
    expect(cleanPattern('./')).toBe('.');
    expect(cleanPattern('/../a')).toBe('a');
    expect(cleanPattern('../a')).toBe('../a');
  });
});
