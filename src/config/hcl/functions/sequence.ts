// concat and range from cty's sequence functions.
import { add, compare, type Num } from '../number.js';
import { typeName, type Value } from '../value.js';
import { fn, NUMBER, p, seqArg } from './define.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

function concat(args: Value[]): Value[] {
  if (args.length === 0) throw new FunctionCallError('at least one argument is required');
  return args.flatMap((a, i) => seqArg(a, i, `all arguments must be lists or tuples; got ${typeName(a)}`));
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
  return out;
}

export const sequenceFunctions: Record<string, HclFunction> = {
  concat: fn([], concat, p('seqs')),
  range: fn([], range, p('params', NUMBER)),
};
