import { describe, expect, it } from 'vitest';
import { makeObject } from '../../../../src/config/hcl/value.js';
import { call, type Case, type ErrorCase } from './call.js';

describe('regex functions', () => {
  const cases: Case[] = [
    ['regex', ['[a-z]+', '53453453.345345aaabbbccc23454'], 'aaabbbccc'],
    ['regex', ['(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'], ['2019', '02', '01']],
    [
      'regex',
      ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'],
      makeObject([['authority', 'terraform.io'], ['scheme', 'https']]),
    ],
    ['regex', ['(a)|(b)', 'b'], [null, 'b']],
    ['regex', ['(?i)^abc$', 'ABC'], 'ABC'],
    ['regex', ['[[:digit:]]+', 'ab123'], '123'],
    ['regex', ['\\pL+', '12héllo'], 'héllo'],
    ['regex', ['\\Qa.b\\E', 'xa.b'], 'a.b'],
    ['regex', ['a{,2}', 'a{,2}'], 'a{,2}'],
    ['regex', ['\\Aab\\z', 'ab'], 'ab'],
    ['regex', ['.+', 'a\rb\nc'], 'a\rb'],
    ['regex', ['(?s).+', 'a\nc'], 'a\nc'],
    ['regex', ['\\s+', 'a\u00a0 \tb'], ' \t'],
    ['regex', ['[\\s,]+', 'a ,b'], ' ,'],
    ['regex', ['id(?i)X', 'idx'], 'idx'],
    ['regex', ['(?i)v(?-i)X', 'VX'], 'VX'],
    ['regex', ['(?i:tag)-[a-f]+', 'TaG-cafe'], 'TaG-cafe'],
    ['regex', ['n(?i:[a-c]+)', 'nAbC'], 'nAbC'],
    ['regex', ['(?m)^two$', 'one\ntwo\nthree'], 'two'],
    ['regex', ['k(?s:.)v', 'k\nv'], 'k\nv'],
    ['regex', ['(?U)x+', 'xxx'], 'x'],
    ['regex', ['(?U)x+?', 'xxx'], 'xxx'],
    ['regex', ['(?U)y{1,3}', 'yyy'], 'y'],
    ['regex', ['[[:^alpha:]]+', 'ab-12cd'], '-12'],
    ['regex', ['\\101\\0', 'zA\u0000'], 'A\u0000'],
    ['regexall', ['[a-z]+', '1234abcd5678efgh9'], ['abcd', 'efgh']],
    ['regexall', ['(\\w)=(\\w)', 'a=1 b=2'], [['a', '1'], ['b', '2']]],
    ['regexall', ['x', 'abc'], []],
    ['regex_replace', ['img-123-abc', '[0-9]+', 'N'], 'img-N-abc'],
    ['regex_replace', ['hello world', '(\\w+) (\\w+)', '$2 $1'], 'world hello'],
    ['regex_replace', ['ab', '(?P<x>a)', '${x}${1}$$'], 'aa$b'],
    ['regex_replace', ['ab', '(a)', '$1x'], 'b'],
    ['regex_replace', ['baaac', 'a*', '-'], '-b-c-'],
    ['regex_replace', ['ab', '(a)', '[$01][${1}]'], '[][a]b'],
    // RE2 repeats empty-width assertions (Go oracle); JavaScript needs them grouped.
    ['regexall', ['$*', 'ab'], ['', '', '']],
    ['regex_replace', ['ab', '\\b?', '-'], '-a-b-'],
    ['regex_replace', ['a b', '^*a\\B*', 'x'], 'x b'],
    ['regexall', ['(?m)^+.', 'a\nb'], ['a', 'b']],
    ['regex', ['\\A{2}a', 'a'], 'a'],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  it('returns named groups as an object with keys in cty order', () => {
    const v = call('regex', '(?P<z>a)(?P<b>b)', 'ab') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['b', 'z']);
  });

  const errors: ErrorCase[] = [
    ['regex', ['x', 'abc'], 'pattern did not match any part of the given string'],
    ['regex', ['(?=a)', 'a'], 'invalid regexp pattern: invalid or unsupported Perl syntax in (?='],
    ['regex', ['(a)\\1', 'aa'], 'invalid regexp pattern: invalid escape sequence in \\1'],
    ['regex', ['id(?i)X', 'IDX'], 'pattern did not match any part of the given string'],
    ['regex', ['(?i:a)b', 'AB'], 'pattern did not match any part of the given string'],
    ['regex', ['(?m)^b$', 'a\r\nb\r\n'], 'pattern did not match any part of the given string'],
    ['regex', ['(?i-)a', 'a'], 'invalid or unsupported Perl syntax'],
    ['regex', ['x[a', 'a'], 'invalid regexp pattern: missing closing ] in [a'],
    ['regex', ['(a', 'a'], 'invalid regexp pattern: missing closing ) in (a'],
    ['regexall', ['*', 'a'], 'invalid regexp pattern: missing argument to repetition operator in *'],
    ['regex', ['(?P<n>a)(b)', 'ab'], 'invalid regexp pattern: cannot mix both named and unnamed capture groups'],
    ['regex', ['(a)(?P<n>b)', 'ab'], 'cannot mix both named and unnamed capture groups'],
    ['regex_replace', ['a', '[a', 'b'], 'error parsing regexp: missing closing ]: `[a`'],
    ['regex', ['a**', 'a'], 'invalid regexp pattern: invalid nested repetition operator in **'],
    ['regex', ['a++?', 'a'], 'invalid regexp pattern: invalid nested repetition operator in ++?'],
    ['regex_replace', ['a', 'a{2}*', ''], 'error parsing regexp: invalid nested repetition operator: `{2}*`'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });
});
