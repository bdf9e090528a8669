// cty's result types for stdlib functions that return collections: a function whose cty type is
// list(T) or map(T) marks its array or record (value.ts), so that later conversions, unification,
// concat and error messages see a list or map, not the tuple or object a bare array or record is.
import { friendlyTypeName, type HclType } from '../types.js';
import { typeOfValue } from '../unify.js';
import { makeMap, markedType, markSequence, markType, sequenceMark, type Value, type ValueObject } from '../value.js';

const ANY: HclType = { kind: 'any' };

/** `items` as a cty list of `element` (the elements' own unified type when not given). */
export function listOf<T extends Value[]>(items: T, element?: HclType): T {
  return markSequence(items, 'list', element);
}

/**
 * A tuple result made of elements of `sources`, some of which record typed nulls (value.ts): it
 * records its own elements' types, which `types` picks from the sources' tuple element types (a
 * list's element type repeated). Results of unmarked sources stay unmarked, at no cost.
 */
export function keepNullTypes(sources: Value[][], out: Value[], types: (elements: HclType[]) => HclType[]): Value[] {
  if (!sources.some((s) => markedType(s))) return out;
  const elements = sources.flatMap((s) => {
    const t = typeOfValue(s);
    return t.kind === 'tuple' ? t.elements : s.map(() => (t.kind === 'list' ? t.element : ANY));
  });
  return markType(out, { kind: 'tuple', elements: types(elements) });
}

/** The element type of a list, set or map value; `any` for a tuple or object. */
export function elementTypeOf(v: Value): HclType {
  const t = typeOfValue(v);
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.element : ANY;
}

/** A list value's elements in a new list of its element type; a tuple's stay a tuple. */
export function sameSequenceKind(from: Value[], items: Value[]): Value[] {
  return sequenceMark(from) ? listOf(items, elementTypeOf(from)) : items;
}

/** A record made from a list's elements: a map for a list, an object for a tuple. */
export function mapIfList(from: Value[], record: ValueObject): ValueObject {
  return sequenceMark(from) ? makeMap(Object.entries(record), elementTypeOf(from)) : record;
}

/** cty's FriendlyName of a value's type: "list of string", "map of number", "tuple", "object". */
export function valueTypeName(v: Value): string {
  return friendlyTypeName(typeOfValue(v));
}
