// Collection functions of cty's stdlib: lists, tuples and maps. Lists, tuples and sets are all
// arrays here, objects and maps both records (maps marked, see value.ts); where cty accepts maps
// but rejects object values (length, index, hasindex) only marked maps pass, since every literal
// `{...}` is an object.
import { fromBigInt, isInteger, isNum, toFloat64, type Num } from '../number.js';
import { isMap, isObject, makeMap, makeObject, markedType, markType, sequenceMark, valuesEqual, type Value, type ValueObject } from '../value.js';
import { ANY, compareStrings, fn, GO_INT_ERROR, goInt, intArg, LIST_OF_STRING, NUMBER, p, seqArg, STRING } from './define.js';
import { ConversionError, convertValue } from '../convert.js';
import { ctyEquals, typeOfValue, typesEqual } from '../unify.js';
import { elementTypeOf, keepNullTypes, listOf, mapIfList, sameSequenceKind, valueTypeName } from './result-types.js';
import { unifyArgs } from './unify.js';
import { friendlyTypeName, type HclType } from '../types.js';
import { FunctionArgError, FunctionCallError, type HclFunction, type NullTypes } from './types.js';

const LIST_OF_ANY = { kind: 'list', element: ANY } as const;
const NOT_A_COLLECTION = 'collection must be a list, a map or a tuple';

const isSet = (v: Value[]): boolean => sequenceMark(v)?.kind === 'set';

function sortedObject(v: ValueObject): ValueObject {
  return makeObject(Object.keys(v).sort(compareStrings).map((k) => [k, v[k]!]));
}

/** A Go int, as cty.NumberIntVal gives it (64-bit precision). */
function length(v: Value): Num {
  if (Array.isArray(v)) return fromBigInt(BigInt(v.length));
  if (isMap(v)) return fromBigInt(BigInt(Object.keys(v).length));
  throw new FunctionCallError(NOT_A_COLLECTION);
}

function coalesce(args: Value[], nullTypes?: NullTypes): Value {
  const found = unifyArgs(args, nullTypes).find((v) => v !== null);
  if (found === undefined) throw new FunctionCallError('no non-null arguments');
  return found;
}

/**
 * coalescelist: a null argument is not a list (cty rejects it by its type), so it fails too, unless
 * it is a typed null of a list or tuple type, which is passed over.
 */
function coalescelist(args: Value[], nullTypes: NullTypes = []): Value {
  if (args.length === 0) throw new FunctionCallError('at least one argument is required');
  const sequenceType = (t: HclType | undefined): boolean => t?.kind === 'list' || t?.kind === 'tuple';
  if (args.some((a, i) => !Array.isArray(a) && !(a === null && sequenceType(nullTypes[i])))) {
    throw new FunctionCallError('coalescelist arguments must be lists or tuples');
  }
  const found = args.find((a) => Array.isArray(a) && a.length > 0);
  if (found === undefined) throw new FunctionCallError('no non-null arguments');
  return found;
}

/** element wraps the index around the list both ways (negative indices since cty 1.15); sets have no indices. */
function element(list: Value, indexArg: Value): Value {
  if (!Array.isArray(list) || isSet(list)) throw new FunctionCallError(`cannot read elements from ${valueTypeName(list)}`);
  const index = goInt(indexArg);
  if (index === undefined) throw new FunctionCallError(`invalid index: ${GO_INT_ERROR}`);
  if (list.length === 0) throw new FunctionCallError('cannot use element function with an empty list');
  const at = Number(index % BigInt(list.length));
  return list[at < 0 ? at + list.length : at]!;
}

function flatten(list: Value): Value[] {
  if (!Array.isArray(list)) throw new FunctionCallError('can only flatten lists, sets and tuples');
  const flat = list.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
  if (!flat.includes(null)) return flat;
  // A null whose sequence types it (regex's unmatched group) keeps that type in the flat tuple.
  const types = flatTypes(list);
  return types.some((t, i) => flat[i] === null && t.kind !== 'any') ? markType(flat, { kind: 'tuple', elements: types }) : flat;
}

/** The types of flatten's result elements, as the nested sequences' types give them. */
function flatTypes(list: Value[]): HclType[] {
  const t = typeOfValue(list);
  return list.flatMap((v, i) => {
    if (Array.isArray(v)) return flatTypes(v);
    return [t.kind === 'tuple' ? t.elements[i]! : t.kind === 'list' || t.kind === 'set' ? t.element : typeOfValue(v)];
  });
}

function mapKey(key: Value): string {
  if (typeof key !== 'string') throw new FunctionCallError('key for map must be string');
  return key;
}

function hasindex(coll: Value, key: Value): boolean {
  if (isMap(coll)) return Object.hasOwn(coll, mapKey(key));
  if (!Array.isArray(coll) || isSet(coll)) throw new FunctionCallError(NOT_A_COLLECTION);
  if (!isNum(key) || !isInteger(key)) return false;
  const at = toFloat64(key);
  return at >= 0 && at < coll.length;
}

