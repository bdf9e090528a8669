// HCL counts columns in grapheme clusters: an accented letter written with combining marks, an
// emoji sequence or a flag is one column. Expected positions are hashicorp/hcl v2's.
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/config/hcl/parser.js';

function firstError(src: string): string {
  try {
    parseHcl('c.hcl', src);
  } catch (e) {
    return (e as Error).message.split(';')[0]!;
  }
  throw new Error('expected a syntax error');
}

describe('columns count grapheme clusters', () => {
  it.each([
    ['combining marks in a string', 'a = "e\u0301\u0301x" @\n', 'c.hcl:1,10-11: Invalid character'],
    ['an emoji ZWJ sequence and a flag', 'a = "\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}\u{1F1EB}\u{1F1F7}" @\n', 'c.hcl:1,10-11: Invalid character'],
    ['a line after a comment with CJK, Hangul in a string', '# \u65E5\u672C\u8A9E \u00FC\nb = "\uD55C\uAD6D\uC5B4" $\n', 'c.hcl:2,11-12: Invalid character'],
    ['an identifier with a combining mark', '\u00E9\u0301x = 1 1\n', 'c.hcl:1,8-9: Missing newline after argument'],
    ['a combining mark in an identifier after a number', 'a = 1x\u0301 @\n', 'c.hcl:1,8-9: Invalid character'],
  ])('%s', (_name, src, want) => {
    expect(firstError(src)).toBe(want);
  });

  it('an astral character in a string is one column, as before', () => {
    expect(firstError('a = "\u{1F600}" @\n')).toBe('c.hcl:1,9-10: Invalid character');
  });
});
