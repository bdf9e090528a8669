// Calls a stdlib function the way the evaluator does: each argument converted to its
// parameter's type, nulls rejected unless the parameter allows them.
import { convertValue } from '../../../../src/config/hcl/convert.js';
import { stdlib } from '../../../../src/config/hcl/functions/index.js';
import { fromBigInt, fromFloat64 } from '../../../../src/config/hcl/number.js';
import type { Value } from '../../../../src/config/hcl/value.js';

export function call(name: string, ...args: Value[]): Value {
  const fn = stdlib[name];
  if (!fn) throw new Error(`no function ${name}`);
  if (args.length < fn.params.length || (args.length > fn.params.length && !fn.variadic)) {
    throw new Error(`bad arity for ${name}`);
  }
  const converted = args.map((arg, i) => {
    const param = fn.params[i] ?? fn.variadic!;
    if (arg === null) {
      if (!param.allowNull) throw new Error('argument must not be null');
      return null;
    }
    return param.type ? convertValue(arg, param.type) : arg;
  });
  return fn.impl(converted);
}

/** A whole number as cty makes it from a Go int (length, parseint...): 64-bit precision. */
export function goInt(n: number): Value {
  return fromBigInt(BigInt(n));
}

/** A number as cty makes it from a Go float64 (pow, log): 53-bit precision. */
export function goFloat(n: number): Value {
  return fromFloat64(n);
}

/** A table row: name, arguments, and the expected result. */
export type Case = [string, Value[], Value];
/** A table row: name, arguments, and a fragment of the expected error message. */
export type ErrorCase = [string, Value[], string];

/** gocty's complaint when a number does not fit a Go int (a fraction, or beyond int64), as buildx prints it. */
export const GO_INT = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';
