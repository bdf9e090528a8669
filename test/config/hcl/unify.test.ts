import { describe, expect, it } from 'vitest';
import type { HclType } from '../../../src/config/hcl/types.js';
import { commonType, describeMismatch, typeOfValue, unifyTypes } from '../../../src/config/hcl/unify.js';
import { makeMap } from '../../../src/config/hcl/value.js';
import { ANY, B, N, S, list, map, obj, set, tuple } from './type-builders.js';

// The cases of go-cty's convert/unify_test.go, as behaviour to match.
describe('unifyTypes', () => {
  const cases: [string, HclType[], HclType | undefined][] = [
    ['nothing has no type', [], undefined],
    ['one type is itself', [S], S],
    ['equal types', [N, N], N],
    ['number with string is string', [N, S], S],
    ['bool, string, number is string', [B, S, N], S],
    ['bool with number has none', [B, N], undefined],
    ['objects of the same attributes unify attribute by attribute', [obj({ foo: S }), obj({ foo: N })], obj({ foo: S })],
    ['objects of other attributes become a map', [obj({ foo: S }), obj({ bar: N })], map(S)],
    ['an empty object with another becomes a map', [obj({ foo: S }), obj({})], map(S)],
    ['objects whose attributes do not unify', [obj({ foo: B }), obj({ bar: N })], undefined],
    ['same attributes that do not unify do not fall back to a map', [obj({ foo: B }), obj({ foo: N })], undefined],
    ['tuples of one length unify element by element', [tuple(S), tuple(N)], tuple(S)],
    ['tuples of other lengths become a list', [tuple(S), tuple(S, N)], list(S)],
    ['an empty tuple with another becomes a list', [tuple(S), tuple()], list(S)],
    ['tuples whose elements do not unify', [tuple(B), tuple(N)], undefined],
    [
      'objects inside tuples become maps',
      [tuple(obj({ a: S }), obj({ a: S })), tuple(obj({ a: S, b: S }))],
      list(map(S)),
    ],
    [
      'a list with tuples unifies as lists',
      [list(obj({ a: S })), tuple(obj({ a: S, b: S })), tuple(obj({ a: S, b: S }), obj({ c: S, d: S }))],
      list(map(S)),
    ],
    ['tuples of one length keep a tuple of maps', [tuple(obj({ a: S, b: N })), tuple(obj({ a: S }))], tuple(map(S))],
    ['lists of objects become lists of maps', [list(obj({ a: N, b: S })), list(obj({ a: S }))], list(map(S))],
    ['objects inside objects become maps', [obj({ a: obj({ a: S }) }), obj({ a: obj({ a: S, b: S }) })], obj({ a: map(S) })],
    [
      'an object with a map of objects becomes a map of maps',
      [obj({ a: obj({ a: S }), b: obj({ a: S, b: S }) }), map(obj({ a: S, b: S }))],
      map(map(S)),
    ],
    [
      'lists and tuples nested in objects and maps',
      [obj({ a: obj({ a: list(S) }), b: obj({ a: tuple(S), b: list(S) }) }), map(obj({ a: list(S), b: list(S) }))],
      map(map(list(S))),
    ],
    ['an object of same-typed objects with a map of them', [obj({ a: obj({ a: S }), b: obj({ a: S }) }), map(obj({ a: S }))], map(obj({ a: S }))],
    ['objects and tuples never unify', [tuple(N), obj({ num: N })], undefined],
    ['maps unify their elements', [map(N), map(S)], map(S)],
    ['sets unify their elements', [set(N), set(S)], set(S)],
    // Where the parts alone have no common type, the general rule may still find the map or list.
    ['a map takes objects its element type fits', [map(S), obj({ a: B, b: N })], map(S)],
    ['a list takes tuples its element type fits', [list(S), tuple(B, N)], list(S)],
    ['a primitive and a structure have none', [S, tuple(S)], undefined],
    // Nulls (type any) convert to anything: they take no part.
    ['any is left out', [ANY, N, S], S],
    ['only any is any', [ANY, ANY], ANY],
    ['any inside structures is left out', [obj({ a: ANY }), obj({ a: N })], obj({ a: N })],
  ];
  it.each(cases)('%s', (_name, types, want) => {
    expect(unifyTypes(types)).toEqual(want);
  });
});

describe('typeOfValue', () => {
  it('types values as cty types literals: tuples, objects, maps by their elements', () => {
    expect(typeOfValue([1, 'a', null])).toEqual(tuple(N, S, ANY));
    expect(typeOfValue({ a: true, b: [] })).toEqual(obj({ a: B, b: tuple() }));
    expect(typeOfValue(makeMap([['x', [1]], ['y', [1, 2]]]))).toEqual(map(list(N)));
    expect(typeOfValue(makeMap())).toEqual(map(ANY));
  });
});

describe('commonType', () => {
  it('finds the type values share, nested', () => {
    expect(commonType([{ a: 1 }, { a: 'x' }])).toEqual(obj({ a: S }));
    expect(commonType([[1], ['a', 'b']])).toEqual(list(S));
    expect(commonType([1, true])).toBeUndefined();
  });

  it('answers any when no value needs converting', () => {
    expect(commonType([null, null])).toEqual(ANY);
    expect(commonType([])).toEqual(ANY);
    expect(commonType([{ a: [1] }, null, { a: [2] }])).toEqual(ANY);
  });
});

// HCL's describeConditionalTypeMismatch, for results that do not unify.
describe('describeMismatch', () => {
  const cases: [string, HclType, HclType, string][] = [
    ['kinds', S, tuple(S), "The 'true' value is string, but the 'false' value is tuple"],
    ['an attribute only on the true side', obj({ b: B, a: N }), obj({ b: B }), `The 'true' value includes object attribute "a", which is absent in the 'false' value`],
    ['an attribute only on the false side', obj({ a: N }), obj({ a: N, z: B }), `The 'false' value includes object attribute "z", which is absent in the 'true' value`],
    ['nested attribute types', obj({ a: B }), obj({ a: N }), `Type mismatch for object attribute "a": The 'true' value is bool, but the 'false' value is number`],
    ['tuple lengths', tuple(B), tuple(B, N), "The 'true' tuple has length 1, but the 'false' tuple has length 2"],
    ['tuple elements', tuple(S, B), tuple(S, N), "Type mismatch for tuple element 1: The 'true' value is bool, but the 'false' value is number"],
    ['collections of objects', list(obj({ a: B })), list(obj({ b: B })), `Mismatched list element types: The 'true' value includes object attribute "a", which is absent in the 'false' value`],
    ['collections by friendly name', map(B), list(N), "The 'true' value is map of bool, but the 'false' value is list of number"],
    ['same friendly names', list(list(tuple(B))), list(list(tuple(N))), "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value"],
  ];
  it.each(cases)('%s', (_name, t, f, want) => {
    expect(describeMismatch(t, f)).toBe(want);
  });
});
