// Arguments that must share one type (coalesce): converted with cty's unification rules.
import { convertValue } from '../convert.js';
import type { HclType } from '../types.js';
import { commonType, typeOfValue, unifyTypes } from '../unify.js';
import type { Value } from '../value.js';
import { FunctionCallError, type NullTypes } from './types.js';

const ANY: HclType = { kind: 'any' };

/** The arguments converted to their common type, typed nulls' types included; throws when they have none. */
export function unifyArgs(args: Value[], nullTypes?: NullTypes): Value[] {
  // cty finds no common type for no types at all.
  const typeOf = (a: Value, i: number): HclType => (a === null ? (nullTypes![i] ?? ANY) : typeOfValue(a));
  const type = args.length === 0 ? undefined : nullTypes ? unifyTypes(args.map(typeOf)) : commonType(args);
  if (!type) throw new FunctionCallError('all arguments must have the same type');
  return args.map((a) => convertValue(a, type));
}
