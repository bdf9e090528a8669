// Which error HCL reports first, and what it still knows about a failed expression. Expected
// messages come from hcl 2.14 + cty 1.12 (a Go oracle) on the same expressions, except where
// current HCL (2.23+, which buildx uses) evaluates operators differently: noted per case.
import { describe, expect, it } from 'vitest';
import { convertValue } from '../../../src/config/hcl/convert.js';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { parseTypeExpr } from '../../../src/config/hcl/typeexpr.js';
import type { Value } from '../../../src/config/hcl/value.js';
import { ev, evError } from './eval-helpers.js';

const typed = (type: string, value: Value): Value => convertValue(value, parseTypeExpr(parseExpression('t.hcl', type)));
const VARS: Record<string, Value> = {
  ls: typed('list(string)', ['a', 'b']),
  ln: typed('list(number)', [1, 2]),
  ss: typed('set(string)', ['b', 'a']),
  lo: typed('list(object({name = string}))', [{ name: 'a' }]),
  so: typed('set(object({name = string}))', [{ name: 'a' }]),
  z: null,
  n: 7,
};
const err = (text: string): string => evError(text, VARS);
const MISMATCH = 'Inconsistent conditional result types; The true and false result expressions must have consistent types.';

describe('conditionals', () => {
  it('unify both results before looking at the condition, a failed operator or template keeping its type', () => {
    expect(err('ls ? !n : ln')).toBe(`t.hcl:1,6-13: ${MISMATCH} The 'true' value is bool, but the 'false' value is list of number.`);
    expect(err('ls ? "${[]}y" : ln')).toBe(`t.hcl:1,6-19: ${MISMATCH} The 'true' value is string, but the 'false' value is list of number.`);
    expect(err('z ? ls : !z')).toBe(`t.hcl:1,5-12: ${MISMATCH} The 'true' value is list of string, but the 'false' value is bool.`);
    expect(err('ls ? -true : "x"')).toBe('t.hcl:1,1-3: Incorrect condition type; The condition expression must be of type bool.');
  });

  it('%{if} is a conditional: its wording, and errors of the branch not taken dropped', () => {
    expect(err('"%{if 1}T%{endif}"')).toBe('t.hcl:1,7-8: Incorrect condition type; The condition expression must be of type bool.');
    expect(err('"%{if z}T%{endif}"')).toBe(
      't.hcl:1,7-8: Null condition; The condition value is null. Conditions must either be true or false.',
    );
    expect(ev('"%{if true}T%{else}${[]}%{endif}"')).toBe('T');
    expect(err('"%{if false}T%{else}${[]}%{endif}"')).toBe(
      't.hcl:1,23-25: Invalid template interpolation value; Cannot include the given value in a string template: string required.',
    );
  });
});

describe('operators', () => {
  it('name the unary operand', () => {
    expect(err('!ln')).toBe('t.hcl:1,2-4: Invalid operand; Unsuitable value for unary operand: bool required.');
    expect(err('-true')).toBe('t.hcl:1,2-6: Invalid operand; Unsuitable value for unary operand: number required.');
  });

  it('convert both operands before a null fails the operation', () => {
    expect(err('z % ss')).toBe('t.hcl:1,5-7: Invalid operand; Unsuitable value for right operand: number required.');
    expect(err('n % z')).toBe('t.hcl:1,1-6: Operation failed; Error during operation: argument must not be null.');
  });

  it('report a conversion error before the other side fails to evaluate (current HCL; 2.14 reported evaluation first)', () => {
    expect(err('{} + (1/{})')).toBe('t.hcl:1,1-3: Invalid operand; Unsuitable value for left operand: number required.');
    expect(err('(1/{}) + {}')).toBe('t.hcl:1,10-12: Invalid operand; Unsuitable value for right operand: number required.');
  });

  it('short-circuit && and || on a deciding operand, either side, dropping the other side errors (current HCL)', () => {
    expect(ev('false && nope', VARS)).toBe(false);
    expect(ev('nope && false', VARS)).toBe(false);
    expect(ev('nope || true', VARS)).toBe(true);
    expect(ev('z && true', VARS)).toBe(false);
    expect(err('true && nope')).toMatch(/^t\.hcl:1,9-13: Unknown variable;/);
    // A type error is no evaluation error: it is reported even when the other side decides.
    expect(err('false && "x"')).toBe('t.hcl:1,10-13: Invalid operand; Unsuitable value for right operand: a bool is required.');
    expect(err('false || z')).toBe('t.hcl:1,1-11: Operation failed; Error during operation: argument must not be null.');
  });
});

describe('traversals', () => {
  it('a numeric attribute is an index whatever the value', () => {
    expect(ev('ls.0', VARS)).toBe('a');
    expect(err('n.0')).toBe('t.hcl:1,2-4: Invalid index; This value does not have any indices.');
    expect(err('z.0')).toBe('t.hcl:1,2-4: Attempt to index null value; This value is null, so it does not have any indices.');
    expect(err('{}.0')).toBe(
      't.hcl:1,3-5: Invalid index; The given key does not identify an element in this collection value. An object only supports looking up attributes by name, not by numeric index.',
    );
  });

  it('hints at an element for an attribute of a list or set of objects', () => {
    expect(err('lo.name')).toBe(
      't.hcl:1,3-8: Unsupported attribute; Can\'t access attributes on a list of objects. Did you mean to access attribute "name" for a specific element of the list, or across all elements of the list?',
    );
    expect(err('lo.a')).toContain('Did you mean to access an attribute for a specific element of the list');
    expect(err('so.name')).toBe(
      "t.hcl:1,3-8: Unsupported attribute; Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
    );
    expect(err('ls.a')).toBe('t.hcl:1,3-5: Unsupported attribute; This value does not have any attributes.');
  });

  it('a fractional index is reported before a negative one', () => {
    const fraction = 'indexing a sequence requires a whole number, but the given index has a fractional part.';
    expect(err('ls[0.5]')).toBe(`t.hcl:1,3-8: Invalid index; The given key does not identify an element in this collection value: ${fraction}`);
    expect(err('ls[-0.5]')).toBe(`t.hcl:1,3-9: Invalid index; The given key does not identify an element in this collection value: ${fraction}`);
  });

  it('iterates a set by its values', () => {
    expect(ev('[for k, x in ss: k]', VARS)).toEqual(['a', 'b']);
  });
});
