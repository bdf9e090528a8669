// Runtime values of the HCL evaluator. cty's types map onto plain JavaScript values:
// string, number (a safe integer, or a BigNum: see number.ts), bool, null, tuple/list/set (arrays;
// sets are kept sorted and de-duplicated by the functions that make them; conversions mark lists
// and sets) and object/map (null-prototype records, maps marked). Plain values keep evaluation cheap and let the bake layer consume
// results directly.
import { BigNum, isNum, numbersEqual, type Num } from './number.js';
import type { HclType } from './types.js';

export type Value = null | string | Num | boolean | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

export function isObject(v: Value | undefined): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof BigNum);
}

export function isList(v: Value | undefined): v is Value[] {
  return Array.isArray(v);
}

/** A collection or structure (tuple, list, set, object, map): no primitive conversion applies. */
export function isStructural(v: Value): v is Value[] | ValueObject {
  return Array.isArray(v) || isObject(v);
}

/** A fresh object value; null prototype so keys like `__proto__` or `constructor` are data. */
export function makeObject(entries?: Iterable<[string, Value]>): ValueObject {
  const obj = Object.create(null) as ValueObject;
  if (Array.isArray(entries)) {
    // Indexed: a destructuring for-of allocates iterator results until the JIT removes them,
    // and every object and map value of an evaluation is made here.
    for (let i = 0; i < entries.length; i++) obj[entries[i]![0]] = entries[i]![1];
  } else if (entries) {
    for (const [k, v] of entries) obj[k] = v;
  }
  return obj;
}

// Non-enumerable, so spreads and Object.assign copies are plain objects again, as cty's are.
const MAP_MARK = Symbol('cty map');

/**
 * A map value (a record whose elements share one type: a typed variable, a target's `args`); the
 * mark keeps `element`, the map's element type, when its elements cannot tell it (as for sequences).
 */
export function makeMap(entries?: Iterable<[string, Value]>, element?: HclType): ValueObject {
  const map = makeObject(entries);
  const keep = element && element.kind !== 'any' && (isConcrete(element) || isEmptyRecord(map));
  Object.defineProperty(map, MAP_MARK, { value: keep ? element : true });
  return map;
}

function isEmptyRecord(v: ValueObject): boolean {
  for (const _ in v) return false;
  return true;
}

export function isMap(v: Value | undefined): v is ValueObject {
  return isObject(v) && (v as unknown as Record<symbol, unknown>)[MAP_MARK] !== undefined;
}

/** The element type a map value records; undefined when its elements' own types are its type. */
export function mapElement(v: ValueObject): HclType | undefined {
  const mark = (v as unknown as Record<symbol, HclType | true | undefined>)[MAP_MARK];
  return mark === true ? undefined : mark;
}

const SEQUENCE_MARK = Symbol('cty list or set');

/** What a list or set value records of its cty type; no element type means the elements' own. */
export interface SequenceMark {
  kind: 'list' | 'set';
  element?: HclType;
}

/**
 * Marks an array as a list or a set (a conversion to list(T) or set(T) made it), so that
 * unification, concat and indexing can tell it from a tuple as cty does. Unmarked arrays are
 * tuples.
 */
export function markSequence<T extends Value[]>(items: T, kind: 'list' | 'set', element?: HclType): T {
  // A type with `any` in it (list(any) in list(list(any))) is only what the elements were converted
  // to: cty gives them their own concrete types, which the elements themselves tell when present.
  const keep = element && element.kind !== 'any' && (items.length === 0 || isConcrete(element));
  const mark: SequenceMark = keep ? { kind, element } : { kind };
  Object.defineProperty(items, SEQUENCE_MARK, { value: mark });
  return items;
}

/** A type without `any` anywhere in it. */
function isConcrete(t: HclType): boolean {
  switch (t.kind) {
    case 'any':
      return false;
    case 'list':
    case 'set':
    case 'map':
      return isConcrete(t.element);
    case 'tuple':
      return t.elements.every(isConcrete);
    case 'object':
      return Object.values(t.attributes).every(isConcrete);
    default:
      return true;
  }
}

export function sequenceMark(v: Value[]): SequenceMark | undefined {
  return (v as unknown as Record<symbol, SequenceMark | undefined>)[SEQUENCE_MARK];
}

const TYPE_MARK = Symbol('cty tuple or object type');

/**
 * Records the cty type of a tuple or object value that holds typed nulls (regex's unmatched
 * groups are null strings, `convert(null, string)` is one): the elements cannot tell it, and
 * cty's `==` and conversions see it.
 */
export function markType<T extends Value[] | ValueObject>(v: T, type: HclType): T {
  Object.defineProperty(v, TYPE_MARK, { value: type });
  return v;
}

/** The type markType recorded, if any. */
export function markedType(v: Value[] | ValueObject): HclType | undefined {
  return (v as unknown as Record<symbol, HclType | undefined>)[TYPE_MARK];
}

/**
 * cty's friendly type name of a primitive, used in error messages ("a string is required", ...).
 * Arrays and records read as tuple and object here: for a list, set or map's name ("list of
 * string") use valueTypeName (functions/result-types.ts), which knows their element types.
 */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (isNum(v)) return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'tuple';
  return 'object';
}

/** Deep structural equality as cty's Equals for known values. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isNum(a) || isNum(b)) return isNum(a) && isNum(b) && numbersEqual(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]!));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k]!, b[k]!));
  }
  return false;
}
