// Operators with cty semantics: arithmetic and ordering on numbers (numeric strings convert),
// logic on bools, `==`/`!=` as deep equality without conversion.
import type { Range } from '../../errors.js';
import type { BinaryExpr, BinaryOp, UnaryExpr } from './ast.js';
import { coerceBool, coerceNumber, type Coerced } from './eval-coerce.js';
import { attempt, fail } from './eval-errors.js';
import type { Evaluate } from './eval.js';
import { add, compare, divide, modulo, multiply, negate, NumberError, subtract, type Num } from './number.js';
import type { Scope } from './scope.js';
import { ctyEquals } from './unify.js';
import type { Value } from './value.js';

type Side = 'left' | 'right' | 'unary';

/**
 * Binary operators as current HCL evaluates them: both operands first, then their conversions
 * (a conversion error is reported before either side's own errors), then `&&`/`||` short-circuit
 * on a deciding operand, dropping the other side's errors, and only then the other errors.
 */
export function evalBinary(expr: BinaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const { op } = expr;
  if (op === '==' || op === '!=') {
    const eq = ctyEquals(evaluate(expr.left, scope), evaluate(expr.right, scope));
    return op === '==' ? eq : !eq;
  }
  const left = attempt(() => evaluate(expr.left, scope));
  const right = attempt(() => evaluate(expr.right, scope));
  const logic = op === '&&' || op === '||';
  // undefined: the side failed to evaluate (cty's unknown value, which converts to anything).
  const a = left.error ? undefined : operand(convertOperand(left.value, logic), 'left', expr);
  const b = right.error ? undefined : operand(convertOperand(right.value, logic), 'right', expr);
  if (logic) return logical(op, a as boolean | null | undefined, b as boolean | null | undefined, left.error, right.error, expr.range);
  if (left.error) throw left.error;
  if (right.error) throw right.error;
  if (a === null || b === null) return operationFailed('argument must not be null', expr.range);
  return arithmetic(op, a as Num, b as Num, expr.range);
}

function convertOperand(v: Value, logic: boolean): Coerced<boolean | Num | null> {
  return logic ? coerceBool(v) : coerceNumber(v);
}

/**
 * `&&` and `||` with cty's truth tests (a null is not true, so it counts as false): a deciding
 * operand gives the result without the other side's errors; an operand that failed to evaluate
 * is reported when the other one cannot decide.
 */
function logical(
  op: '&&' | '||',
  a: boolean | null | undefined,
  b: boolean | null | undefined,
  leftError: Error | undefined,
  rightError: Error | undefined,
  range: Range,
): boolean {
  if (a === undefined && b === undefined) throw leftError!;
  const decides = op === '&&' ? (v: boolean | null | undefined) => v !== undefined && v !== true : (v: boolean | null | undefined) => v === true;
  if (decides(a) || decides(b)) return op === '||';
  if (a === undefined) throw leftError!;
  if (b === undefined) throw rightError!;
  if (a === null || b === null) return operationFailed('argument must not be null', range);
  return op === '&&' ? a && b : a || b;
}

export function evalUnary(expr: UnaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const v = evaluate(expr.operand, scope);
  const c = expr.op === '!' ? coerceBool(v) : coerceNumber(v);
  const x = operand(c as Coerced<boolean | Num | null>, 'unary', expr);
  if (x === null) return operationFailed('argument must not be null', expr.range);
  return expr.op === '!' ? !(x as boolean) : negate(x as Num);
}

/** A converted operand (null included); HCL reports a failed conversion at the operand. */
function operand<T>(c: Coerced<T | null>, side: Side, expr: BinaryExpr | UnaryExpr): T | null {
  if (!c.ok) {
    const range = 'left' in expr ? (side === 'left' ? expr.left.range : expr.right.range) : expr.operand.range;
    return fail('Invalid operand', `Unsuitable value for ${side} operand: ${c.message}.`, range);
  }
  return c.value;
}

function operationFailed(message: string, range: Range): never {
  return fail('Operation failed', `Error during operation: ${message}.`, range);
}

function arithmetic(op: Exclude<BinaryOp, '==' | '!=' | '&&' | '||'>, a: Num, b: Num, range: Range): Value {
  try {
    switch (op) {
      case '+':
        return add(a, b);
      case '-':
        return subtract(a, b);
      case '*':
        return multiply(a, b);
      case '/':
        return divide(a, b);
      case '%':
        return modulo(a, b);
      case '<':
        return compare(a, b) < 0;
      case '<=':
        return compare(a, b) <= 0;
      case '>':
        return compare(a, b) > 0;
      case '>=':
        return compare(a, b) >= 0;
    }
  } catch (err) {
    if (err instanceof NumberError) return operationFailed(err.message, range);
    throw err;
  }
}
