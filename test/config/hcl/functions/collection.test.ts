import { describe, expect, it } from 'vitest';
import { isMap, makeMap, makeObject } from '../../../../src/config/hcl/value.js';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { evError } from '../eval-helpers.js';
import { call, GO_INT, goInt, type Case, type ErrorCase } from './call.js';

const obj = (entries: Record<string, unknown>): ReturnType<typeof makeObject> =>
  makeObject(Object.entries(entries) as [string, never][]);

describe('collection functions', () => {
  const cases: Case[] = [
    ['length', [['a', 'b']], goInt(2)],
    ['coalesce', ['', 'a'], ''],
    ['coalesce', [null, 'a'], 'a'],
    ['coalesce', [null, 2, 'x'], '2'],
    ['coalescelist', [[], ['a']], ['a']],
    ['compact', [['a', '', null, 'b']], ['a', 'b']],
    ['contains', [['a', 'b'], 'b'], true],
    ['contains', [[1, 2], '1'], false],
    ['distinct', [['b', 'a', 'b', 'c', 'a']], ['b', 'a', 'c']],
    ['element', [['a', 'b', 'c'], 4], 'b'],
    ['flatten', [[['a', ['b']], [], 'c']], ['a', 'b', 'c']],
    ['hasindex', [['a'], 0], true],
    ['hasindex', [['a'], 1], false],
    ['hasindex', [['a'], '0'], false],
    ['index', [['a', 'b'], 1], 'b'],
    ['keys', [obj({ b: 1, a: 2, B: 3 })], ['B', 'a', 'b']],
    ['values', [obj({ b: 1, a: 2 })], [2, 1]],
    ['lookup', [obj({ a: 'x' }), 'a', 'dflt'], 'x'],
    ['lookup', [obj({ a: 'x' }), 'b', 'dflt'], 'dflt'],
    ['merge', [], obj({})],
    ['merge', [null], obj({})],
    ['merge', [null, null], obj({})],
    ['element', [['a', 'b', 'c'], -1], 'c'],
    ['element', [['a', 'b', 'c'], -4], 'c'],
    ['coalescelist', [[], ['b'], []], ['b']],
    ['chunklist', [[], 0], []],
    ['distinct', [[1, '1']], ['1']],
    ['distinct', [[{ a: 1 }, { a: '1' }]], [{ a: '1' }]],
    ['coalesce', [null, { a: 1 }, { a: 'x' }], { a: '1' }],
    ['coalesce', [[1], ['a', 'b']], ['1']],
    ['merge', [obj({ a: 1, b: 2 }), null, obj({ b: 3 })], obj({ a: 1, b: 3 })],
    ['reverselist', [['a', 'b', 'c']], ['c', 'b', 'a']],
    ['slice', [['a', 'b', 'c', 'd'], 1, 3], ['b', 'c']],
    ['sort', [['b', 'B', 'a', '10', '9']], ['10', '9', 'B', 'a', 'b']],
    ['sort', [[3, 20, 1]], ['1', '20', '3']],
    ['zipmap', [['a', 'b'], [1, 2]], obj({ a: 1, b: 2 })],
    ['chunklist', [[1, 2, 3, 4, 5], 2], [[1, 2], [3, 4], [5]]],
    ['chunklist', [[1, 2], 0], [[1, 2]]],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  const errors: ErrorCase[] = [
    ['length', ['abc'], 'collection must be a list, a map or a tuple'],
    ['length', [obj({ a: 1 })], 'collection must be a list, a map or a tuple'],
    ['coalesce', [null, null], 'no non-null arguments'],
    ['coalesce', [1, true], 'all arguments must have the same type'],
    ['coalescelist', [[], []], 'no non-null arguments'],
    ['element', [[], 0], 'cannot use element function with an empty list'],
    ['index', [['a'], 3], 'key must be between 0 and 1 inclusive'],
    ['index', [['a'], '0'], 'key for tuple must be number'],
    ['index', [obj({ k: 'v' }), 'k'], 'collection must be a list, a map or a tuple'],
    ['hasindex', [obj({ k: 1 }), 'k'], 'collection must be a list, a map or a tuple'],
    ['element', ['abc', 0], 'cannot read elements from string'],
    ['flatten', ['abc'], 'can only flatten lists, sets and tuples'],
    ['contains', ['abc', 'a'], 'argument must be list, tuple, or set'],
    ['distinct', ['abc'], 'list of any single type required'],
    ['reverselist', ['abc'], 'can only reverse list or tuple values, not string'],
    ['values', [['a']], 'values() requires a map as the first argument'],
    ['lookup', [['a'], 'a', 'x'], 'lookup() requires a map as the first argument'],
    ['slice', [['a'], 2, 2], 'start index must not be greater than the length of the list'],
    ['coalescelist', ['a'], 'coalescelist arguments must be lists or tuples'],
    ['coalescelist', [null, ['b']], 'coalescelist arguments must be lists or tuples'],
    ['keys', [['a']], 'must have map or object type'],
    ['merge', [['a']], 'arguments must be maps or objects, got "tuple"'],
    ['slice', [['a'], 0, 2], 'end index must not be greater than the length of the list'],
    ['slice', [['a', 'b'], 2, 1], 'start index must not be greater than end index'],
    ['sort', [['a', null]], 'given list element 1 is null'],
    ['zipmap', [['a'], [1, 2]], 'number of keys (1) does not match number of values (2)'],
    ['chunklist', [[1], -1], 'the size argument must be positive'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });

  it('accepts maps where cty does and rejects objects there', () => {
    const map = makeMap([['a', 'x'], ['b', 'y']]);
    expect(call('length', map)).toEqual(goInt(2));
    expect(call('hasindex', map, 'a')).toBe(true);
    expect(call('hasindex', map, 'c')).toBe(false);
    expect(call('index', map, 'b')).toBe('y');
    expect(() => call('index', map, 'c')).toThrow('invalid index');
    expect(() => call('index', map, 1)).toThrow('key for map must be string');
    expect(() => call('length', obj({ a: 1 }))).toThrow('collection must be a list, a map or a tuple');
    // A map's default takes the map's element type (Go oracle: lookup(map(string), "x", 1) is "1").
    expect(call('lookup', map, 'c', 1)).toBe('1');
    expect(call('lookup', obj({ a: 'x' }), 'c', 1)).toBe(1);
  });

  it('merges maps into a map and anything with an object into an object', () => {
    const merged = call('merge', makeMap([['a', '1']]), null, makeMap([['b', '2']]));
    expect(merged).toEqual(obj({ a: '1', b: '2' }));
    expect(isMap(merged as never)).toBe(true);
    expect(isMap(call('merge', makeMap([['a', '1']]), obj({ b: '2' })) as never)).toBe(false);
  });

  // Diagnostics as HCL 2 + cty print them (Go oracle): which failures are the call's and which an
  // argument's, and gocty's wording when an index is not a Go int (a fraction or beyond int64).
  it.each([
    ['element(["a","b"], 1.5)', `t.hcl:1,1-9: Error in function call; Call to function "element" failed: invalid index: ${GO_INT}.`],
    ['element(["a","b"], 1e30)', `t.hcl:1,1-9: Error in function call; Call to function "element" failed: invalid index: ${GO_INT}.`],
    ['element([], -1)', 't.hcl:1,1-9: Error in function call; Call to function "element" failed: cannot use element function with an empty list.'],
    ['chunklist(["a"], 1e30)', `t.hcl:1,1-11: Error in function call; Call to function "chunklist" failed: invalid size: ${GO_INT}.`],
    ['index(["a","b"], 1.5)', `t.hcl:1,1-7: Error in function call; Call to function "index" failed: invalid key for tuple: ${GO_INT}.`],
    [
      'slice(["a","b","c"], 0.5, 2)',
      `t.hcl:1,22-25: Invalid function argument; Invalid value for "start_index" parameter: invalid start index: ${GO_INT}.`,
    ],
    [
      'slice(["a","b","c"], 0, 1e30)',
      `t.hcl:1,25-29: Invalid function argument; Invalid value for "end_index" parameter: invalid end index: ${GO_INT}.`,
    ],
    ['zipmap(["a"], "x")', 't.hcl:1,1-8: Error in function call; Call to function "zipmap" failed: values argument must be a list or tuple value.'],
    ['coalesce()', 't.hcl:1,1-10: Error in function call; Call to function "coalesce" failed: all arguments must have the same type.'],
    ['values(null)', 't.hcl:1,8-12: Invalid function argument; Invalid value for "mapping" parameter: argument must not be null.'],
    [
      'lookup(convert({a = "1"}, map(string)), "a", [1])',
      't.hcl:1,46-47: Invalid function argument; Invalid value for "default" parameter: the default value must have the same type as the map elements.',
    ],
  ])('%s fails as buildx reports it', (text, message) => {
    expect(evError(text, {}, stdlib)).toBe(message);
  });
});
