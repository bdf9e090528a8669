// The expression evaluator: one function per AST node kind, cty semantics on plain values.
// Errors are SourceErrors at the node's range, worded as HCL words them.
import type { ConditionalExpr, Expr, ObjectExpr, TupleExpr, VariableExpr } from './ast.js';
import { callFunction } from './eval-call.js';
import { conditionValue } from './eval-coerce.js';
import { attempt, fail, suggestion } from './eval-errors.js';
import { evalFor, sortedObject } from './eval-for.js';
import { evalBinary, evalUnary } from './eval-operators.js';
import { evalTemplate, templateString } from './eval-template.js';
import { evalGetAttr, evalIndex, evalSplat } from './eval-traverse.js';
import { nfc } from './nfc.js';
import { ANON_NAME, type Scope } from './scope.js';
import { span } from './source-range.js';
import { ConversionError, convertValue } from './convert.js';
import { failedType, nullType, Typed } from './eval-null-type.js';
import type { HclType } from './types.js';
import { commonType, describeMismatch, typeOfValue, unifyTypes } from './unify.js';
import { isStructural, markType, type Value, type ValueObject } from './value.js';

/** Evaluates an expression in a scope. */
export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return evalTemplate(expr, scope, evaluate);
    case 'variable':
      return evalVariable(expr, scope);
    case 'anon':
      return scope.lookup(ANON_NAME, expr.range) ?? null;
    case 'getattr':
      return evalGetAttr(expr, scope, evaluate);
    case 'index':
      return evalIndex(expr, scope, evaluate);
    case 'splat':
      return evalSplat(expr, scope, evaluate);
    case 'call':
      return callFunction(expr, scope, evaluate);
    case 'tuple':
      return evalTuple(expr, scope);
    case 'object':
      return evalObject(expr, scope);
    case 'conditional':
      return evalConditional(expr, scope);
    case 'binary':
      return evalBinary(expr, scope, evaluate);
    case 'unary':
      return evalUnary(expr, scope, evaluate);
    case 'for':
      return evalFor(expr, scope, evaluate);
    case 'paren':
      return evaluate(expr.expr, scope);
  }
}

/** The signature sub-evaluators receive, so they can recurse without an import cycle. */
export type Evaluate = typeof evaluate;

function evalVariable(expr: VariableExpr, scope: Scope): Value {
  const v = scope.lookup(expr.name, expr.range);
  if (v !== undefined) return v;
  const hint = suggestion(expr.name, scope.names());
  return fail('Unknown variable', `There is no variable named "${expr.name}".${hint}`, expr.range);
}

/** Tuple constructor; a typed null among the elements keeps its type in the tuple's. */
function evalTuple(expr: TupleExpr, scope: Scope): Value {
  const items = expr.items.map((item) => evaluate(item, scope));
  if (!items.includes(null)) return items;
  let typed = false;
  const elements = items.map((v, i): HclType => {
    if (v !== null) return typeOfValue(v);
    const t = nullType(expr.items[i]!, scope);
    if (t) typed = true;
    return t ?? ANY;
  });
  return typed ? markType(items, { kind: 'tuple', elements }) : items;
}

/** Object constructor: keys are strings (numbers and bools convert); cty keeps keys sorted. */
function evalObject(expr: ObjectExpr, scope: Scope): Value {
  const entries: [string, Value][] = [];
  for (let i = 0; i < expr.items.length; i++) {
    const item = expr.items[i]!;
    const key = evaluate(item.key, scope);
    if (key === null) fail('Null value as key', "Can't use a null value as a key.", item.key.range);
    if (isStructural(key)) {
      fail('Incorrect key type', `Can't use this value as a key: string required.`, item.key.range);
    }
    entries.push([nfc(templateString(key, item.key.range)), evaluate(item.value, scope)]);
  }
  const obj = sortedObject(entries) as ValueObject;
  // A typed null among the values keeps its type in the object's, as in a tuple.
  let attributes: Record<string, HclType> | undefined;
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (v !== null || obj[k] !== null) continue;
    const t = nullType(expr.items[i]!.value, scope);
    if (!t) continue;
    if (!attributes) {
      attributes = Object.create(null) as Record<string, HclType>;
      for (const name of Object.keys(obj)) attributes[name] = typeOfValue(obj[name]!);
    }
    attributes[k] = t;
  }
  return attributes ? markType(obj, { kind: 'object', attributes }) : obj;
}

/**
 * `c ? a : b` as HCL evaluates it: both results first, their types unified (an inconsistency is
 * reported even before the condition's errors), then the condition; errors of the result not
 * taken are dropped. The result is converted to the unified type (unify.ts), nested.
 */
function evalConditional(expr: ConditionalExpr, scope: Scope): Value {
  const then = attempt(() => evaluate(expr.then, scope));
  const otherwise = attempt(() => evaluate(expr.else, scope));
  const type = resultType(then.error ? failedType(expr.then) : then.value, otherwise.error ? failedType(expr.else) : otherwise.value, expr, scope);
  const cond = conditionValue(evaluate(expr.cond, scope), expr.cond.range);
  const taken = cond ? then : otherwise;
  if (taken.error) throw taken.error;
  const result = taken.value;
  if (result === null || type === undefined) return result;
  try {
    return convertValue(result, type);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    const which = cond ? 'true' : 'false';
    return fail(INCONSISTENT, `The ${which} result value has the wrong type: ${err.message}.`, (cond ? expr.then : expr.else).range);
  }
}

/**
 * The type both results convert to; undefined when no conversion is needed or a type is not
 * known. Each result is a value, or for one that failed to evaluate the type HCL still gives it
 * (eval-null-type.ts). A null takes the other's type, unless it is a typed null, whose type must
 * unify with the other's as in cty.
 */
function resultType(t: Value | Typed, f: Value | Typed, expr: ConditionalExpr, scope: Scope): HclType | undefined {
  if (t === null || f === null || t instanceof Typed || f instanceof Typed) {
    const tt = typeOf(t, expr.then, scope);
    const ft = typeOf(f, expr.else, scope);
    if (!tt || !ft) return undefined;
    return unifyTypes([tt, ft]) ?? inconsistent(tt, ft, expr);
  }
  return commonType([t, f]) ?? inconsistent(typeOfValue(t), typeOfValue(f), expr);
}

function typeOf(v: Value | Typed, e: Expr, scope: Scope): HclType | undefined {
  if (v instanceof Typed) return v.type;
  return v === null ? nullType(e, scope) : typeOfValue(v);
}

const ANY: HclType = { kind: 'any' };

const INCONSISTENT = 'Inconsistent conditional result types';

function inconsistent(t: HclType, f: HclType, expr: ConditionalExpr): never {
  const why = describeMismatch(t, f);
  // HCL reports it from the start of the true result to the end of the false one.
  return fail(INCONSISTENT, `The true and false result expressions must have consistent types. ${why}.`, span(expr.then.range, expr.else.range));
}
