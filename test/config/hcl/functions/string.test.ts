import { describe, expect, it } from 'vitest';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { evError } from '../eval-helpers.js';
import { call, GO_INT, type Case, type ErrorCase } from './call.js';

describe('string functions', () => {
  const cases: Case[] = [
    // The 070-stdlib-strings conformance case.
    ['upper', ['abc'], 'ABC'],
    ['lower', ['ABC'], 'abc'],
    ['title', ['hello bake world'], 'Hello Bake World'],
    ['trim', ['--x--', '-'], 'x'],
    ['trimprefix', ['v1.2.3', 'v'], '1.2.3'],
    ['trimsuffix', ['app.tar.gz', '.gz'], 'app.tar'],
    ['trimspace', ['  pad  '], 'pad'],
    ['chomp', ['line\n'], 'line'],
    ['replace', ['a.b.c', '.', '-'], 'a-b-c'],
    ['substr', ['abcdef', 1, 3], 'bcd'],
    ['strlen', ['héllo'], 5],
    ['reverse', ['abc'], 'cba'],
    ['indent', [2, 'a\nb'], 'a\n  b'],
    ['join', ['/', ['a', 'b', 'c']], 'a/b/c'],
    ['split', [',', 'x,y,,z'], ['x', 'y', '', 'z']],
    // Quirks.
    ['title', ["o'neil-smith_x"], "O'Neil-Smith_x"],
    ['chomp', ['a\r\n\n\n'], 'a'],
    ['strlen', ['e\u0301'], 1],
    ['reverse', ['ae\u0301b'], 'be\u0301a'],
    ['substr', ['hello', -3, -1], 'llo'],
    ['substr', ['hello', 10, 2], ''],
    ['substr', ['hello', 1, 100], 'ello'],
    // After a negative offset cty's zero-length short cut does not apply: the rest is taken.
    ['substr', ['hello', -3, 0], 'llo'],
    ['substr', ['hello', 2, 0], ''],
    ['split', [',', ''], ['']],
    ['join', ['-', ['a'], ['b', 'c']], 'a-b-c'],
    ['join', [',', [1, true]], '1,true'],
    ['replace', ['a/b/c', '/', ''], 'abc'],
    ['replace', ['img-12', '/[0-9]/', 'N'], 'img-12'],
    ['replace', ['path/[0-9]/x', '/[0-9]/', '/N/'], 'path/N/x'],
    ['replace', ['v1', 'v', '$1'], '$11'],
    ['replace', ['a/b', '/', '-'], 'a-b'],
    ['replace', ['x', '', '-'], '-x-'],
    ['trimsuffix', ['abc', ''], 'abc'],
    ['upper', [12], '12'],
    ['upper', ['straße'], 'STRAßE'],
    ['lower', ['ÀÉ'], 'àé'],
    ['trimspace', ['\u00a0\tx y\n'], 'x y'],
    ['trimspace', ['\ufeffx'], '\ufeffx'],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  const errors: ErrorCase[] = [
    ['join', [','], 'at least one list is required'],
    ['indent', [-1, 'a\nb'], 'negative Repeat count'],
    ['byteslen', ['héllo'], 'bytes required'],
    ['bytesslice', ['Docker', 0, 3], 'bytes required'],
    ['join', [',', ['a', null]], 'element 1 is null; cannot concatenate null values'],
    ['join', [',', ['a'], [null]], 'element 0 of list 2 is null'],
    ['substr', ['abc', 1.5, 1], 'whole number'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });

  // substr and indent read their numbers as Go ints and fail the call otherwise (Go oracle).
  it.each([
    ['indent(1.5, "a")', `t.hcl:1,1-8: Error in function call; Call to function "indent" failed: ${GO_INT}.`],
    ['substr("hello", 1e30, 1)', `t.hcl:1,1-8: Error in function call; Call to function "substr" failed: ${GO_INT}.`],
    ['substr("hello", 0, 1.5)', `t.hcl:1,1-8: Error in function call; Call to function "substr" failed: ${GO_INT}.`],
  ])('%s fails as buildx reports it', (text, message) => {
    expect(evError(text, {}, stdlib)).toBe(message);
  });

  it('fails cleanly on a pad no string can hold', () => {
    expect(evError('indent(1e15, "a\\nb")', {}, stdlib)).toContain('Call to function "indent" failed: panic in function implementation');
  });
});
