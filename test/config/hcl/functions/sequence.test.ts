import { describe, expect, it } from 'vitest';
import { call, type Case, type ErrorCase } from './call.js';

describe('sequence functions', () => {
  const cases: Case[] = [
    ['concat', [['a'], [], ['b', 1]], ['a', 'b', 1]],
    ['range', [3], [0, 1, 2]],
    ['range', [-3], [0, -1, -2]],
    ['range', [1, 4], [1, 2, 3]],
    ['range', [5, 1], [5, 4, 3, 2]],
    ['range', [0, 1, 0.25], [0, 0.25, 0.5, 0.75]],
    ['range', [2, 2], []],
    // cty's zero-step check never matches a configured 0 (it compares number pointers).
    ['range', [0, 0, 0], []],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  const errors: ErrorCase[] = [
    ['concat', [], 'at least one argument is required'],
    ['concat', [['a'], 'b'], 'all arguments must be lists or tuples; got string'],
    ['range', [1, 4, 0], 'more than 1024 values were generated'],
    ['range', [4, 1, 0], 'end must be greater than start when step is positive'],
    ['range', [0, 5, -1], 'end must be less than start when step is negative'],
    ['range', [5, 0, 1], 'end must be greater than start when step is positive'],
    ['range', [], 'must have one, two, or three arguments'],
    ['range', [2000], 'more than 1024 values were generated'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });
});
