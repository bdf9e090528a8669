// cty's type conversion on plain values: what `variable { type = ... }`, function parameters,
// operators and `convert()` all apply. Messages follow cty so diagnostics read like buildx's:
// a kind that can never convert says "<type> required" (with an `element N:` or `attribute "x":`
// prefix when nested), a value that fails to parse says "a number is required".
import { compareStrings } from './functions/define.js';
import { friendlyTypeName, type HclType } from './types.js';
import { compareByHash } from './set-hash.js';
import { canConvert, commonType, typeOfValue, unifyTypes } from './unify.js';
import { BigNum, compare, formatNumber, isNum, parseNumber, type Num } from './number.js';
import { isObject, makeMap, makeObject, markedType, markSequence, type Value, type ValueObject } from './value.js';

export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    message: string,
    /** True when the value's kind can never convert (cty's type-level mismatch). */
    readonly typeLevel = false,
  ) {
    super(message);
  }
}

/**
 * The value converted to `type`; throws ConversionError. null converts to null of any type. As
 * cty, the types are checked first: when the value's type cannot convert at all, the error names
 * the first part that cannot (mismatchMessage) even if another part would fail on its value.
 */
export function convertValue(value: Value, type: HclType): Value {
  try {
    return convertTo(value, type);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    // Only on failure: the value's whole type is not needed when the conversion succeeds.
    const mismatch = mismatchMessage(typeOfValue(value), type);
    throw mismatch === undefined ? err : new ConversionError(mismatch, true);
  }
}

function convertTo(value: Value, type: HclType): Value {
  if (value === null) return null;
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      return toStringValue(value);
    case 'number':
      return toNumberValue(value);
    case 'bool':
      return toBoolValue(value);
    case 'list':
    case 'set':
      return toSequence(value, type);
    case 'map':
      return toMap(value, type.element);
    case 'tuple':
      return toTuple(value, type.elements);
    case 'object':
      return toObjectType(value, type);
  }
}

/**
 * cty's MismatchMessage: why `got` cannot convert to `want` at all, undefined when it can. Missing
 * object attributes come first (all of them, sorted), then the first attribute or element whose
 * type cannot convert; structures and collections of other kinds are just "<type> required".
 */
function mismatchMessage(got: HclType, want: HclType): string | undefined {
  if (canConvert(got, want)) return undefined;
  const required = `${friendlyTypeName(want, true)} required`;
  if (got.kind === 'object' && want.kind === 'object') return objectMismatch(got, want);
  if (want.kind === 'list' || want.kind === 'set' || want.kind === 'map') {
    const element = want.element;
    if (element.kind === 'any' && ((got.kind === 'tuple' && want.kind !== 'map') || (got.kind === 'object' && want.kind === 'map'))) {
      return `all ${want.kind} elements must have the same type`;
    }
    if (got.kind === 'tuple' && want.kind !== 'map') return firstBadElement(got.elements.map((t, i) => [String(i), t]), element) ?? required;
    if (got.kind === 'object' && want.kind === 'map') return firstBadElement(Object.entries(got.attributes).map(([k, t]) => [JSON.stringify(k), t]), element) ?? required;
    const fromCollection = want.kind === 'map' ? got.kind === 'map' : got.kind === 'list' || got.kind === 'set';
    if (fromCollection) return `incorrect ${want.kind} element type: ${mismatchMessage((got as { element: HclType }).element, element)}`;
  }
  return required;
}

function firstBadElement(members: [string, HclType][], want: HclType): string | undefined {
  for (const [at, t] of members) {
    const why = mismatchMessage(t, want);
    if (why !== undefined) return `element ${at}: ${why}`;
  }
  return `all elements must be ${friendlyTypeName(want, true)}`;
}

function objectMismatch(got: HclType & { kind: 'object' }, want: HclType & { kind: 'object' }): string {
  const optional = new Set(want.optional ?? []);
  const names = Object.keys(want.attributes);
  const missing = names.filter((k) => !Object.hasOwn(got.attributes, k) && !optional.has(k)).sort(compareStrings);
  if (missing.length === 1) return `attribute ${JSON.stringify(missing[0])} is required`;
  if (missing.length > 1) {
    const quoted = missing.map((k) => JSON.stringify(k));
    const list = quoted.length === 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
    return `attributes ${list} are required`;
  }
  for (const k of names) {
    if (!Object.hasOwn(got.attributes, k)) continue;
    const why = mismatchMessage(got.attributes[k]!, want.attributes[k]!);
    if (why !== undefined) return `attribute ${JSON.stringify(k)}: ${why}`;
  }
  return 'incorrect object attributes';
}

