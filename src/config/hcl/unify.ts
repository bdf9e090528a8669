// cty's type unification (convert.UnifyUnsafe): the one type several values can all convert to,
// wherever HCL needs them to share one (conditional results, coalesce, the elements of list(any),
// set(any) and map(any), the set functions). Values carry little type here, so each gets the type
// cty gives a literal: a tuple for an array, an object for a record; map(T), list(T) and set(T)
// for marked maps, lists and sets.
//
// The rules, as cty applies them (convert/unify.go, compare_types.go, sort_types.go):
// - all maps: map(unify(elements)); all lists, all sets likewise.
// - maps and objects: the objects as one map (their attribute types unified), then with the maps.
// - lists and tuples: the tuples as one list (their element types unified), then with the lists.
// - all objects: the same attribute names give an object of the attributes unified one by one
//   (failing if one does not unify); different names give map(all attribute types unified).
// - all tuples: the same length gives a tuple unified element by element; else list(all elements).
// - objects with tuples never unify.
// - otherwise the most general of the types that all the others convert to: string over number
//   and bool (number with bool has none), map over object, list over tuple, set over list.
// Nulls are left out (they convert to every type), where cty would type a bare null as "any" and
// could then give up on a structural neighbour; values of an unknown type never occur here.
import { compareStrings } from './functions/define.js';
import { friendlyTypeName, type HclType } from './types.js';
import { isMap, isObject, isStructural, mapElement, markedType, sequenceMark, valuesEqual, type Value } from './value.js';

const ANY: HclType = { kind: 'any' };

/** The type cty infers for a value; null is `any`. */
export function typeOfValue(v: Value): HclType {
  if (v === null) return ANY;
  if (typeof v === 'string') return { kind: 'string' };
  if (typeof v === 'boolean') return { kind: 'bool' };
  if (Array.isArray(v)) {
    const mark = sequenceMark(v);
    if (!mark) return markedType(v) ?? { kind: 'tuple', elements: v.map(typeOfValue) };
    return { kind: mark.kind, element: mark.element ?? unifyTypes(v.map(typeOfValue)) ?? ANY };
  }
  if (!isObject(v)) return { kind: 'number' };
  if (!isMap(v)) {
    const marked = markedType(v);
    if (marked) return marked;
  }
  const entries = Object.entries<Value>(v);
  if (isMap(v)) return { kind: 'map', element: mapElement(v) ?? unifyTypes(entries.map(([, x]) => typeOfValue(x))) ?? ANY };
  const attributes = Object.create(null) as Record<string, HclType>;
  for (const [k, x] of entries) attributes[k] = typeOfValue(x);
  return { kind: 'object', attributes };
}

/**
 * The type the values can all convert to, undefined for none. `any` when no value needs a
 * conversion (all of one type already, or null), which spares copying them.
 */
export function commonType(items: Value[]): HclType | undefined {
  if (items.length === 0) return ANY;
  const types = items.map(typeOfValue);
  const type = unifyTypes(types);
  if (!type || types.every((t) => t.kind === 'any' || typesEqual(t, type))) return type && ANY;
  return type;
}

/** cty's unification of types; `any` types are left out. */
export function unifyTypes(all: HclType[]): HclType | undefined {
  const types = all.filter((t) => t.kind !== 'any');
  if (types.length === 0) return all.length > 0 ? ANY : undefined;
  const first = types[0]!;
  if (types.every((t) => typesEqual(t, first))) return first;
  const count = (kind: HclType['kind']) => types.filter((t) => t.kind === kind).length;
  const [maps, lists, sets, objects, tuples] = [count('map'), count('list'), count('set'), count('object'), count('tuple')];
  const n = types.length;
  if (maps === n) return unifyCollections('map', types);
  if (maps > 0 && maps + objects === n) {
    const t = unifyAsOne(types, 'object', objectsToMap, 'map');
    if (t) return t;
  } else if (lists === n) {
    return unifyCollections('list', types);
  } else if (lists > 0 && lists + tuples === n) {
    const t = unifyAsOne(types, 'tuple', tuplesToList, 'list');
    if (t) return t;
  } else if (sets === n) {
    return unifyCollections('set', types);
  } else if (objects === n) {
    return unifyObjects(types as ObjectType[]);
  } else if (tuples === n) {
    return unifyTuples(types as TupleType[]);
  } else if (objects > 0 && tuples > 0) {
    return undefined;
  }
  return mostGeneral(types);
}

type ObjectType = HclType & { kind: 'object' };
type TupleType = HclType & { kind: 'tuple' };

function unifyCollections(kind: 'map' | 'list' | 'set', types: HclType[]): HclType | undefined {
  const element = unifyTypes(types.map((t) => (t as { element: HclType }).element));
  return element && { kind, element };
}

/**
 * Objects among maps (tuples among lists) first unified as one map (list), which then has to
 * unify with the rest into a map (list); undefined sends the caller to the general rule.
 */