function index(coll: Value, key: Value): Value {
  if (isMap(coll)) {
    const k = mapKey(key);
    if (!Object.hasOwn(coll, k)) throw new FunctionCallError('invalid index');
    return coll[k]!;
  }
  if (!Array.isArray(coll) || isSet(coll)) throw new FunctionCallError(NOT_A_COLLECTION);
  if (!isNum(key)) throw new FunctionCallError('key for tuple must be number');
  const at = intArg(key, 'invalid key for tuple: ');
  if (at < 0 || at >= coll.length) throw new FunctionCallError(`key must be between 0 and ${coll.length} inclusive`);
  return coll[at]!;
}

function recordArg(v: Value, make: () => Error): ValueObject {
  if (!isObject(v)) throw make();
  return v;
}

/** keys of a map are a list of strings, of an object a tuple. */
function keys(v: Value): string[] {
  const names = Object.keys(recordArg(v, () => new FunctionArgError(0, 'must have map or object type'))).sort(compareStrings);
  return isMap(v) ? listOf(names, STRING) : names;
}

/** values of a map are a list of its element type, of an object a tuple. */
function values(v: Value): Value[] {
  const record = recordArg(v, () => new FunctionCallError('values() requires a map as the first argument'));
  const names = keys(record);
  const out = names.map((k) => record[k]!);
  if (isMap(record)) return listOf(out, elementTypeOf(record));
  // An object recording typed nulls gives a tuple recording them.
  const recorded = markedType(record);
  return recorded?.kind === 'object' ? markType(out, { kind: 'tuple', elements: names.map((k) => recorded.attributes[k]!) }) : out;
}

/** lookup(map, key, default): buildx's cty requires the default. */
function lookup(map: Value, key: string, dflt: Value): Value {
  const record = recordArg(map, () => new FunctionArgError(0, 'lookup() requires a map as the first argument'));
  const found = Object.hasOwn(record, key);
  if (!isMap(record)) return found ? record[key]! : dflt;
  // A map's lookup has its element type: the default must convert to it, found or not.
  let converted: Value;
  try {
    converted = convertValue(dflt, elementTypeOf(record));
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    throw new FunctionArgError(2, 'the default value must have the same type as the map elements');
  }
  return found ? record[key]! : converted;
}

/**
 * merge(): the arguments' type when they all have the same one (maps of one element type stay a
 * map), an object otherwise. Null arguments add nothing (cty since 1.7.1), so only nulls make an
 * empty object, but a typed null's type must be a map or object type and counts in the result's.
 */
function merge(args: Value[], nullTypes: NullTypes = []): ValueObject {
  const out = makeObject();
  const types: (() => HclType)[] = [];
  let allMaps = true;
  let recorded = false;
  args.forEach((a, i) => {
    const declared = a === null ? nullTypes[i] : undefined;
    if (declared) {
      if (declared.kind !== 'map' && declared.kind !== 'object') {
        throw new FunctionCallError(`arguments must be maps or objects, got "${friendlyTypeName(declared)}"`);
      }
      allMaps &&= declared.kind === 'map';
      types.push(() => declared);
      return;
    }
    if (a === null) return;
    const record = recordArg(a, () => new FunctionCallError(`arguments must be maps or objects, got "${valueTypeName(a)}"`));
    allMaps &&= isMap(record);
    types.push(() => typeOfValue(record));
    Object.assign(out, record);
    if (markedType(record)) recorded = true;
  });
  const sorted = sortedObject(out);
  if (recorded && !allMaps) return keepAttributeTypes(args, sorted);
  if (types.length === 0 || !allMaps) return sorted;
  const [first, ...rest] = types.map((t) => t());
  if (!rest.every((t) => typesEqual(t, first!))) return sorted;
  return makeMap(Object.entries(sorted), first!.kind === 'map' ? first!.element : undefined);
}

/** A merged object records the types of its typed nulls: each attribute's from the last argument that has it. */
function keepAttributeTypes(args: Value[], merged: ValueObject): ValueObject {
  const attributes = Object.create(null) as Record<string, HclType>;
  for (const a of args) {
    if (a === null || !isObject(a)) continue;
    const t = typeOfValue(a);
    for (const k of Object.keys(a)) attributes[k] = t.kind === 'object' ? t.attributes[k]! : t.kind === 'map' ? t.element : typeOfValue(a[k]!);
  }
  return markType(merged, { kind: 'object', attributes });
}

/** reverselist: a list or a set gives a list, a tuple a tuple. */
function reverselist(list: Value): Value[] {
  if (!Array.isArray(list)) throw new FunctionArgError(0, `can only reverse list or tuple values, not ${valueTypeName(list)}`);
  return keepNullTypes([list], sameSequenceKind(list, [...list].reverse()), (elements) => elements.reverse());
}

/**
 * slice checks its indices in cty's order: the start's conversion and bounds, then the end's. A
 * list gives a list, a tuple a tuple; a set has no indices.
 */
