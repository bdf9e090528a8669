// Number and logic functions of cty's stdlib, on cty's big-float numbers (number.ts). pow and
// log compute in float64 as cty does, with Go's algorithms, so their last digits match buildx.
import { goPow } from '../go-math.js';
import * as N from '../number.js';
import type { Num } from '../number.js';
import { valuesEqual, type Value } from '../value.js';
import { ANY, BOOL, fn, intArg, p, NUMBER } from './define.js';
import { jsonString } from './json.js';
import { valueTypeName } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

const num = (a: Value[], i: number): Num => a[i] as Num;

/** Runs a number operation, reporting cty's failures (0/0, ∞−∞) as the call's error. */
function guarded<T>(op: () => T): T {
  try {
    return op();
  } catch (err) {
    if (err instanceof N.NumberError) throw new FunctionCallError(err.message);
    throw err;
  }
}

function unary(impl: (n: Num) => Value): HclFunction {
  return fn([p('num', NUMBER)], (a) => guarded(() => impl(num(a, 0))));
}

function binary(impl: (a: Num, b: Num) => Value): HclFunction {
  return fn([p('a', NUMBER), p('b', NUMBER)], (a) => guarded(() => impl(num(a, 0), num(a, 1))));
}

/**
 * pow and log compute in float64 and hand the result to cty, which cannot hold NaN: the call
 * panics, and cty reports the panic as the call's failure.
 */
function fromFloat(n: number): Num {
  if (Number.isNaN(n)) throw new FunctionCallError('panic in function implementation: Float.SetFloat64(NaN)');
  return N.fromFloat64(n);
}

/**
 * The whole number toward -∞ (floor) or +∞ (ceil), at the argument's precision (cty sets it into
 * a copy of the argument); infinities stay as they are.
 */
function rounded(n: Num, up: boolean): Num {
  if ((n instanceof N.BigNum && n.infinite) || N.isInteger(n)) return n;
  const whole = N.truncToBigInt(n);
  const step = up === N.compare(n, 0) < 0 ? 0n : up ? 1n : -1n;
  return N.integerLike(whole + step, n);
}

/** signum reads its argument as a Go int, so fractions and numbers beyond int64 fail the call. */
function signum(n: Num): Num {
  return N.fromBigInt(BigInt(Math.sign(intArg(n))));
}

function extreme(wanted: number): HclFunction {
  return fn(
    [],
    (a) => {
      if (a.length === 0) throw new FunctionCallError('must pass at least one number');
      return (a as Num[]).reduce((best, n) => (N.compare(n, best) === wanted ? n : best));
    },
    p('numbers', NUMBER),
  );
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Go's big.Int SetString: optional sign, digits of the base (case-insensitive up to 36). */
function parseint(args: Value[]): Num {
  const [text, baseArg] = args as [Value, Num];
  if (typeof text !== 'string') throw new FunctionArgError(0, `first argument must be a string, not ${valueTypeName(text)}`);
  const base = intArg(baseArg, '', 1);
  if (base < 2 || base > 62) {
    throw new FunctionArgError(1, 'base must be a whole number between 2 and 62 inclusive');
  }
  const m = /^([+-]?)(.+)$/s.exec(text);
  let value = 0n;
  for (const ch of m?.[2] ?? '') {
    const digit = DIGITS.indexOf(base <= 36 ? ch.toLowerCase() : ch);
    if (digit < 0 || digit >= base) throw new FunctionArgError(0, `cannot parse ${jsonString(text)} as a base ${base} integer`);
    value = value * BigInt(base) + BigInt(digit);
  }
  if (!m) throw new FunctionArgError(0, `cannot parse ${jsonString(text)} as a base ${base} integer`);
  return N.fromBigInt(m[1] === '-' ? -value : value);
}

const bools = (impl: (a: boolean, b: boolean) => boolean): HclFunction =>
  fn([p('a', BOOL), p('b', BOOL)], (a) => impl(a[0] as boolean, a[1] as boolean));

export const numericFunctions: Record<string, HclFunction> = {
  absolute: unary(N.absolute),
  negate: unary(N.negate),
  ceil: unary((n) => rounded(n, true)),
  floor: unary((n) => rounded(n, false)),
  int: unary((n) => (N.isInteger(n) || (n instanceof N.BigNum && n.infinite) ? n : N.fromBigInt(N.truncToBigInt(n)))),
  signum: unary(signum),
  add: binary(N.add),
  subtract: binary(N.subtract),
  multiply: binary(N.multiply),
  divide: binary(N.divide),
  modulo: binary(N.modulo),
  greaterthan: binary((a, b) => N.compare(a, b) > 0),
  greaterthanorequalto: binary((a, b) => N.compare(a, b) >= 0),
  lessthan: binary((a, b) => N.compare(a, b) < 0),
  lessthanorequalto: binary((a, b) => N.compare(a, b) <= 0),
  pow: fn([p('num', NUMBER), p('power', NUMBER)], (a) => fromFloat(goPow(N.toFloat64(num(a, 0)), N.toFloat64(num(a, 1))))),
  log: fn([p('num', NUMBER), p('base', NUMBER)], (a) => fromFloat(Math.log(N.toFloat64(num(a, 0))) / Math.log(N.toFloat64(num(a, 1))))),
  max: extreme(1),
  min: extreme(-1),
  parseint: fn([p('number'), p('base', NUMBER)], parseint),
  and: bools((a, b) => a && b),
  or: bools((a, b) => a || b),
  not: fn([p('val', BOOL)], (a) => !(a[0] as boolean)),
  equal: fn([p('a', ANY, true), p('b', ANY, true)], (a) => valuesEqual(a[0]!, a[1]!)),
  notequal: fn([p('a', ANY, true), p('b', ANY, true)], (a) => !valuesEqual(a[0]!, a[1]!)),
};
