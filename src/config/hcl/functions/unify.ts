// cty's type unification for functions whose result type is "whatever all arguments share"
// (coalesce): primitives mixed with strings become strings, other mixes have no common type.
import { convertValue } from '../convert.js';
import type { Value } from '../value.js';
import { FunctionCallError } from './types.js';

type Kind = 'string' | 'number' | 'bool' | 'list' | 'object';

function kindOf(v: Value): Kind | undefined {
  if (v === null) return undefined;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string' || typeof v === 'number') return typeof v as Kind;
  return Array.isArray(v) ? 'list' : 'object';
}

/** The arguments converted to their unified type; throws when they have none. */
export function unifyArgs(args: Value[]): Value[] {
  const kinds = new Set(args.map(kindOf).filter((k): k is Kind => k !== undefined));
  if (kinds.size <= 1) return args;
  const primitive = [...kinds].every((k) => k === 'string' || k === 'number' || k === 'bool');
  if (!primitive || !kinds.has('string')) throw new FunctionCallError('all arguments must have the same type');
  return args.map((a) => convertValue(a, { kind: 'string' }));
}
