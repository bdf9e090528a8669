// Collection functions of cty's stdlib: lists, tuples and maps. Lists, tuples and sets are all
// arrays here; objects and maps are both records, so the "map or object" checks accept any record.
import { isObject, makeObject, valuesEqual, type Value, type ValueObject } from '../value.js';
import { ANY, compareStrings, fn, intArg, LIST_OF_STRING, NUMBER, p, seqArg } from './define.js';
import { unifyArgs } from './unify.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

function recordArg(v: Value, index: number, message: string): ValueObject {
  if (!isObject(v)) throw new FunctionArgError(index, message);
  return v;
}

function length(v: Value): number {
  // cty's length takes lists, maps, sets and tuples; strings and object literals are rejected.
  if (Array.isArray(v)) return v.length;
  throw new FunctionArgError(0, 'collection must be a list, a map or a tuple');
}

function coalesce(args: Value[]): Value {
  const unified = unifyArgs(args);
  const found = unified.find((v) => v !== null);
  if (found === undefined) throw new FunctionCallError('no non-null arguments');
  return found;
}

function coalescelist(args: Value[]): Value {
  args.forEach((a, i) => {
    if (a !== null && !Array.isArray(a)) throw new FunctionArgError(i, 'coalescelist arguments must be lists or tuples');
  });
  const found = args.find((a) => Array.isArray(a) && a.length > 0);
  if (found === undefined) throw new FunctionCallError('no non-null arguments');
  return found;
}

function concat(args: Value[]): Value[] {
  if (args.length === 0) throw new FunctionCallError('at least one argument is required');
  return args.flatMap((a, i) => seqArg(a, i, 'all arguments must be lists or tuples'));
}

function element(list: Value[], index: number): Value {
  if (list.length === 0) throw new FunctionCallError('cannot use element function with an empty list');
  if (index < 0) throw new FunctionArgError(1, 'cannot use element function with a negative index');
  return list[index % list.length]!;
}