/** "<type> required", with cty's name for the type constraint. */
function required(type: HclType): never {
  throw new ConversionError(`${friendlyTypeName(type, true)} required`, true);
}

function toStringValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (isNum(v)) return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return required({ kind: 'string' });
}

function toNumberValue(v: Value): Num {
  if (isNum(v)) return v;
  if (typeof v !== 'string') return required({ kind: 'number' });
  // big.Float's decimal syntax as cty parses it: no hex, no underscores, no surrounding spaces.
  const n = parseNumber(v);
  if (n === undefined) throw new ConversionError('a number is required');
  return n;
}

function toBoolValue(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return required({ kind: 'bool' });
  // cty accepts "1"/"0" too, and hints at the lowercase spelling.
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  const lower = v.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    throw new ConversionError(`a bool is required; to convert from string, use lowercase "${lower}"`);
  }
  throw new ConversionError('a bool is required');
}

/**
 * Runs one nested conversion, prefixing type-level failures with where they happened: `element 0`
 * for an index, `element "k"` for a map key, `attribute "k"` for an object attribute. The prefix
 * is only written for a failure: conversions of every map and list element pass through here.
 */
function nested(v: Value, type: HclType, at: number | string, what: 'element' | 'attribute' = 'element'): Value {
  try {
    return convertTo(v, type);
  } catch (err) {
    if (err instanceof ConversionError && err.typeLevel) {
      const where = `${what} ${typeof at === 'number' ? at : JSON.stringify(at)}`;
      throw new ConversionError(`${where}: ${err.message}`, true);
    }
    throw err;
  }
}

function toSequence(v: Value, type: HclType & { kind: 'list' | 'set' }): Value[] {
  if (!Array.isArray(v)) return required(type);
  const element = type.element.kind === 'any' ? unifiedType(v, type.kind, markedType(v)) : type.element;
  const items = v.map((x, i) => nested(x, element, i));
  return type.kind === 'set' ? toSet(items, element) : markSequence(items, 'list', element);
}

function toMap(v: Value, elementType: HclType): ValueObject {
  if (!isObject(v)) return required({ kind: 'map', element: elementType });
  const element = elementType.kind === 'any' ? unifiedType(Object.values(v), 'map', markedType(v)) : elementType;
  return makeMap(Object.entries(v).map(([k, x]) => [k, nested(x, element, k)]), element);
}

function toTuple(v: Value, elements: HclType[]): Value[] {
  if (!Array.isArray(v) || v.length !== elements.length) return required({ kind: 'tuple', elements });
  return v.map((x, i) => nested(x, elements[i]!, i));
}

function toObjectType(v: Value, type: HclType & { kind: 'object' }): ValueObject {
  if (!isObject(v)) return required(type);
  const optional = new Set(type.optional ?? []);
  const out = makeObject();
  for (const [name, attrType] of Object.entries(type.attributes)) {
    if (!Object.hasOwn(v, name)) {
      if (!optional.has(name)) throw new ConversionError(`attribute ${JSON.stringify(name)} is required`, true);
      out[name] = null;
      continue;
    }
    out[name] = nested(v[name]!, attrType, name, 'attribute');
  }
  return out;
}

/**
 * The element type of list(any), set(any), map(any): the elements' unified type (unify.ts), typed
 * nulls included when the tuple or object recorded their types.
 */
function unifiedType(items: Value[], kind: 'list' | 'set' | 'map', marked: HclType | undefined): HclType {
  const recorded = marked?.kind === 'tuple' ? marked.elements : marked?.kind === 'object' ? Object.values(marked.attributes) : undefined;
  const type = recorded ? unifyTypes(recorded) : commonType(items);
  if (type) return type;
  throw new ConversionError(`all ${kind} elements must have the same type`, true);
}

/**
 * A set's elements: de-duplicated and sorted as cty orders them (numbers by value, strings by
 * bytes), marked as a set (of `element`, when known).
 */
export function toSet(items: Value[], element?: HclType): Value[] {
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = setKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return markSequence(out.sort(compareSetElements), 'set', element);
}

/** Elements equal in cty share a key: numbers by their printed form, as cty compares them. */
function setKey(item: Value): string {
  return JSON.stringify(item, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof BigNum ? `number ${formatNumber(original)}` : value;
  });
}

function compareSetElements(a: Value, b: Value): number {
  // cty sorts a null element after every other.
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  if (isNum(a) && isNum(b)) return compare(a, b);
  // Go compares strings by their UTF-8 bytes.
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareByHash(a, b);
}

