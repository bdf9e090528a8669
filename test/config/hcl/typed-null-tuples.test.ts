// Tuples and objects record the types of their typed nulls, as cty values carry them: regex's
// unmatched optional groups are null strings, convert(null, T) is a null of T, `c ? null : "s"`
// is a null string. cty's == compares
// types, and a conversion to list(any) unifies them. Expected results are hashicorp/hcl + go-cty's.
import { describe, expect, it } from 'vitest';
import { stdlib } from '../../../src/config/hcl/functions/index.js';
import { ev } from './eval-helpers.js';

describe('typed nulls in tuples and objects', () => {
  it.each([
    ['regex("(a)?(b)", "b") == [null, "b"]', false],
    ['regex("(?P<x>a)?(?P<y>b)", "b") == { x = null, y = "b" }', false],
    ['[convert(null, string)] == [null]', false],
    ['[for v in regex("(a)?(b)", "b") : v] == regex("(a)?(b)", "b")', true],
    ['[for v in ["x"] : v] == ["x"]', true],
    ['[null, "b"] == [null, "b"]', true],
    ['[for x in ["a", "b"] : x == "a" ? null : "s"] == [null, "s"]', false],
    ['{ a = convert(null, string) } == { a = null }', false],
    ['{ a = true ? null : "s", b = 1 } == { a = null, b = 1 }', false],
    ['{ a = null } == { a = null }', true],
    // A null taken from a value that records its type keeps that type.
    ['[regex("(x)?(y)", "y")[0], 2] == [null, 2]', false],
    ['{ k = regex("(x)?(y)", "y")[0] } == { k = null }', false],
    ['[regex("(?P<p>x)?(?P<q>y)", "y").p, true] == [null, true]', false],
    // concat, slice, reverselist and values keep the recorded types of the elements they pass on.
    ['concat(regex("(x)?(y)", "y"), [3]) == [null, "y", 3]', false],
    ['slice(regex("(x)?(y)?(z)", "z"), 1, 3) == [null, "z"]', false],
    ['reverselist(regex("(x)?(y)", "y")) == ["y", null]', false],
    ['values({ p = convert(null, string), q = 2 }) == [null, 2]', false],
    ['concat([null], [1]) == [null, 1]', true],
    // element and lookup pass on the recorded type of the null they pick.
    ['[element(regex("(x)?(y)", "y"), 2), 5] == [null, 5]', false],
    ['[element([convert(null, bool), 1], 0), 2] == [null, 2]', false],
    ['[lookup({ k = convert(null, string) }, "k", 0), 4] == [null, 4]', false],
    ['[lookup({ k = null }, "k", 0), 4] == [null, 4]', true],
    // try's null result has the type of its first argument that succeeds.
    ['[try(regex("(x)?(y)", "y")[0], 1), 2] == [null, 2]', false],
    ['[try(regex("(x)?(y)", "q")[0], convert(null, bool)), 2] == [null, 2]', false],
    ['[try(null, 1), 2] == [null, 2]', true],
    // merge's object keeps the recorded type of each attribute it takes.
    ['merge({ u = convert(null, number) }, { v = "w" }) == { u = null, v = "w" }', false],
    ['merge({ u = convert(null, string) }, { u = null }) == { u = null }', true],
    // flatten keeps the type a nested sequence gives its null.
    ['flatten([regex("(x)?(y)", "y")]) == [null, "y"]', false],
    ['flatten([[null], [1]]) == [null, 1]', true],
    // A for expression over an object or a map passes on the types of its nulls too.
    ['[for k, v in { a = convert(null, string), b = 1 } : v] == [null, 1]', false],
    ['[for v in convert({ a = null, b = "x" }, map(string)) : v] == [null, "x"]', false],
    ['[for v in { a = null, b = 1 } : v] == [null, 1]', true],
    // A bare splat of a tuple is that tuple, recorded types and all.
    ['regex("(x)?(y)", "y")[*] == [null, "y"]', false],
    ['[null, 1][*] == [null, 1]', true],
    // An object for expression records its typed nulls as the object constructor does.
    ['{ for k, v in { a = convert(null, string), b = 1 } : k => v } == { a = null, b = 1 }', false],
    ['{ for k in ["a", "b"] : k => k == "a" ? null : "s" } == { a = null, b = "s" }', false],
    ['{ for k, v in { a = null, b = 1 } : k => v } == { a = null, b = 1 }', true],
    ['flatten([convert([null, "a"], list(string)), [1]]) == [null, "a", 1]', false],
  ])('%s is %s', (text, want) => {
    expect(ev(text, {}, stdlib)).toBe(want);
  });

  it.each([
    ['jsonencode(convert([convert(null, string), 1], list(any)))', '[null,"1"]'],
    ['jsonencode(convert(regex("(a)?(b)", "b"), list(any)))', '[null,"b"]'],
    ['jsonencode(concat(convert([convert(null, string), true], list(any)), ["x"]))', '[null,"true","x"]'],
    // A conditional's null result has the type of its other result.
    ['jsonencode(convert([true ? null : "s", 1], list(any)))', '[null,"1"]'],
    ['jsonencode(convert({ a = convert(null, string), b = 1 }, map(any)))', '{"a":null,"b":"1"}'],
    ['jsonencode(convert([for x in ["a", "b"] : x == "a" ? null : 2], list(any)))', '[null,2]'],
    ['jsonencode(convert([regex("(x)?(y)", "y")[0], 7], list(any)))', '[null,"7"]'],
    ['jsonencode(convert(concat([convert(null, string)], [5, false]), list(any)))', '[null,"5","false"]'],
    ['jsonencode(convert(slice([true, convert(null, string), 4], 1, 3), list(any)))', '[null,"4"]'],
    ['jsonencode(convert(reverselist([convert(null, string), 9]), list(any)))', '["9",null]'],
    ['jsonencode(convert(values({ p = convert(null, string), q = 2 }), list(any)))', '[null,"2"]'],
    ['jsonencode(convert([element([1, convert(null, string)], 3), 3], list(any)))', '[null,"3"]'],
    ['jsonencode(convert(merge({ u = convert(null, string) }, { v = 8 }), map(any)))', '{"u":null,"v":"8"}'],
    ['jsonencode(convert(flatten([[convert(null, string)], [[6]]]), list(any)))', '[null,"6"]'],
    ['jsonencode(convert([for v in { a = convert(null, string), b = 1 } : v], list(any)))', '[null,"1"]'],
    ['jsonencode(convert({ for k, v in { a = convert(null, string), b = 1 } : k => v }, map(any)))', '{"a":null,"b":"1"}'],
    ['jsonencode(convert([lookup({ k = convert(null, string), j = 1 }, "k", 0), 4], list(any)))', '[null,"4"]'],
    ['jsonencode(convert({ m = regex("(?P<p>x)?(?P<q>y)", "y").p, n = 7 }, map(any)))', '{"m":null,"n":"7"}'],
  ])('%s', (text, want) => {
    expect(ev(text, {}, stdlib)).toBe(want);
  });

  it('a merged null bool and a string do not unify to a map', () => {
    expect(() => ev('convert(merge({ u = "s", v = 1 }, { u = convert(null, bool) }), map(any))', {}, stdlib)).toThrow(
      'all map elements must have the same type',
    );
  });
});
