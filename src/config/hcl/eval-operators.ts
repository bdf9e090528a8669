// Operators with cty semantics: arithmetic and ordering on numbers (numeric strings convert),
// logic on bools, `==`/`!=` as deep equality without conversion.
import type { Range } from '../../errors.js';
import type { BinaryExpr, BinaryOp, UnaryExpr } from './ast.js';
import { coerceBool, coerceNumber, type Coerced } from './eval-coerce.js';
import { fail } from './eval-errors.js';
import type { Evaluate } from './eval.js';
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
  return -operand(coerceNumber(v), 'right', expr);
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

function arithmetic(op: Exclude<BinaryOp, '==' | '!=' | '&&' | '||'>, a: number, b: number, range: Range): Value {
  switch (op) {
    case '+':
      return finite(a + b, range);
    case '-':
      return finite(a - b, range);
    case '*':
      return finite(a * b, range);
    case '/':
      if (b === 0) return operationFailed("can't divide by zero", range);
      return finite(a / b, range);
    case '%':
      if (b === 0) return operationFailed("can't use modulo by zero", range);
      return finite(a % b, range);
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** Values are finite floats; an overflow is an operation error rather than a silent Infinity. */
function finite(n: number, range: Range): number {
  if (!Number.isFinite(n)) return operationFailed('result is out of range', range);
  return n;
}
