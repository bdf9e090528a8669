// Arguments that must share one type (coalesce): converted with cty's unification rules.
import { convertValue } from '../convert.js';
import { commonType } from '../unify.js';
import type { Value } from '../value.js';
import { FunctionCallError } from './types.js';

/** The arguments converted to their common type; throws when they have none. */
export function unifyArgs(args: Value[]): Value[] {
  // cty finds no common type for no types at all.
  const type = args.length > 0 ? commonType(args) : undefined;
  if (!type) throw new FunctionCallError('all arguments must have the same type');
  return args.map((a) => convertValue(a, type));
}
