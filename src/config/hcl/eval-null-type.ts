// Types HCL knows where our values carry none. A null read from a typed variable (a `type = string`
// variable without a value, an absent optional attribute) is a typed null in cty: a conditional's
// results must still unify with it, and a splat of a null list fails where a null of another type
// gives []. An operator or a template that failed still has its result type (cty's unknown value
// of that type), which a conditional unifies before it reports the failure.
import type { CallExpr, Expr } from './ast.js';
import { isNum, toFloat64 } from './number.js';
import { attempt } from './eval-errors.js';
import { evaluate } from './eval.js';
import { parseTypeExpr } from './typeexpr.js';
import type { Scope } from './scope.js';
import type { HclType } from './types.js';
import { typeOfValue, unifyTypes } from './unify.js';
import { isStructural } from './value.js';

/** The declared type `expr` reads through (variable, attribute and index steps); undefined when unknown. */
export function nullType(expr: Expr, scope: Scope): HclType | undefined {
  const t = declaredType(expr, scope) ?? recordedType(expr, scope);
  return t?.kind === 'any' ? undefined : t;
}

function declaredType(expr: Expr, scope: Scope): HclType | undefined {
  switch (expr.kind) {
    case 'paren':
      return declaredType(expr.expr, scope);
    case 'variable':
      return scope.hasLocal(expr.name) ? undefined : scope.globals.variableType?.(expr.name);
    case 'getattr':
      return memberType(declaredType(expr.object, scope), expr.name);
    case 'index': {
      const key = constantKey(expr.key);
      return key === undefined ? undefined : memberType(declaredType(expr.object, scope), key);
    }
    case 'call':
      return expr.expandFinal ? undefined : callType(expr, scope);
    case 'conditional': {
      // A conditional's null result has the type its two results unify to (`c ? null : "s"`).
      const t = staticType(expr.then, scope);
      const f = staticType(expr.else, scope);
      return t && f ? unifyTypes([t, f]) : undefined;
    }
    default:
      return undefined;
  }
}

/** The type of a result expression where it is known without its value; a null literal is `any`. */
function staticType(expr: Expr, scope: Scope): HclType | undefined {
  if (expr.kind === 'literal') {
    const v = expr.value;
    return v === null ? ANY : typeof v === 'string' ? STRING : typeof v === 'boolean' ? BOOL : NUMBER;
  }
  return declaredType(expr, scope) ?? operationType(expr);
}

/** A key written as a constant: `[0]`, `["name"]`. */
function constantKey(key: Expr): string | undefined {
  if (key.kind === 'literal') return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'literal') return key.parts[0]!.value;
  return undefined;
}

/**
 * The type of a call's null result: convert(null, T) is a null of type T, try's is its first
 * successful argument's, and element and lookup pass on the type their collection records for
 * the null they pick (the call has checked its arguments already, so evaluating them again
 * succeeds).
 */
function callType(expr: CallExpr, scope: Scope): HclType | undefined {
  const args = expr.args;
  if (expr.name === 'convert' && args.length === 2) return parseTypeExpr(args[1]!);
  if (expr.name === 'try') {
    // try's null result is its first argument that evaluates, of that argument's type.
    const ok = args.find((a) => !('error' in attempt(() => evaluate(a, scope))));
    return ok ? nullType(ok, scope) : undefined;
  }
  if (expr.name !== 'element' && expr.name !== 'lookup') return undefined;
  if (args.length < 2) return undefined;
  const coll = evaluate(args[0]!, scope);
  if (coll === null || !isStructural(coll)) return undefined;
  const t = typeOfValue(coll);
  const key = evaluate(args[1]!, scope);
  if (expr.name === 'lookup') return typeof key === 'string' ? memberType(t, key) : undefined;
  // element wraps its index around the length.
  if (t.kind !== 'tuple' || !Array.isArray(coll) || coll.length === 0) return memberType(t, '0');
  const n = isNum(key) ? Number(toFloat64(key)) : NaN;
  return Number.isInteger(n) ? t.elements[((n % coll.length) + coll.length) % coll.length] : undefined;
}

/**
 * The type of a null taken from a value whose type holds it (`regex("(a)?b", "b")[0]` is a null
 * string): the traversal's object is evaluated again, which only a null result pays for. Only the
 * last step's object is: a prefix such as `target` alone is not a value.
 */
function recordedType(expr: Expr, scope: Scope): HclType | undefined {
  if (expr.kind === 'paren') return recordedType(expr.expr, scope);
  const key = expr.kind === 'getattr' ? expr.name : expr.kind === 'index' ? constantKey(expr.key) : undefined;
  if (key === undefined || (expr.kind !== 'getattr' && expr.kind !== 'index')) return undefined;
  const v = evaluate(expr.object, scope);
  return v !== null && isStructural(v) ? memberType(typeOfValue(v), key) : undefined;
}

function memberType(t: HclType | undefined, name: string): HclType | undefined {
  switch (t?.kind) {
    case 'object':
      return Object.hasOwn(t.attributes, name) ? t.attributes[name] : undefined;
    case 'map':
    case 'list':
      return t.element;
    case 'tuple':
      return /^\d+$/.test(name) ? t.elements[Number(name)] : undefined;
    default:
      return undefined;
  }
}

/** The type of an expression that failed to evaluate, as HCL still types it; absent if unknown. */
export class Typed {
  constructor(readonly type: HclType | undefined) {}
}

const ANY: HclType = { kind: 'any' };
const BOOL: HclType = { kind: 'bool' };
const NUMBER: HclType = { kind: 'number' };
const STRING: HclType = { kind: 'string' };

export function failedType(expr: Expr): Typed {
  return new Typed(operationType(expr));
}

function operationType(expr: Expr): HclType | undefined {
  switch (expr.kind) {
    case 'paren':
      return operationType(expr.expr);
    case 'unary':
      return expr.op === '!' ? BOOL : NUMBER;
    case 'binary':
      return ['+', '-', '*', '/', '%'].includes(expr.op) ? NUMBER : BOOL;
    case 'template':
      // `"${x}"` alone is x itself, of x's type.
      return expr.parts.length === 1 && expr.parts[0]!.kind === 'interp' ? undefined : STRING;
    default:
      return undefined;
  }
}
