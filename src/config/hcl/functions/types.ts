// The shape of a callable HCL function: the stdlib's and the user's `function` blocks alike.
import type { Value } from '../value.js';
import type { HclType } from '../types.js';

export interface FunctionParam {
  name: string;
  /** Arguments are converted to this type first (cty's function param types); absent = any. */
  type?: HclType;
  /** Whether null is accepted (cty AllowNull); otherwise null is an argument error. */
  allowNull?: boolean;
}

/**
 * A callable function. The evaluator converts each argument to its param's `type` with
 * `convertValue` (convert.ts) and rejects null unless `allowNull` before it calls `impl`, so an
 * implementation may rely on its declared types. `try`, `can` and `convert` are not HclFunctions:
 * they need unevaluated arguments or a type expression, so the evaluator implements them.
 */
export interface HclFunction {
  params: FunctionParam[];
  variadic?: FunctionParam;
  impl(args: Value[], nullTypes?: NullTypes): Value;
}

/**
 * The declared types of null arguments, by argument index, where they are known (a null read from
 * a typed variable is a typed null in cty); functions whose parameters accept any type and null
 * (merge, coalesce, coalescelist) check and unify these types as cty does.
 */
export type NullTypes = readonly (HclType | undefined)[];

/**
 * Thrown by a function for a bad argument. The evaluator reports it at that argument as
 * `Invalid function argument; Invalid value for "<param>" parameter: <message>.`
 */
export class FunctionArgError extends Error {
  constructor(
    readonly argIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a function that failed as a whole. Reported at the call as
 * `Error in function call; Call to function "<name>" failed: <message>.`
 */
export class FunctionCallError extends Error {}
