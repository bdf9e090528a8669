import { describe, expect, it } from 'vitest';
import { makeObject } from '../../../../src/config/hcl/value.js';
import { call, type Case, type ErrorCase } from './call.js';

describe('format', () => {
  const cases: Case[] = [
    ['conformance', ['%s-%03d-%t', 'x', 7, true], 'x-007-true'],
    ['percent', ['100%%'], '100%'],
    ['string width', ['[%5s]', 'ab'], '[   ab]'],
    ['left justified', ['[%-5s]', 'ab'], '[ab   ]'],
    ['string precision truncates', ['%.2s', 'héllo'], 'hé'],
    ['quoted', ['%q', 'a"b<'], '"a\\"b\\u003c"'],
    ['number as string', ['%s', 1.5], '1.5'],
    ['bool from string', ['%t', 'true'], 'true'],
    ['integer verbs', ['%b %o %x %X %d', 5, 8, 255, 255, -3], '101 10 ff FF -3'],
    ['sharp hex', ['%#x', 255], '0xff'],
    ['plus and space', ['%+d % d', 3, 3], '+3  3'],
    ['zero pad after sign', ['%06d', -42], '-00042'],
    ['integer precision', ['%.3d', 7], '007'],
    // big.Int's Format (Go oracle): a zero with precision 0 prints nothing, padding and sign included,
    // and the # prefix is always written.
    ['zero at precision 0', ['[%5.0d][%+.0d][%#.0x]', 0, 0, 0], '[][][]'],
    ['octal prefix always', ['%#o %#.3o %#5.3o', 0, 8, 8], '00 0010  0010'],
    ['fixed default precision', ['%f', 3.14159], '3.141590'],
    ['fixed precision', ['%.2f', 3.14159], '3.14'],
    ['fixed width', ['%8.2f|', 3.14159], '    3.14|'],
    ['exponent', ['%e', 1234.5678], '1.234568e+03'],
    ['upper exponent', ['%.2E', 0.000123], '1.23E-04'],
    ['general small', ['%g', 0.0001], '0.0001'],
    ['general tiny', ['%g', 0.00001], '1e-05'],
    ['general precision', ['%.3g', 1234.5678], '1.23e+03'],
    ['exact ties round to even', ['%.0f %.0f %.0f %.1f', 2.5, 3.5, 0.5, 0.25], '2 4 0 0.2'],
    ['exponent tie to even', ['%.2e %.1g %.1g', 1.125, 35, 25], '1.12e+00 4e+01 2e+01'],
    ['inexact ties follow the literal rounding error', ['%.1f %.2f %.1f', 0.05, 1.005, 99.95], '0.1 1.00 99.9'],
    ['rounding carries into a new digit', ['%5.1f|%.2e', 9.96, 9.9999999], ' 10.0|1.00e+01'],
    ['zero in every float form', ['%e %f %g %.0f', 0, 0, 0, 0], '0.000000e+00 0.000000 0 0'],
    ['tiny fixed values', ['%.3f %.10f', 1e-10, 1e-10], '0.000 0.0000000001'],
    ['%v string', ['%v', 'x'], 'x'],
    ['%v number', ['%v', 7.5], '7.5'],
    ['%v large number uses exponent', ['%v', 1234567], '1.234567e+06'],
    ['%v number ignores sign flags and only pads', ['%+08v|%+v', -1.5, 5], '0000-1.5|5'],
    ['%v of a 512-bit fraction', ['%v', '0.1'], '0.1'],
    ['%.3f rounds the exact expansion', ['%.3f|%.0f|%.1e', '2.0005', 2.5, '0.25'], '2.001|2|2.5e-01'],
    ['%v bool', ['%v', true], 'true'],
    ['%v list is JSON', ['%v', ['a', 1]], '["a",1]'],
    ['%v null', ['%v', null], 'null'],
    ['%#v is JSON', ['%#v', 'x'], '"x"'],
    ['%#v object sorted', ['%#v', makeObject([['b', 1], ['a', true]])], '{"a":true,"b":1}'],
    ['explicit index', ['%[2]s %[1]s %s', 'a', 'b'], 'b a b'],
  ];
  it.each(cases)('%s', (_name, args, want) => {
    expect(call('format', ...args)).toEqual(want);
  });

  const errors: ErrorCase[] = [
    ['not enough', ['%s %s', 'a'], 'not enough arguments for "%s" at 3: need index 2 but have 1 total'],
    ['null', ['%s', null], 'unsupported value for "%s" at 0: null value cannot be formatted'],
    ['non-integer', ['%d', 1.5], 'unsupported value for "%d" at 0: an integer is required'],
    ['not a number', ['%d', 'x'], 'unsupported value for "%d" at 0: a number is required'],
    ['bad verb', ['%z', 1], `unsupported format verb 'z' in "%z" at offset 0`],
    ['bad flagged verb', ['%012z', 1], `unsupported format verb 'z' in "%012z" at offset 0`],
    ['offsets count UTF-8 bytes', ['é %z', 1], `unsupported format verb 'z' in "%z" at offset 3`],
    ['unrecognized character', ['ab%☠', 1], "unrecognized format character '☠' at offset 3"],
    ['unrecognized emoji is one rune', ['%💃🏿', 1], "unrecognized format character '💃' at offset 1"],
    ['dangling percent', ['abc%'], 'invalid format string starting at offset 4'],
    ['verb cut short', ['é%-5'], 'invalid format string starting at offset 5'],
    ['list as string', ['%s', ['a']], 'unsupported value for "%s" at 0: string required'],
    ['an argument no verb uses', ['%s', 'a', 'b'], 'too many arguments; only 1 used by format string'],
    ['arguments without any verb', ['plain', 1], 'too many arguments; no verbs in format string'],
    ['explicit index leaves the last unused', ['%[1]s', 'a', 'b'], 'too many arguments; only 1 used'],
  ];
  it.each(errors)('%s', (_name, args, message) => {
    expect(() => call('format', ...args)).toThrow(message);
  });
});

describe('formatlist', () => {
  it('iterates lists in step and repeats scalars', () => {
    expect(call('formatlist', '%s=%s', ['a', 'b'], ['1', '2'])).toEqual(['a=1', 'b=2']);
    expect(call('formatlist', '%s-%s', 'x', ['a', 'b'])).toEqual(['x-a', 'x-b']);
    expect(call('formatlist', '%s', 'only')).toEqual(['only']);
    expect(call('formatlist', '%s', [])).toEqual([]);
  });

  it('rejects lists of different lengths and names the failing iteration', () => {
    expect(() => call('formatlist', '%s%s', ['a'], ['b', 'c'])).toThrow(
      'argument 2 has length 2, which is inconsistent with argument 1 of length 1',
    );
    expect(() => call('formatlist', '%d', ['1', 'x'])).toThrow('error on format iteration 1: unsupported value');
  });

  it('names the iteration even when no argument is a list', () => {
    expect(() => call('formatlist', '%s', makeObject())).toThrow('error on format iteration 0: unsupported value');
    expect(() => call('formatlist', '%s', ['a'], 'spare')).toThrow(
      'error on format iteration 0: too many arguments; only 1 used by format string',
    );
  });
});