function unifyAsOne(
  types: HclType[],
  kind: 'object' | 'tuple',
  asOne: (ts: HclType[]) => HclType | undefined,
  want: 'map' | 'list',
): HclType | undefined {
  const one = asOne(types.filter((t) => t.kind === kind));
  if (!one) return undefined;
  const t = unifyTypes(types.map((x) => (x.kind === kind ? one : x)));
  return t?.kind === want ? t : undefined;
}

function objectsToMap(types: HclType[]): HclType | undefined {
  return unifyCollectionOf('map', types.flatMap((t) => Object.values((t as ObjectType).attributes)));
}

function tuplesToList(types: HclType[]): HclType | undefined {
  return unifyCollectionOf('list', types.flatMap((t) => (t as TupleType).elements));
}

/** A map or list of the types unified; undefined when there are none (cty has no type then). */
function unifyCollectionOf(kind: 'map' | 'list', elements: HclType[]): HclType | undefined {
  const element = elements.length > 0 ? unifyTypes(elements) : undefined;
  return element && { kind, element };
}

function unifyObjects(types: ObjectType[]): HclType | undefined {
  const names = Object.keys(types[0]!.attributes);
  const same = types.every((t) => {
    const these = Object.keys(t.attributes);
    return these.length === names.length && these.every((k) => names.includes(k));
  });
  if (!same) return objectsToMap(types);
  const attributes = Object.create(null) as Record<string, HclType>;
  for (const name of names) {
    const t = unifyTypes(types.map((o) => o.attributes[name]!));
    if (!t) return undefined;
    attributes[name] = t;
  }
  return { kind: 'object', attributes };
}

function unifyTuples(types: TupleType[]): HclType | undefined {
  const length = types[0]!.elements.length;
  if (types.some((t) => t.elements.length !== length)) return tuplesToList(types);
  const elements: HclType[] = [];
  for (let i = 0; i < length; i++) {
    const t = unifyTypes(types.map((tuple) => tuple.elements[i]!));
    if (!t) return undefined;
    elements.push(t);
  }
  return { kind: 'tuple', elements };
}

/** The first type, most general first, that every other one converts to. */
function mostGeneral(types: HclType[]): HclType | undefined {
  for (const want of preferenceOrder(types)) {
    if (types.every((t) => canConvert(t, want))) return want;
  }
  return undefined;
}

/** cty's sortTypes: a topological order of "more general than", ties kept in input order. */
function preferenceOrder(types: HclType[]): HclType[] {
  const after: number[][] = types.map(() => []);
  const inDegree = types.map(() => 0);
  for (let i = 0; i < types.length; i++) {
    for (let j = i + 1; j < types.length; j++) {
      const c = compareTypes(types[i]!, types[j]!);
      const [from, to] = c < 0 ? [i, j] : c > 0 ? [j, i] : [-1, -1];
      if (from < 0) continue;
      after[from]!.push(to);
      inDegree[to]!++;
    }
  }
  const queue = types.flatMap((_, i) => (inDegree[i] === 0 ? [i] : []));
  for (let q = 0; q < queue.length; q++) {
    for (const j of after[queue[q]!]!) if (--inDegree[j]! === 0) queue.push(j);
  }
  return queue.map((i) => types[i]!);
}

/** Negative when `a` is the more general (preferred) type, positive when `b` is, else 0. */
function compareTypes(a: HclType, b: HclType): number {
  const primitive = (t: HclType) => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
  if (primitive(a) && primitive(b)) {
    if (a.kind === 'string' || b.kind === 'string') return a.kind === b.kind ? 0 : a.kind === 'string' ? -1 : 1;
    return 0;
  }
  if (a.kind === b.kind && (a.kind === 'list' || a.kind === 'set' || a.kind === 'map')) {
    return compareTypes((a as { element: HclType }).element, (b as { element: HclType }).element);
  }
  const rank = (general: HclType['kind'], specific: HclType['kind'][]): number => {
    if (a.kind === general && specific.includes(b.kind)) return -1;
    if (b.kind === general && specific.includes(a.kind)) return 1;
    return 0;
  };
  const r = rank('set', ['tuple', 'list']) || rank('list', ['tuple']) || rank('map', ['object']);
  if (r !== 0) return r;
  if (a.kind === 'object' && b.kind === 'object') return compareMembers(a.attributes, b.attributes);
  if (a.kind === 'tuple' && b.kind === 'tuple') return compareMembers(indexed(a.elements), indexed(b.elements));
  return 0;
}

function indexed(types: HclType[]): Record<string, HclType> {
  return Object.fromEntries(types.map((t, i) => [String(i), t]));
}

