// `for` expressions, and the iteration order shared with template `%{for}`: sequences by index,
// objects and maps by key in lexical order (cty's order).
import type { Range } from '../../errors.js';
import type { ForExpr } from './ast.js';
import { coerceBool } from './eval-coerce.js';
import { fail } from './eval-errors.js';
import type { Evaluate } from './eval.js';
import { templateString } from './eval-template.js';
import type { Scope } from './scope.js';
import type { HclType } from './types.js';
import { nullType } from './eval-null-type.js';
import { typeOfValue } from './unify.js';
import { isMap, isObject, isStructural, makeObject, markType, markedType, sequenceMark, typeName, type Value, type ValueObject } from './value.js';

/** The (key, value) pairs of a collection, or an HCL error for null and non-collections. */
export function iterate(coll: Value, range: Range): [Value, Value][] {
  if (coll === null) {
    fail('Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", range);
  }
  // A set's elements are their own keys in cty.
  if (Array.isArray(coll)) return sequenceMark(coll)?.kind === 'set' ? coll.map((v) => [v, v]) : coll.map((v, i) => [i, v]);
  if (isObject(coll)) return sortedKeys(coll).map((k) => [k, coll[k]!]);
  return fail(
    'Iteration over non-iterable value',
    `A value of type ${typeName(coll)} cannot be used as the collection in a 'for' expression.`,
    range,
  );
}

/** An object's keys in cty order (byte-wise lexical, unlike JS's integer-first order). */
export function sortedKeys(obj: object): string[] {
  return Object.keys(obj).sort(compareKeys);
}

/** An object value whose keys are in cty order, so that printing and iteration agree. */
export function sortedObject(entries: [string, Value][]): Value {
  return makeObject([...entries].sort(compareEntries));
}

function compareEntries(a: [string, Value], b: [string, Value]): number {
  return compareKeys(a[0], b[0]);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function evalFor(expr: ForExpr, scope: Scope, evaluate: Evaluate): Value {
  const items: Value[] = [];
  const grouped = new Map<string, Value[]>();
  const byKey = new Map<string, Value>();
  const coll = evaluate(expr.collection, scope);
  // A null result keeps its type: `[for v in c : v]` passes on c's typed nulls (regex's unmatched
  // groups), `c ? null : "s"` is a null string.
  const passthrough = expr.valueExpr.kind === 'variable' && expr.valueExpr.name === expr.valueVar;
  const collType = passthrough && recordsNulls(coll) ? typeOfValue(coll) : undefined;
  // The element types, made only once a typed null turns up (most for expressions have none).
  let types: HclType[] | undefined;
  // The types of an object result's typed nulls, by key (made only once one turns up).
  let nullTypes: Map<string, HclType> | undefined;
  for (const [key, value] of iterate(coll, expr.collection.range)) {
    const vars: [string, Value][] = [[expr.valueVar, value]];
    if (expr.keyVar !== undefined) vars.push([expr.keyVar, key]);
    const inner = scope.child(vars);
    if (expr.cond && !forCondition(evaluate(expr.cond, inner), expr)) continue;
    if (!expr.keyExpr) {
      const item = evaluate(expr.valueExpr, inner);
      if (item !== null) {
        types?.push(typeOfValue(item));
      } else {
        const t = collType ? elementType(collType, key) : nullType(expr.valueExpr, inner);
        if (t && t.kind !== 'any') (types ??= items.map(typeOfValue)).push(t);
        else types?.push(ANY);
      }
      items.push(item);
      continue;
    }
    const k = objectKey(evaluate(expr.keyExpr, inner), expr);
    const v = evaluate(expr.valueExpr, inner);
    if (expr.group) {
      grouped.set(k, [...(grouped.get(k) ?? []), v]);
    } else if (byKey.has(k)) {
      fail(
        'Duplicate object key',
        `Two different items produced the key "${k}" in this 'for' expression. If duplicates are expected, ` +
          'use the ellipsis (...) after the value expression to enable grouping by key.',
        expr.keyExpr.range,
      );
    } else {
      byKey.set(k, v);
      if (v === null) {
        const t = collType ? elementType(collType, key) : nullType(expr.valueExpr, inner);
        if (t && t.kind !== 'any') (nullTypes ??= new Map()).set(k, t);
      }
    }
  }
  if (!expr.keyExpr) return types ? markType(items, { kind: 'tuple', elements: types }) : items;
  const entries = expr.group ? [...grouped] : [...byKey];
  const obj = sortedObject(entries) as ValueObject;
  if (!nullTypes) return obj;
  // The object records its typed nulls' types, as the object constructor does.
  const attributes = Object.create(null) as Record<string, HclType>;
  for (const [k, v] of entries) attributes[k] = nullTypes.get(k) ?? typeOfValue(v);
  return markType(obj, { kind: 'object', attributes });
}

/** The type of the element at `key` of a sequence of type `t`. */
function elementType(t: HclType, key: Value): HclType {
  if (t.kind === 'tuple') return t.elements[key as number] ?? ANY;
  if (t.kind === 'object') return t.attributes[key as string] ?? ANY;
  return t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.element : ANY;
}

/** Whether a collection's type may give its null elements a type (a tuple or map holding nulls, a marked object). */
function recordsNulls(coll: Value): boolean {
  if (Array.isArray(coll)) return coll.includes(null);
  if (!isObject(coll)) return false;
  if (markedType(coll)) return true;
  if (!isMap(coll)) return false;
  for (const k in coll) if (coll[k] === null) return true;
  return false;
}

const ANY: HclType = { kind: 'any' };

function forCondition(v: Value, expr: ForExpr): boolean {
  const range = expr.cond!.range;
  const c = coerceBool(v);
  if (!c.ok) fail("Invalid 'for' condition", "The 'if' clause value is invalid: bool required.", range);
  if (c.value === null) fail("Invalid 'for' condition", "The value of the 'if' clause must not be null.", range);
  return c.value;
}

function objectKey(v: Value, expr: ForExpr): string {
  const range = expr.keyExpr!.range;
  if (v === null) fail('Invalid object key', "Key expression in 'for' expression must not produce a null value.", range);
  if (isStructural(v)) fail('Invalid object key', 'The key expression produced an invalid result: string required.', range);
  return templateString(v, range);
}
