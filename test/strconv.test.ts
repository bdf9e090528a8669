import { describe, expect, it } from 'vitest';
import { goQuote } from '../src/strconv.js';

describe('goQuote (Go strconv.Quote)', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['\u00a0\u00ad\u200b\u2028', '"\\u00a0\\u00ad\\u200b\\u2028"'],
    ['é♥☃한국어', '"é♥☃한국어"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('%j → %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});