/** Structures with the same members: the more general one has only more general members. */
function compareMembers(a: Record<string, HclType>, b: Record<string, HclType>): number {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length || keys.some((k) => !Object.hasOwn(b, k))) return 0;
  const cmps = keys.map((k) => compareTypes(a[k]!, b[k]!));
  const aSuper = cmps.some((c) => c < 0);
  const bSuper = cmps.some((c) => c > 0);
  return aSuper === bSuper ? 0 : aSuper ? -1 : 1;
}

/** Whether cty has an (unsafe) conversion from one type to the other. */
export function canConvert(from: HclType, to: HclType): boolean {
  if (from.kind === 'any' || to.kind === 'any' || typesEqual(from, to)) return true;
  switch (to.kind) {
    case 'string':
    case 'number':
    case 'bool':
      // Every primitive converts to a string, and a string (when it parses) to any primitive.
      return from.kind === 'string' || (to.kind === 'string' && (from.kind === 'number' || from.kind === 'bool'));
    case 'list':
    case 'set':
      if (from.kind === 'tuple') return from.elements.every((e) => canConvert(e, to.element));
      return (from.kind === 'list' || from.kind === 'set') && canConvert(from.element, to.element);
    case 'map':
      if (from.kind === 'object') return Object.values(from.attributes).every((e) => canConvert(e, to.element));
      return from.kind === 'map' && canConvert(from.element, to.element);
    case 'tuple':
      return (
        from.kind === 'tuple' && from.elements.length === to.elements.length && from.elements.every((e, i) => canConvert(e, to.elements[i]!))
      );
    case 'object':
      // Unsafe conversion may drop the attributes the target does not have.
      if (from.kind === 'map') return Object.values(to.attributes).every((t) => canConvert(from.element, t));
      // An absent optional attribute becomes null.
      return (
        from.kind === 'object' &&
        Object.entries(to.attributes).every(([k, t]) =>
          Object.hasOwn(from.attributes, k) ? canConvert(from.attributes[k]!, t) : (to.optional?.includes(k) ?? false),
        )
      );
  }
}

/**
 * cty's Equals on known values: equal values of the same type. A list is never equal to a tuple,
 * nor a map to an object, whatever their elements; nulls are equal whatever their types.
 */
export function ctyEquals(a: Value, b: Value): boolean {
  if (!valuesEqual(a, b)) return false;
  return !isStructural(a) || typesEqual(typeOfValue(a), typeOfValue(b));
}

export function typesEqual(a: HclType, b: HclType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list':
    case 'set':
    case 'map':
      return typesEqual(a.element, (b as typeof a).element);
    case 'tuple': {
      const e = (b as typeof a).elements;
      return a.elements.length === e.length && a.elements.every((t, i) => typesEqual(t, e[i]!));
    }
    case 'object': {
      const o = (b as typeof a).attributes;
      const keys = Object.keys(a.attributes);
      return keys.length === Object.keys(o).length && keys.every((k) => Object.hasOwn(o, k) && typesEqual(a.attributes[k]!, o[k]!));
    }
    default:
      return true;
  }
}

/**
 * Why two types have no common type, as HCL words it for a conditional's results: the first
 * attribute (by name) or element that differs, looking into objects, tuples and same-kind
 * collections of them.
 */
export function describeMismatch(t: HclType, f: HclType): string {
  if (t.kind === 'object' && f.kind === 'object') {
    const names = (o: typeof t) => Object.keys(o.attributes).sort(compareStrings);
    for (const name of names(t)) {
      if (!Object.hasOwn(f.attributes, name)) return `The 'true' value includes object attribute "${name}", which is absent in the 'false' value`;
      const [ta, fa] = [t.attributes[name]!, f.attributes[name]!];
      if (!typesEqual(ta, fa)) return `Type mismatch for object attribute "${name}": ${describeMismatch(ta, fa)}`;
    }
    const extra = names(f).find((name) => !Object.hasOwn(t.attributes, name));
    if (extra !== undefined) return `The 'false' value includes object attribute "${extra}", which is absent in the 'true' value`;
  } else if (t.kind === 'tuple' && f.kind === 'tuple') {
    if (t.elements.length !== f.elements.length) {
      return `The 'true' tuple has length ${t.elements.length}, but the 'false' tuple has length ${f.elements.length}`;
    }
    const i = t.elements.findIndex((e, n) => !typesEqual(e, f.elements[n]!));
    if (i >= 0) return `Type mismatch for tuple element ${i}: ${describeMismatch(t.elements[i]!, f.elements[i]!)}`;
  } else if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && t.kind === f.kind) {
    const [te, fe] = [t.element, (f as typeof t).element];
    if ((te.kind === 'object' && fe.kind === 'object') || (te.kind === 'tuple' && fe.kind === 'tuple')) {
      return `Mismatched ${t.kind} element types: ${describeMismatch(te, fe)}`;
    }
  }
  const [tn, fn] = [friendlyTypeName(t), friendlyTypeName(f)];
  if (tn === fn) return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value";
  return `The 'true' value is ${tn}, but the 'false' value is ${fn}`;
}