function slice(list: Value, startArg: Value, endArg: Value): Value[] {
  if (Array.isArray(list) && isSet(list)) {
    throw new FunctionArgError(
      0,
      'cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important',
    );
  }
  const items = seqArg(list, 0, 'must be a list or tuple value');
  const start = intArg(startArg, 'invalid start index: ', 1);
  if (start < 0) throw new FunctionArgError(1, 'start index must not be less than zero');
  if (start > items.length) throw new FunctionArgError(1, 'start index must not be greater than the length of the list');
  const end = intArg(endArg, 'invalid end index: ', 2);
  if (end < 0) throw new FunctionArgError(2, 'end index must not be less than zero');
  if (end > items.length) throw new FunctionArgError(2, 'end index must not be greater than the length of the list');
  if (start > end) throw new FunctionArgError(1, 'start index must not be greater than end index');
  return keepNullTypes([items], sameSequenceKind(items, items.slice(start, end)), (elements) => elements.slice(start, end));
}

function sort(list: Value[]): string[] {
  list.forEach((v, i) => {
    if (v === null) throw new FunctionCallError(`given list element ${i} is null; a null string cannot be sorted`);
  });
  return listOf([...(list as string[])].sort(compareStrings), STRING);
}

/** zipmap with a list of values makes a map, with a tuple an object. */
function zipmap(keyList: Value[], vals: Value): ValueObject {
  if (!Array.isArray(vals) || isSet(vals)) throw new FunctionCallError('values argument must be a list or tuple value');
  const items = vals;
  if (keyList.length !== items.length) {
    throw new FunctionCallError(`number of keys (${keyList.length}) does not match number of values (${items.length})`);
  }
  const out = makeObject();
  keyList.forEach((k, i) => {
    if (k === null) throw new FunctionCallError(`keys list has null value at index ${i}`);
    out[k as string] = items[i]!;
  });
  return mapIfList(items, sortedObject(out));
}

/** chunklist: a list of lists of the list's element type. */
function chunklist(list: Value[], size: number): Value[][] {
  if (size < 0) throw new FunctionCallError('the size argument must be positive');
  const element = elementTypeOf(list);
  const chunk = (items: Value[]): Value[] => listOf(items, element);
  const out: Value[][] = [];
  if (size === 0 && list.length > 0) out.push(chunk([...list]));
  for (let i = 0; size > 0 && i < list.length; i += size) out.push(chunk(list.slice(i, i + size)));
  return listOf(out, { kind: 'list', element });
}

function contains(list: Value, value: Value): boolean {
  if (!Array.isArray(list)) throw new FunctionCallError('argument must be list, tuple, or set');
  return list.some((v) => ctyEquals(v, value));
}

function distinct(list: Value[]): Value[] {
  return listOf(list.filter((v, i) => list.findIndex((w) => valuesEqual(v, w)) === i), elementTypeOf(list));
}

export const collectionFunctions: Record<string, HclFunction> = {
  length: fn([p('collection')], (a) => length(a[0]!)),
  coalesce: fn([], coalesce, p('vals', ANY, true)),
  coalescelist: fn([], coalescelist, p('vals', ANY, true)),
  compact: fn([p('list', LIST_OF_STRING)], (a) =>
    listOf((a[0] as Value[]).filter((v) => v !== null && v !== ''), STRING),
  ),
  contains: fn([p('list'), p('value')], (a) => contains(a[0]!, a[1]!)),
  distinct: fn([p('list', LIST_OF_ANY)], (a) => distinct(a[0] as Value[])),
  element: fn([p('list'), p('index', NUMBER)], (a) => element(a[0]!, a[1]!)),
  flatten: fn([p('list')], (a) => flatten(a[0]!)),
  hasindex: fn([p('collection'), p('key')], (a) => hasindex(a[0]!, a[1]!)),
  index: fn([p('collection'), p('key')], (a) => index(a[0]!, a[1]!)),
  keys: fn([p('inputMap')], (a) => keys(a[0]!)),
  values: fn([p('mapping')], (a) => values(a[0]!)),
  lookup: fn([p('inputMap'), p('key', STRING), p('default')], (a) => lookup(a[0]!, a[1] as string, a[2]!)),
  merge: fn([], merge, p('maps', ANY, true)),
  reverselist: fn([p('list')], (a) => reverselist(a[0]!)),
  slice: fn([p('list'), p('start_index', NUMBER), p('end_index', NUMBER)], (a) =>
    slice(a[0]!, a[1]!, a[2]!),
  ),
  sort: fn([p('list', LIST_OF_STRING)], (a) => sort(a[0] as Value[])),
  zipmap: fn([p('keys', LIST_OF_STRING), p('values')], (a) => zipmap(a[0] as Value[], a[1]!)),
  chunklist: fn([p('list', LIST_OF_ANY), p('size', NUMBER)], (a) => chunklist(a[0] as Value[], intArg(a[1]!, 'invalid size: '))),
};