function flatten(list: Value[]): Value[] {
  return list.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

/** cty's index (and hasindex): element access by key, like `coll[key]`. */
function lookupIndex(coll: Value, key: Value): { found: boolean; value: Value } {
  if (Array.isArray(coll)) {
    const n = typeof key === 'number' ? key : Number(typeof key === 'string' && key !== '' ? key : NaN);
    const ok = Number.isInteger(n) && n >= 0 && n < coll.length;
    return { found: ok, value: ok ? coll[n]! : null };
  }
  if (isObject(coll) && (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean')) {
    const k = String(key);
    return { found: Object.hasOwn(coll, k), value: coll[k] ?? null };
  }
  throw new FunctionArgError(0, 'the given value is not a collection');
}

function index(coll: Value, key: Value): Value {
  const { found, value } = lookupIndex(coll, key);
  if (!found) throw new FunctionArgError(1, 'the given key does not identify an element in this collection value');
  return value;
}

function sortedKeys(v: ValueObject): string[] {
  return Object.keys(v).sort(compareStrings);
}

function lookup(args: Value[]): Value {
  const [map, key, ...defaults] = args;
  if (defaults.length > 1) throw new FunctionCallError('lookup() takes no more than three arguments');
  const record = recordArg(map!, 0, 'the first argument must be a map or object');
  const k = key as string;
  if (Object.hasOwn(record, k)) return record[k]!;
  if (defaults.length === 1) return defaults[0]!;
  throw new FunctionCallError(`lookup failed to find key ${k}`);
}

function merge(args: Value[]): ValueObject {
  const out = makeObject();
  args.forEach((a, i) => {
    if (a === null) return;
    Object.assign(out, recordArg(a, i, 'arguments must be maps or objects'));
  });
  return makeObject(sortedKeys(out).map((k) => [k, out[k]!]));
}

function range(args: Value[]): number[] {
  if (args.length < 1 || args.length > 3) throw new FunctionCallError('must have one, two, or three arguments');
  const nums = args as number[];
  const [start, limit, step] =
    nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? (nums[0]! <= nums[1]! ? 1 : -1)];
  if (step === 0) throw new FunctionArgError(2, 'step must not be zero');
  if (start < limit && step < 0) throw new FunctionArgError(2, 'step must be positive when start is less than limit');
  if (start > limit && step > 0) throw new FunctionArgError(2, 'step must be negative when start is greater than limit');
  const out: number[] = [];
  for (let v = start; step > 0 ? v < limit : v > limit; v += step) {
    if (out.length >= 1024) throw new FunctionCallError('more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
    out.push(v);
  }
  return out;
}

function slice(list: Value[], start: number, end: number): Value[] {
  if (start < 0) throw new FunctionArgError(1, 'start index must not be less than zero');
  if (end > list.length) throw new FunctionArgError(2, 'end index must not be greater than the length of the list');
  if (start > end) throw new FunctionArgError(1, 'start index must not be greater than end index');
  return list.slice(start, end);
}

function sort(list: Value[]): Value[] {
  list.forEach((v, i) => {
    if (v === null) throw new FunctionArgError(0, `given list element ${i} is null; a null string cannot be sorted`);
  });
  return [...(list as string[])].sort(compareStrings);
}

function zipmap(keys: Value[], values: Value[]): ValueObject {
  if (keys.length !== values.length) {
    throw new FunctionArgError(1, `number of keys (${keys.length}) does not match number of values (${values.length})`);
  }
  const out = makeObject();
  keys.forEach((k, i) => {
    if (k === null) throw new FunctionArgError(0, `keys list has null value at index ${i}`);
    out[k as string] = values[i]!;
  });
  return makeObject(sortedKeys(out).map((k) => [k, out[k]!]));
}

function chunklist(list: Value[], size: number): Value[][] {
  if (size < 0) throw new FunctionArgError(1, 'the size argument must be positive');
  if (size === 0) return [list];
  const out: Value[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const LIST_MSG = 'argument must be list, tuple, or set';

export const collectionFunctions: Record<string, HclFunction> = {
  length: fn([p('collection')], (a) => length(a[0]!)),
  coalesce: fn([], coalesce, p('vals', ANY, true)),
  coalescelist: fn([], coalescelist, p('vals', ANY, true)),
  compact: fn([p('list', LIST_OF_STRING)], (a) => (a[0] as Value[]).filter((v) => v !== null && v !== '')),
  concat: fn([], concat, p('seqs')),
  contains: fn([p('list'), p('value', ANY, true)], (a) =>
    seqArg(a[0]!, 0, LIST_MSG).some((v) => valuesEqual(v, a[1]!)),
  ),
  distinct: fn([p('list')], (a) =>
    seqArg(a[0]!, 0, LIST_MSG).filter((v, i, all) => all.findIndex((w) => valuesEqual(v, w)) === i),
  ),
  element: fn([p('list'), p('index', NUMBER)], (a) =>
    element(seqArg(a[0]!, 0, 'cannot read elements from a non-list value'), intArg(a[1]!, 1)),
  ),
  flatten: fn([p('list')], (a) => flatten(seqArg(a[0]!, 0, 'can only flatten lists, sets and tuples'))),
  hasindex: fn([p('collection'), p('key')], (a) => lookupIndex(a[0]!, a[1]!).found),
  index: fn([p('collection'), p('key')], (a) => index(a[0]!, a[1]!)),
  keys: fn([p('inputMap')], (a) => sortedKeys(recordArg(a[0]!, 0, 'must have map or object type'))),
  values: fn([p('values')], (a) => {
    const r = recordArg(a[0]!, 0, 'must have map or object type');
    return sortedKeys(r).map((k) => r[k]!);
  }),
  lookup: fn([p('inputMap'), p('key', { kind: 'string' })], lookup, p('default', ANY, true)),
  merge: fn([], merge, p('maps', ANY, true)),
  range: fn([], range, p('params', NUMBER)),
  reverselist: fn([p('list')], (a) => [...seqArg(a[0]!, 0, 'can only reverse list or tuple values')].reverse()),
  slice: fn([p('list'), p('start_index', NUMBER), p('end_index', NUMBER)], (a) =>
    slice(seqArg(a[0]!, 0, 'must be a list or tuple value'), intArg(a[1]!, 1), intArg(a[2]!, 2)),
  ),
  sort: fn([p('list', LIST_OF_STRING)], (a) => sort(a[0] as Value[])),
  zipmap: fn([p('keys', LIST_OF_STRING), p('values')], (a) =>
    zipmap(a[0] as Value[], seqArg(a[1]!, 1, 'values must be a list or tuple value')),
  ),
  chunklist: fn([p('list'), p('size', NUMBER)], (a) =>
    chunklist(seqArg(a[0]!, 0, 'a list or tuple is required'), intArg(a[1]!, 1)),
  ),
};

