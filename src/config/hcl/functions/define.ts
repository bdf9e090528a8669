// Small builders shared by the stdlib families: parameter types and argument checks, so each
// function reads like cty's spec (params, variadic param, implementation).
import { isInteger, truncToBigInt, type Num } from '../number.js';
import type { HclType } from '../types.js';
import type { Value } from '../value.js';
import { FunctionArgError, FunctionCallError, type FunctionParam, type HclFunction, type NullTypes } from './types.js';

export const STRING: HclType = { kind: 'string' };
export const NUMBER: HclType = { kind: 'number' };
export const BOOL: HclType = { kind: 'bool' };
export const ANY: HclType = { kind: 'any' };
export const LIST_OF_STRING: HclType = { kind: 'list', element: STRING };
export const SET_OF_ANY: HclType = { kind: 'set', element: ANY };

/** A parameter: `p('str', STRING)`; untyped parameters take any value. */
export function p(name: string, type?: HclType, allowNull = false): FunctionParam {
  return { name, ...(type ? { type } : {}), ...(allowNull ? { allowNull } : {}) };
}

/** A function whose arguments arrive converted to the declared parameter types. */
export function fn(params: FunctionParam[], impl: (args: Value[], nullTypes?: NullTypes) => Value, variadic?: FunctionParam): HclFunction {
  return variadic ? { params, variadic, impl } : { params, impl };
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** gocty's complaint when a number does not fit a Go int: fractions and values beyond int64 alike. */
export const GO_INT_ERROR = `value must be a whole number, between ${INT64_MIN} and ${INT64_MAX}`;

/** A number as gocty reads it into a Go int (64-bit), or undefined when it is not one. */
export function goInt(v: Value): bigint | undefined {
  const n = v as Num;
  if (!isInteger(n)) return undefined;
  const whole = truncToBigInt(n);
  return whole < INT64_MIN || whole > INT64_MAX ? undefined : whole;
}

/**
 * An int argument read as cty functions read them with gocty. Most report a failure as the
 * call's error (`prefix` is the function's own wording before Go's message); pass `argIndex`
 * for those that report it at the argument (function.NewArgError).
 */
export function intArg(v: Value, prefix = '', argIndex?: number): number {
  const whole = goInt(v);
  if (whole !== undefined) return Number(whole);
  const message = prefix + GO_INT_ERROR;
  throw argIndex === undefined ? new FunctionCallError(message) : new FunctionArgError(argIndex, message);
}

/** An argument that must be a list, tuple or set (all arrays here). */
export function seqArg(v: Value, index: number, message: string): Value[] {
  if (!Array.isArray(v)) throw new FunctionArgError(index, message);
  return v;
}

/** Strings compared by code point, as Go compares them (byte order of UTF-8). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Grapheme clusters: cty measures and slices strings by them, not by code units. The segmenter
 *  is made on first use: building it loads ICU data, which cost ~20 ms of every start-up. */
let segmenter: Intl.Segmenter | undefined;
export function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(s), (seg) => seg.segment);
}
