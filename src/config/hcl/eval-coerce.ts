// Operand conversions the evaluator applies implicitly (conditions, operators, keys), through the
// same cty conversion rules as `convert()` so "5" + 1 and "true" && x behave as in HCL.
import type { Range } from '../../errors.js';
import { ConversionError, convertValue } from './convert.js';
import { fail } from './eval-errors.js';
import type { Num } from './number.js';
import type { HclType } from './types.js';
import type { Value } from './value.js';

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

const BOOL: HclType = { kind: 'bool' };
const NUMBER: HclType = { kind: 'number' };

function coerce(v: Value, type: HclType): Coerced<Value> {
  try {
    return { ok: true, value: convertValue(v, type) };
  } catch (err) {
    if (err instanceof ConversionError) return { ok: false, message: err.message };
    throw err;
  }
}

/** A bool (or "true"/"false"); null stays null. */
export function coerceBool(v: Value): Coerced<boolean | null> {
  return coerce(v, BOOL) as Coerced<boolean | null>;
}

/** A number (or a numeric string); null stays null. */
export function coerceNumber(v: Value): Coerced<Num | null> {
  return coerce(v, NUMBER) as Coerced<Num | null>;
}

/** A conditional's condition (`c ? a : b`, and `%{if c}`, which HCL makes one): a bool, not null. */
export function conditionValue(v: Value, range: Range): boolean {
  const c = coerceBool(v);
  if (!c.ok) return fail('Incorrect condition type', 'The condition expression must be of type bool.', range);
  if (c.value === null) return fail('Null condition', 'The condition value is null. Conditions must either be true or false.', range);
  return c.value;
}
