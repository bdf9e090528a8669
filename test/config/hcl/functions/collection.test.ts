import { describe, expect, it } from 'vitest';
import { makeObject } from '../../../../src/config/hcl/value.js';
import { call, type Case, type ErrorCase } from './call.js';

const obj = (entries: Record<string, unknown>): ReturnType<typeof makeObject> =>
  makeObject(Object.entries(entries) as [string, never][]);

describe('collection functions', () => {
  const cases: Case[] = [
    ['length', [['a', 'b']], 2],
    ['coalesce', ['', 'a'], ''],
    ['coalesce', [null, 'a'], 'a'],
    ['coalesce', [null, 2, 'x'], '2'],
    ['coalescelist', [[], ['a']], ['a']],
    ['compact', [['a', '', null, 'b']], ['a', 'b']],
    ['concat', [['a'], [], ['b', 1]], ['a', 'b', 1]],
    ['contains', [['a', 'b'], 'b'], true],
    ['contains', [[1, 2], '1'], false],
    ['distinct', [['b', 'a', 'b', 'c', 'a']], ['b', 'a', 'c']],
    ['element', [['a', 'b', 'c'], 4], 'b'],
    ['flatten', [[['a', ['b']], [], 'c']], ['a', 'b', 'c']],
    ['hasindex', [['a'], 0], true],
    ['hasindex', [['a'], 1], false],
    ['hasindex', [obj({ k: 1 }), 'k'], true],
    ['index', [['a', 'b'], 1], 'b'],
    ['index', [obj({ k: 'v' }), 'k'], 'v'],
    ['keys', [obj({ b: 1, a: 2, B: 3 })], ['B', 'a', 'b']],
    ['values', [obj({ b: 1, a: 2 })], [2, 1]],
    ['lookup', [obj({ a: 'x' }), 'a'], 'x'],
    ['lookup', [obj({ a: 'x' }), 'b', 'dflt'], 'dflt'],
    ['merge', [obj({ a: 1, b: 2 }), null, obj({ b: 3 })], obj({ a: 1, b: 3 })],
    ['range', [3], [0, 1, 2]],
    ['range', [1, 4], [1, 2, 3]],
    ['range', [5, 1], [5, 4, 3, 2]],
    ['range', [0, 1, 0.25], [0, 0.25, 0.5, 0.75]],
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
    ['concat', [], 'at least one argument is required'],
    ['element', [[], 0], 'cannot use element function with an empty list'],
    ['element', [['a'], -1], 'cannot use element function with a negative index'],
    ['index', [['a'], 3], 'the given key does not identify an element'],
    ['keys', [['a']], 'must have map or object type'],
    ['lookup', [obj({ a: 1 }), 'b'], 'lookup failed to find key b'],
    ['merge', [['a']], 'arguments must be maps or objects'],
    ['range', [0, 1, 0], 'step must not be zero'],
    ['range', [0, 5, -1], 'step must be positive when start is less than limit'],
    ['range', [], 'must have one, two, or three arguments'],
    ['slice', [['a'], 0, 2], 'end index must not be greater than the length of the list'],
    ['slice', [['a', 'b'], 2, 1], 'start index must not be greater than end index'],
    ['sort', [['a', null]], 'given list element 1 is null'],
    ['zipmap', [['a'], [1, 2]], 'number of keys (1) does not match number of values (2)'],
    ['chunklist', [[1], -1], 'the size argument must be positive'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });
});
