// Set functions of cty's stdlib. Arguments arrive converted to set(any), i.e. de-duplicated and
// in cty's element order, so results only need the set algebra and the same normalization.
import { convertValue, toSet } from '../convert.js';
import { commonType, unifyTypes } from '../unify.js';
import type { HclType } from '../types.js';
import { sequenceMark, valuesEqual, type Value } from '../value.js';
import { ANY, fn, p, SET_OF_ANY } from './define.js';
import { elementTypeOf, listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

const has = (set: Value[], v: Value): boolean => set.some((x) => valuesEqual(x, v));

/**
 * The sets' elements converted to one element type, as cty unifies them before combining, and
 * that type (the sets' element types unified), which the result has even when it is empty.
 */
function sets(args: Value[]): { all: Value[][]; element: HclType } {
  const all = args as Value[][];
  const type = commonType(all.flat());
  if (!type) throw new FunctionCallError('given sets must all have compatible element types');
  const element = unifyTypes(all.map(elementTypeOf)) ?? ANY;
  return { all: all.map((set) => toSet(set.map((v) => convertValue(v, type)))), element };
}

/** A set operation's result: `op` on the unified sets, a set of their element type. */
function setOperation(op: (all: Value[][]) => Value[]): (args: Value[]) => Value[] {
  return (args) => {
    const { all, element } = sets(args);
    return toSet(op(all), element);
  };
}

function intersection(all: Value[][]): Value[] {
  const [first = [], ...rest] = all;
  return first.filter((v) => rest.every((s) => has(s, v)));
}

function symmetricDifference(all: Value[][]): Value[] {
  return all.reduce((acc, s) => [...acc.filter((v) => !has(s, v)), ...s.filter((v) => !has(acc, v))], []);
}

/**
 * setproduct: tuples of one element per input. Lists and tuples only give a list (order kept);
 * a set among them makes the result a set (cty's order), of tuples of the inputs' element types.
 */
function product(all: Value[]): Value[] {
  if (all.length < 2) throw new FunctionCallError('at least two arguments are required');
  const seqs = all.map(unifiedElements);
  const tuples = seqs.reduce<Value[][]>((acc, s) => acc.flatMap((prefix) => s.map((v) => [...prefix, v])), [[]]);
  const element: HclType = { kind: 'tuple', elements: seqs.map(elementTypeOf) };
  return all.some((a) => sequenceMark(a as Value[])?.kind === 'set') ? toSet(tuples, element) : listOf(tuples, element);
}

/** One setproduct argument's elements converted to their common type, as cty does for tuples. */
function unifiedElements(seq: Value, index: number): Value[] {
  if (!Array.isArray(seq)) throw new FunctionArgError(index, 'a set or a list is required');
  if (sequenceMark(seq)) return seq;
  const type = commonType(seq);
  if (!type) throw new FunctionArgError(index, 'all elements must be of the same type');
  return listOf(seq.map((v) => convertValue(v, type)), type);
}

export const setFunctions: Record<string, HclFunction> = {
  sethaselement: fn([p('set', SET_OF_ANY), p('elem')], (a) => has(a[0] as Value[], a[1]!)),
  setunion: fn([p('first_set', SET_OF_ANY)], setOperation((all) => all.flat()), p('other_sets', SET_OF_ANY)),
  setintersection: fn([p('first_set', SET_OF_ANY)], setOperation(intersection), p('other_sets', SET_OF_ANY)),
  setsubtract: fn(
    [p('a', SET_OF_ANY), p('b', SET_OF_ANY)],
    setOperation(([a, b]) => a!.filter((v) => !has(b!, v))),
  ),
  setsymmetricdifference: fn([p('first_set', SET_OF_ANY)], setOperation(symmetricDifference), p('other_sets', SET_OF_ANY)),
  setproduct: fn([], product, p('sets')),
};
