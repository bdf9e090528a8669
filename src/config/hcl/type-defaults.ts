// The defaults of `optional(T, default)` object attributes, applied to a value before it is
// converted to its type constraint, as HCL's typeexpr Defaults.Apply does:
// - a null value is left alone (a null attribute *inside* an object does get its default);
// - in an object or map value, every attribute with a declared default that is missing or null
//   gets the default (itself given the defaults nested in its own type);
// - the defaults nested deeper reach the elements of lists, sets and maps (every element), the
//   elements of tuples (by position) and the attributes of objects (by name);
// - a value whose shape does not match the type is left for the conversion to reject.
import type { HclType } from './types.js';
import { isMap, isObject, makeMap, makeObject, type Value } from './value.js';

export function applyDefaults(v: Value, type: HclType): Value {
  if (v === null || !hasDefaults(type)) return v;
  if (Array.isArray(v)) return v.map((x, i) => applyChild(x, type, i));
  if (!isObject(v)) return v;
  const entries: [string, Value][] = Object.entries<Value>(v).map(([k, x]) => [k, applyChild(x, type, k)]);
  if (type.kind === 'object' && type.defaults) {
    for (const [name, value] of Object.entries(type.defaults)) {
      const at = entries.findIndex(([k]) => k === name);
      if (at >= 0 && entries[at]![1] !== null) continue;
      const filled = applyDefaults(value, type.attributes[name]!);
      if (at >= 0) entries[at]![1] = filled;
      else entries.push([name, filled]);
    }
  }
  return isMap(v) ? makeMap(entries) : makeObject(entries);
}

/** An element or attribute with the defaults its place in the type holds, if any. */
function applyChild(v: Value, type: HclType, key: number | string): Value {
  const child = childType(type, key);
  return child ? applyDefaults(v, child) : v;
}

function childType(type: HclType, key: number | string): HclType | undefined {
  if (typeof key === 'number' && type.kind === 'tuple') return type.elements[key];
  if (typeof key === 'string' && type.kind === 'object') return type.attributes[key];
  return type.kind === 'list' || type.kind === 'set' || type.kind === 'map' ? type.element : undefined;
}

function hasDefaults(type: HclType): boolean {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return hasDefaults(type.element);
    case 'tuple':
      return type.elements.some(hasDefaults);
    case 'object':
      return type.defaults !== undefined || Object.values(type.attributes).some(hasDefaults);
    default:
      return false;
  }
}
