// Operators with cty semantics: arithmetic and ordering on numbers (numeric strings convert),
// logic on bools, `==`/`!=` as deep equality without conversion.
import type { Range } from '../../errors.js';
import type { BinaryExpr, BinaryOp, UnaryExpr } from './ast.js';
import { coerceBool, coerceNumber, type Coerced } from './eval-coerce.js';
import { fail } from './eval-errors.js';
import type { Evaluate } from './eval.js';
import { add, compare, divide, modulo, multiply, negate, NumberError, subtract, type Num } from './number.js';
import type { Scope } from './scope.js';
import { valuesEqual, type Value } from './value.js';

type Side = 'left' | 'right';

export function evalBinary(expr: BinaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const { op } = expr;
  if (op === '==' || op === '!=') {
    const eq = valuesEqual(evaluate(expr.left, scope), evaluate(expr.right, scope));
    return op === '==' ? eq : !eq;
  }
  if (op === '&&' || op === '||') {
    const left = operand(coerceBool(evaluate(expr.left, scope)), 'left', expr);
    // Short-circuit: the right side is not needed (and may be invalid) once the left decides.
    if (op === '&&' ? !left : left) return left;
    return operand(coerceBool(evaluate(expr.right, scope)), 'right', expr);
  }
  const a = operand(coerceNumber(evaluate(expr.left, scope)), 'left', expr);
  const b = operand(coerceNumber(evaluate(expr.right, scope)), 'right', expr);
  return arithmetic(op, a, b, expr.range);
}

export function evalUnary(expr: UnaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const v = evaluate(expr.operand, scope);
  if (expr.op === '!') return !operand(coerceBool(v), 'right', expr);
  return negate(operand(coerceNumber(v), 'right', expr));
}

/** A converted operand; HCL reports conversion failures and nulls differently. */
function operand<T>(c: Coerced<T | null>, side: Side, expr: BinaryExpr | UnaryExpr): T {
  if (!c.ok) {
    const range = 'left' in expr ? (side === 'left' ? expr.left.range : expr.right.range) : expr.operand.range;
    return fail('Invalid operand', `Unsuitable value for ${side} operand: ${c.message}.`, range);
  }
  if (c.value === null) return operationFailed('argument must not be null', expr.range);
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
