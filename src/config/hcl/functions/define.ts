// Small builders shared by the stdlib families: parameter types and argument checks, so each
// function reads like cty's spec (params, variadic param, implementation).
import { isInteger, truncToBigInt, type Num } from '../number.js';
import type { HclType } from '../types.js';
import type { Value } from '../value.js';
import { FunctionArgError, type FunctionParam, type HclFunction } from './types.js';

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
export function fn(params: FunctionParam[], impl: (args: Value[]) => Value, variadic?: FunctionParam): HclFunction {
  return variadic ? { params, variadic, impl } : { params, impl };
}

/** A whole number argument (cty rejects fractions where it needs an int). */
export function intArg(v: Value, index: number): number {
  const n = v as Num;
  if (!isInteger(n)) throw new FunctionArgError(index, 'value must be a whole number');
  return typeof n === 'number' ? n : Number(truncToBigInt(n));
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
