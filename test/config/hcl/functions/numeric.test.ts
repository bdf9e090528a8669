import { describe, expect, it } from 'vitest';
import { formatNumber, type Num } from '../../../../src/config/hcl/number.js';
import type { Value } from '../../../../src/config/hcl/value.js';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { evError } from '../eval-helpers.js';
import { call, GO_INT, goFloat, goInt, type Case, type ErrorCase } from './call.js';

describe('numeric and logic functions', () => {
  const cases: Case[] = [
    ['absolute', [-42], 42],
    ['add', [123, 1], 124],
    ['add', ['1', 2], 3],
    ['subtract', [1, 3], -2],
    ['multiply', [2.5, 4], 10],
    ['divide', [7, 2], 3.5],
    ['modulo', [-7, 3], -1],
    ['modulo', [7.5, 2], 1.5],
    ['negate', [3], -3],
    ['ceil', [3.14], 4],
    ['floor', [-3.14], -4],
    ['int', [-3.9], goInt(-3)],
    ['signum', [-5], goInt(-1)],
    ['modulo', [5, 0], 5],
    ['signum', [0], 0],
    ['log', [8, 2], goFloat(3)],
    ['pow', [2, 10], goFloat(1024)],
    ['max', [1, 9, 3], 9],
    ['min', [1, -9, 3], -9],
    ['max', ['12', 3], 12],
    ['parseint', ['ff', 16], goInt(255)],
    ['parseint', ['-1010', 2], goInt(-10)],
    ['parseint', ['FF', 16], goInt(255)],
    ['parseint', ['zZ', 62], goInt(35 * 62 + 61)],
    ['greaterthan', [2, 1], true],
    ['greaterthanorequalto', [1, 1], true],
    ['lessthan', [2, 1], false],
    ['lessthanorequalto', [1, 1], true],
    ['and', [true, false], false],
    ['or', [true, false], true],
    ['not', ['true'], false],
    ['equal', [['a'], ['a']], true],
    ['equal', [1, '1'], false],
    ['equal', [null, null], true],
    ['notequal', ['a', 'b'], true],
  ];
  it.each(cases)('%s(%j) = %j', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  // Printed as buildx prints them: pow and log are float64 results (53-bit big.Floats) computed
  // with Go's math algorithms; the expected digits come from Go 1.19's math.Pow and math.Log.
  const printed: [string, Value[], string][] = [
    ['log', [1000, 10], '2.9999999999999996'],
    ['pow', [7, 30], '22539340290692256000000000'],
    ['pow', [1.1, 50], '117.39085287969571'],
    ['pow', [2, 0.5], '1.4142135623730951'],
    ['pow', [10, -2], '0.01'],
    ['divide', [1, 3], '0.' + '3'.repeat(154) + '5'],
    ['divide', [-1, 0], '-Inf'],
    ['modulo', [5.5, -2], '1.5'],
    ['ceil', [-0.5], '0'],
    ['floor', ['1e-30'], '0'],
    ['int', ['12345678901234567890.7'], '12345678901234567890'],
    ['parseint', ['123456789012345678901234567890', 10], '123456789012345678901234567890'],
    ['max', [0.1, '0.2', 0.15], '0.2'],
  ];
  it.each(printed)('%s(%j) prints %s', (name, args, want) => {
    expect(formatNumber(call(name, ...args) as Num)).toBe(want);
  });

  const errors: ErrorCase[] = [
    ['pow', [-8, 0.5], 'panic in function implementation: Float.SetFloat64(NaN)'],
    ['log', [-1, 10], 'panic in function implementation'],
    ['divide', [0, 0], "can't divide zero by zero"],
    ['max', [], 'must pass at least one number'],
    ['parseint', ['12', 1], 'base must be a whole number between 2 and 62 inclusive'],
    ['parseint', ['19', 8], 'cannot parse "19" as a base 8 integer'],
    ['parseint', ['', 10], 'cannot parse "" as a base 10 integer'],
    ['parseint', [12, 10], 'first argument must be a string, not number'],
    ['signum', [0.5], 'value must be a whole number'],
    ['add', ['x', 1], 'a number is required'],
    ['and', [1, true], 'bool required'],
  ];
  it.each(errors)('%s(%j) fails with %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(message);
  });

  // gocty reads signum's number and parseint's base as Go ints (Go oracle's diagnostics).
  it.each([
    ['signum(5.5)', `t.hcl:1,1-8: Error in function call; Call to function "signum" failed: ${GO_INT}.`],
    ['signum(1e30)', `t.hcl:1,1-8: Error in function call; Call to function "signum" failed: ${GO_INT}.`],
    ['parseint("12", 10.5)', `t.hcl:1,16-20: Invalid function argument; Invalid value for "base" parameter: ${GO_INT}.`],
    ['parseint("12", 1e30)', `t.hcl:1,16-20: Invalid function argument; Invalid value for "base" parameter: ${GO_INT}.`],
  ])('%s fails as buildx reports it', (text, message) => {
    expect(evError(text, {}, stdlib)).toBe(message);
  });
});
