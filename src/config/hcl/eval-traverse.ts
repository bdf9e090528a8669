// Traversals: attribute access, indexing, splats, and `target.<name>.<attr>` references to
// other blocks, which are resolved lazily through the scope's globals.
import type { Range } from '../../errors.js';
import type { Expr, GetAttrExpr, IndexExpr, SplatExpr } from './ast.js';
import { coerceNumber } from './eval-coerce.js';
import { fail } from './eval-errors.js';
import { nullType } from './eval-null-type.js';
import { templateString } from './eval-template.js';
import type { Evaluate } from './eval.js';
import { ANON_NAME, type BlockRoot, type Scope } from './scope.js';
import { compare, isInteger, isNum, toFloat64 } from './number.js';
import type { HclType } from './types.js';
import { typeOfValue } from './unify.js';
import { isMap, isObject, isStructural, markedType, markSequence, markType, sequenceMark, typeName, type Value } from './value.js';

export function evalGetAttr(expr: GetAttrExpr, scope: Scope, evaluate: Evaluate): Value {
  const ref = blockReference(expr, scope);
  if (ref !== undefined) return ref;
  return getAttr(evaluate(expr.object, scope), expr.name, stepRange(expr.nameRange, expr.nameRange));
}

export function evalIndex(expr: IndexExpr, scope: Scope, evaluate: Evaluate): Value {
  const coll = evaluate(expr.object, scope);
  return indexValue(coll, evaluate(expr.key, scope), stepRange(expr.key.range, expr.range));
}

/** HCL reports a traversal error at its step (`.name`, `[key]`): from the dot or bracket on. */
function stepRange(first: Range, last: Range): Range {
  const s = first.start;
  const start = s.column > 1 ? { line: s.line, column: s.column - 1, byte: s.byte - 1 } : s;
  return { filename: first.filename, start, end: last.end };
}

export function evalSplat(expr: SplatExpr, scope: Scope, evaluate: Evaluate): Value {
  const source = evaluate(expr.source, scope);
  if (source === null && isSequenceType(nullType(expr.source, scope))) {
    fail('Splat of null value', 'Splat expressions (with the * symbol) cannot be applied to null sequences.', expr.source.range);
  }
  const items = source === null ? [] : Array.isArray(source) ? source : [source];
  const out = items.map((item) => evaluate(expr.each, scope.child([[ANON_NAME, item]])));
  // A list or a set gives a list (a tuple anything else), as HCL types the result; `t[*]` is a
  // tuple of t's own elements, so it keeps the types t records for its nulls.
  if (!Array.isArray(source)) return out;
  if (sequenceMark(source)) return markSequence(out, 'list');
  const recorded = expr.each.kind === 'anon' ? markedType(source) : undefined;
  return recorded ? markType(out, recorded) : out;
}

function isSequenceType(t: HclType | undefined): boolean {
  return t?.kind === 'list' || t?.kind === 'set' || t?.kind === 'tuple';
}

/** `obj.name`; a numeric name is an index (`list.0`), as HCL parses it, whatever `obj` is. */
export function getAttr(obj: Value, name: string, range: Range): Value {
  if (/^\d+$/.test(name)) return indexValue(obj, Number(name), range);
  if (obj === null) {
    fail('Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.', range);
  }
  if (isObject(obj)) {
    if (Object.hasOwn(obj, name)) return obj[name]!;
    if (isMap(obj)) return fail('Missing map element', `This map does not have an element with the key "${name}".`, range);
    return fail('Unsupported attribute', `This object does not have an attribute named "${name}".`, range);
  }
  if (Array.isArray(obj)) return fail('Unsupported attribute', listAttributeHint(obj, name), range);
  return fail('Unsupported attribute', `Can't access attributes on a primitive-typed value (${typeName(obj)}).`, range);
}

/** `coll[key]` with HCL's rules: sequences take whole numbers in range, objects take strings. */
export function indexValue(coll: Value, key: Value, range: Range): Value {
  if (coll === null) fail('Attempt to index null value', 'This value is null, so it does not have any indices.', range);
  if (key === null) fail('Invalid index', "Can't use a null value as an indexing key.", range);
  if (Array.isArray(coll)) return indexSequence(coll, key, range);
  if (isObject(coll)) {
    if (isStructural(key)) invalidIndex(range, 'string required');
    const k = templateString(key, range);
    if (Object.hasOwn(coll, k)) return coll[k]!;
    if (isNum(key) && !isMap(coll)) {
      return fail('Invalid index', `${NO_ELEMENT}. An object only supports looking up attributes by name, not by numeric index.`, range);
    }
    return invalidIndex(range);
  }
  return fail('Invalid index', 'This value does not have any indices.', range);
}

function indexSequence(seq: Value[], key: Value, range: Range): Value {
  if (sequenceMark(seq)?.kind === 'set') {
    fail(
      'Invalid index',
      "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
      range,
    );
  }
  const n = coerceNumber(key);
  if (!n.ok) return invalidIndex(range, n.message);
  const i = n.value!;
  if (!isInteger(i)) {
    return invalidIndex(range, 'indexing a sequence requires a whole number, but the given index has a fractional part');
  }
  if (compare(i, 0) < 0) return invalidIndex(range, 'a negative number is not a valid index for a sequence');
  // A whole number; cty's Go-int ones (from length() and the like) are BigNums.
  const at = typeof i === 'number' ? i : toFloat64(i);
  if (at >= seq.length) {
    if (seq.length === 0) return invalidIndex(range, 'the collection has no elements');
    return invalidIndex(range, 'the given index is greater than or equal to the length of the collection');
  }
  return seq[at]!;
}

const NO_ELEMENT = 'The given key does not identify an element in this collection value';

function invalidIndex(range: Range, why?: string): never {
  return fail('Invalid index', why ? `${NO_ELEMENT}: ${why}.` : `${NO_ELEMENT}.`, range);
}

/** HCL's hint for an attribute of a list or set of objects (a common slip for one element's). */
function listAttributeHint(seq: Value[], name: string): string {
  const t = typeOfValue(seq);
  if ((t.kind === 'list' || t.kind === 'set') && t.element.kind === 'object') {
    if (t.kind === 'set') return "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?";
    const which = Object.hasOwn(t.element.attributes, name) ? `attribute ${JSON.stringify(name)}` : 'an attribute';
    return `Can't access attributes on a list of objects. Did you mean to access ${which} for a specific element of the list, or across all elements of the list?`;
  }
  return 'This value does not have any attributes.';
}

/**
 * `target.x.attr` or `target.x` when `target` is a block root (not shadowed by a local name):
 * the referenced block's attribute, evaluated on demand. Undefined when `expr` is no reference.
 */
function blockReference(expr: GetAttrExpr, scope: Scope): Value | undefined {
  const resolve = scope.globals.reference?.bind(scope.globals);
  if (!resolve) return undefined;
  const inner = expr.object;
  const root = rootName(inner);
  if (root && !scope.hasLocal(root)) return resolve(root, expr.name, undefined, expr.range);
  if (inner.kind !== 'getattr') return undefined;
  const outerRoot = rootName(inner.object);
  if (!outerRoot || scope.hasLocal(outerRoot)) return undefined;
  return resolve(outerRoot, inner.name, expr.name, expr.range);
}

function rootName(e: Expr): BlockRoot | undefined {
  if (e.kind !== 'variable') return undefined;
  return e.name === 'target' || e.name === 'group' ? e.name : undefined;
}
