// cty checks a conversion's types before its values: a value whose type cannot convert is
// reported as cty's MismatchMessage words it. Expected messages come from cty 1.12's
// convert.Convert on the same values and type constraints (a Go oracle).
import { describe, expect, it } from 'vitest';
import { ConversionError, convertValue } from '../../../src/config/hcl/convert.js';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { parseTypeExpr } from '../../../src/config/hcl/typeexpr.js';
import { ev } from './eval-helpers.js';

function failure(type: string, value: string): string {
  try {
    convertValue(ev(value), parseTypeExpr(parseExpression('t.hcl', type), true));
  } catch (err) {
    if (err instanceof ConversionError) return err.message;
    throw err;
  }
  throw new Error(`expected ${value} not to convert to ${type}`);
}

describe('conversion mismatches', () => {
  it('names every missing object attribute, sorted, before any attribute of the wrong type', () => {
    expect(failure('object({c = set(string), b = optional(any), a = number})', '{}')).toBe('attributes "a" and "c" are required');
    expect(failure('object({a = list(any), b = number, c = list(string)})', '{}')).toBe('attributes "a", "b", and "c" are required');
    expect(failure('object({a = object({b = number}), c = bool})', '{a = "1.5"}')).toBe('attribute "c" is required');
  });

  it('reports a tuple of another length as a whole', () => {
    expect(failure('tuple([tuple([number, string])])', '[[2.5]]')).toBe('tuple required');
    expect(failure('tuple([string])', '[{}]')).toBe('tuple required');
  });

  it('finds the element whose type cannot convert before one whose value cannot', () => {
    expect(failure('list(bool)', '["", {}]')).toBe('element 1: bool required');
    expect(failure('list(number)', '["TRUE", 0, [null, "TRUE"]]')).toBe('element 2: number required');
    expect(failure('map(bool)', '{a = "TRUE", b = false, c = []}')).toBe('element "c": bool required');
  });

  it('keeps the value-level message when every type converts', () => {
    expect(failure('list(bool)', '["x", true]')).toBe('a bool is required');
    expect(failure('object({a = number})', '{a = "x"}')).toBe('a number is required');
  });
});
