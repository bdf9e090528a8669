// The expression evaluator: one function per AST node kind, cty semantics on plain values.
// Errors are SourceErrors at the node's range, worded as HCL words them.
import { isUserError } from '../../errors.js';
import type { ConditionalExpr, Expr, ObjectExpr, VariableExpr } from './ast.js';
import { callFunction } from './eval-call.js';
import { coerceBool } from './eval-coerce.js';
import { fail, HostError, suggestion } from './eval-errors.js';
import { evalFor, sortedObject } from './eval-for.js';
import { evalBinary, evalUnary } from './eval-operators.js';
import { evalTemplate, templateString } from './eval-template.js';
import { evalGetAttr, evalIndex, evalSplat } from './eval-traverse.js';
import { ANON_NAME, type Scope } from './scope.js';
import { span } from './source-range.js';
import { ConversionError, convertValue } from './convert.js';
import { nullType } from './eval-null-type.js';
import type { HclType } from './types.js';
import { commonType, describeMismatch, typeOfValue, unifyTypes } from './unify.js';
import { isStructural, type Value } from './value.js';

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
      return expr.items.map((item) => evaluate(item, scope));
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
    entries.push([templateString(key, item.key.range), evaluate(item.value, scope)]);
  }
  return sortedObject(entries);
}

/**
 * `c ? a : b`. Errors in the branch not taken are ignored, as HCL discards its diagnostics;
 * the result is converted to the type both results unify to (unify.ts), nested.
 */
function evalConditional(expr: ConditionalExpr, scope: Scope): Value {
  const cond = conditionBool(evaluate(expr.cond, scope), expr);
  const [taken, other] = cond ? [expr.then, expr.else] : [expr.else, expr.then];
  const result = evaluate(taken, scope);
  let otherValue: Value;
  try {
    otherValue = evaluate(other, scope);
  } catch (err) {
    if (!isUserError(err) || err instanceof HostError) throw err;
    return result;
  }
  return unifyResults(result, otherValue, cond, expr, scope);
}

function conditionBool(v: Value, expr: ConditionalExpr): boolean {
  const c = coerceBool(v);
  if (!c.ok) return fail('Incorrect condition type', 'The condition expression must be of type bool.', expr.cond.range);
  if (c.value === null) {
    return fail('Null condition', 'The condition value is null. Conditions must either be true or false.', expr.cond.range);
  }
  return c.value;
}

/**
 * The result converted to the type both results unify to. A null takes the other's type, unless
 * it is a typed null (eval-null-type.ts), whose type must unify with the other's as in cty.
 */
function unifyResults(result: Value, other: Value, thenTaken: boolean, expr: ConditionalExpr, scope: Scope): Value {
  const [t, f] = thenTaken ? [result, other] : [other, result];
  let type: HclType | undefined;
  if (t === null || f === null) {
    const tt = t === null ? nullType(expr.then, scope) : typeOfValue(t);
    const ft = f === null ? nullType(expr.else, scope) : typeOfValue(f);
    if (!tt || !ft) return result;
    type = unifyTypes([tt, ft]);
    if (!type) return inconsistent(tt, ft, expr);
    if (result === null) return null;
  } else {
    type = commonType([t, f]);
    if (!type) return inconsistent(typeOfValue(t), typeOfValue(f), expr);
  }
  try {
    return convertValue(result, type);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    const which = thenTaken ? 'true' : 'false';
    return fail(INCONSISTENT, `The ${which} result value has the wrong type: ${err.message}.`, (thenTaken ? expr.then : expr.else).range);
  }
}

const INCONSISTENT = 'Inconsistent conditional result types';

function inconsistent(t: HclType, f: HclType, expr: ConditionalExpr): never {
  const why = describeMismatch(t, f);
  // HCL reports it from the start of the true result to the end of the false one.
  return fail(INCONSISTENT, `The true and false result expressions must have consistent types. ${why}.`, span(expr.then.range, expr.else.range));
}
