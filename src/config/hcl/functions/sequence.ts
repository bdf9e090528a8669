// concat and range from cty's sequence functions.
import { convertValue } from '../convert.js';
import { add, compare, type Num } from '../number.js';
import { friendlyTypeName } from '../types.js';
import { typeOfValue, unifyTypes } from '../unify.js';
import { markSequence, sequenceMark, type Value } from '../value.js';
import { fn, NUMBER, p } from './define.js';
import { keepNullTypes, listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

/**
 * concat as cty types it: lists whose types unify give a list of the unified element type (the
 * elements converted), anything else a tuple of all the elements. Sets are refused.
 */
function concat(args: Value[]): Value[] {
  if (args.length === 0) throw new FunctionCallError('at least one argument is required');
  const seqs = args.map((a, i) => {
    if (!Array.isArray(a) || sequenceMark(a)?.kind === 'set') {
      throw new FunctionArgError(i, `all arguments must be lists or tuples; got ${friendlyTypeName(typeOfValue(a))}`);
    }
    return a;
  });
  if (seqs.every((s) => sequenceMark(s)?.kind === 'list')) {
    const type = unifyTypes(seqs.map(typeOfValue));
    if (type?.kind === 'list') return markSequence(seqs.flatMap((s) => convertValue(s, type) as Value[]), 'list', type.element);
  }
  return keepNullTypes(seqs, seqs.flat(), (elements) => elements);
}

/**
 * range(end), range(start, end), range(start, end, step); the step's sign follows the bounds.
 * A zero step counts as positive: cty's zero check compares number pointers, which a step from
 * the configuration never matches, so start < end runs into the 1024-value limit.
 */
function range(args: Value[]): Num[] {
  const nums = args as Num[];
  if (nums.length < 1 || nums.length > 3) throw new FunctionCallError('must have one, two, or three arguments');
  const [start, end] = nums.length === 1 ? [0, nums[0]!] : [nums[0]!, nums[1]!];
  const step = nums[2] ?? (compare(end, start) < 0 ? -1 : 1);
  const down = compare(step, 0) < 0;
  if (down && compare(end, start) > 0) throw new FunctionArgError(1, 'end must be less than start when step is negative');
  if (!down && compare(end, start) < 0) throw new FunctionArgError(1, 'end must be greater than start when step is positive');
  const out: Num[] = [];
  for (let n = start; down ? compare(n, end) > 0 : compare(n, end) < 0; n = add(n, step)) {
    if (out.length >= 1024) {
      throw new FunctionCallError(
        'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
      );
    }
    out.push(n);
  }
  return listOf(out, NUMBER);
}

export const sequenceFunctions: Record<string, HclFunction> = {
  concat: fn([], concat, p('seqs')),
  range: fn([], range, p('params', NUMBER)),
};
