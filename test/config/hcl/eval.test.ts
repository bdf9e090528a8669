import { describe, expect, it } from 'vitest';
import { makeMap } from '../../../src/config/hcl/value.js';
import { ev, evError } from './eval-helpers.js';

describe('literals, collections and variables', () => {
  it('evaluates literals, tuples and objects', () => {
    expect(ev('1.5')).toBe(1.5);
    expect(ev('[1, "a", true, null]')).toEqual([1, 'a', true, null]);
    expect(ev('{ b = 1, "a" = 2, c: 3 }')).toEqual({ a: 2, b: 1, c: 3 });
  });

  it('orders object keys as cty does (lexically, not integer-first)', () => {
    const obj = ev('{ b = 1, a = 2 }') as object;
    expect(Object.keys(obj)).toEqual(['a', 'b']);
    expect(ev('[for k, v in { "10" = 1, "9" = 2, a = 3 } : k]')).toEqual(['10', '9', 'a']);
  });

  it('evaluates parenthesised object keys as expressions', () => {
    expect(ev('{ (k) = 1 }', { k: 'x' })).toEqual({ x: 1 });
  });

  it('reports unknown variables with a suggestion when one is close', () => {
    expect(evError('FOO')).toBe('t.hcl:1,1-4: Unknown variable; There is no variable named "FOO".');
    expect(evError('TAGG', { TAG: 'x' })).toBe(
      't.hcl:1,1-5: Unknown variable; There is no variable named "TAGG". Did you mean "TAG"?',
    );
  });
});

describe('templates', () => {
  it('returns the unconverted value of a lone interpolation', () => {
    expect(ev('"${x}"', { x: [1, 2] })).toEqual([1, 2]);
    expect(ev('"${n}"', { n: 5 })).toBe(5);
  });

  it('concatenates parts, formatting numbers and bools like cty', () => {
    expect(ev('"v${n}-${b}-${f}"', { n: 7, b: true, f: 7 / 2 + (10 % 4) * 2 })).toBe('v7-true-7.5');
  });

  it('keeps escaped sequences literal', () => {
    expect(ev('"a-$${X}-%%{y}-$Z"')).toBe('a-${X}-%{y}-$Z');
  });

  it('rejects null and collections inside a larger template', () => {
    expect(evError('"a${x}"', { x: null })).toContain('Invalid template interpolation value; The expression result is null');
    expect(evError('"a${x}"', { x: [1] })).toContain('Cannot include the given value in a string template: string required.');
  });

  it('evaluates if and for directives', () => {
    expect(ev('"%{ if x }yes%{ else }no%{ endif }"', { x: false })).toBe('no');
    expect(ev('"%{ for i, v in l }${i}=${v};%{ endfor }"', { l: ['a', 'b'] })).toBe('0=a;1=b;');
  });
});

describe('operators', () => {
  it('does arithmetic on numbers and numeric strings only', () => {
    expect(ev('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(ev('"5" + 1')).toBe(6);
    expect(ev('-7 % 3')).toBe(-1);
    expect(evError('"a" + 1')).toBe('t.hcl:1,1-4: Invalid operand; Unsuitable value for left operand: a number is required.');
    expect(evError('1 + true')).toContain('Unsuitable value for right operand: number required.');
    expect(evError('x + 1', { x: null })).toContain('Operation failed; Error during operation: argument must not be null.');
  });

  it('compares with deep equality and no conversion', () => {
    expect(ev('"1" == 1')).toBe(false);
    expect(ev('[1, {a = "x"}] == [1, {a = "x"}]')).toBe(true);
    expect(ev('null == null')).toBe(true);
    expect(ev('1 != 2')).toBe(true);
    expect(ev('"10" > 9')).toBe(true);
  });

  it('applies logic to bools, short-circuiting', () => {
    expect(ev('true && "false"')).toBe(false);
    expect(ev('false && nope')).toBe(false);
    expect(ev('true || nope')).toBe(true);
    expect(ev('!false')).toBe(true);
    expect(ev('-x', { x: 3 })).toBe(-3);
    expect(evError('1 && true')).toContain('Unsuitable value for left operand: bool required.');
  });

  it('divides by zero as cty does: a signed infinity, and 0/0 fails', () => {
    expect(ev('"${1 / 0} ${-1 / 0} ${5 % 0}"')).toBe('+Inf -Inf 5');
    expect(evError('0 / 0')).toContain("can't divide zero by zero or infinity by infinity");
  });

  it('computes with 512-bit numbers and prints the shortest decimal that reads back', () => {
    expect(ev('"${0.1 + 0.2} ${0.3 - 0.1} ${10 / 4} ${2 / 3 * 3} ${1e300 * 1e10}"')).toBe(
      // Go's big.Float gives these digits: 0.3 - 0.1 and 1e300 are not exact in binary.
      `0.3 0.2${'0'.repeat(153)}2 2.5 2 1${'0'.repeat(153)}1${'0'.repeat(156)}`,
    );
    expect(ev('0.1 + 0.2 == 0.3')).toBe(true);
    expect(ev('-0')).toBe(-0);
    expect(ev('"x${0 * -1}"')).toBe('x-0');
  });
});

describe('conditionals', () => {
  it('takes one branch and ignores errors in the other', () => {
    expect(ev('length > 0 ? l[0] : "none"', { length: 0, l: [] })).toBe('none');
  });

  it('unifies a primitive result with a string in the other branch', () => {
    expect(ev('true ? 1 : "x"')).toBe('1');
    expect(ev('true ? 1 : 2')).toBe(1);
  });

  it('unifies structures as cty does: attributes, elements, objects as maps, tuples as lists', () => {
    const plain = (text: string): unknown => JSON.parse(JSON.stringify(ev(text)));
    expect(plain('true ? {a = 1} : {a = "x"}')).toEqual({ a: '1' });
    expect(plain('false ? {a = "x"} : {a = 1, b = true}')).toEqual({ a: '1', b: 'true' });
    expect(plain('true ? [1, true] : ["a", "b"]')).toEqual(['1', 'true']);
    expect(plain('true ? [[1]] : [["a"], []]')).toEqual([['1']]);
    expect(plain('true ? {x = [1]} : {x = ["a"], y = []}')).toEqual({ x: ['1'] });
    expect(plain('true ? {a = 1} : null')).toEqual({ a: 1 });
  });

  it('reports results without a common type as HCL does', () => {
    const why = (text: string): string => evError(text).replace(/^.*consistent types\. /, '');
    expect(why('true ? 1 : false')).toBe("The 'true' value is number, but the 'false' value is bool.");
    expect(why('true ? "a" : ["a"]')).toBe("The 'true' value is string, but the 'false' value is tuple.");
    expect(why('true ? {a = true} : {b = 1}')).toBe(`The 'true' value includes object attribute "a", which is absent in the 'false' value.`);
    expect(why('true ? [true] : [1]')).toBe("Type mismatch for tuple element 0: The 'true' value is bool, but the 'false' value is number.");
    expect(evError('true ? [1] : {}')).toMatch(/^t\.hcl:1,8-16: Inconsistent conditional result types; /);
  });

  it('requires a bool condition', () => {
    expect(evError('"x" ? 1 : 2')).toBe(
      't.hcl:1,1-4: Incorrect condition type; The condition expression must be of type bool.',
    );
    expect(evError('x ? 1 : 2', { x: null })).toContain('Null condition');
  });
});

describe('traversals', () => {
  const vars = { o: { a: { b: 1 } }, l: [10, 20], objs: [{ n: 'x' }, { n: 'y' }] };

  it('reads attributes and indices', () => {
    expect(ev('o.a.b', vars)).toBe(1);
    expect(ev('o["a"]["b"]', vars)).toBe(1);
    expect(ev('l[1]', vars)).toBe(20);
    expect(ev('l["1"]', vars)).toBe(20);
    expect(ev('l.0', vars)).toBe(10);
  });

  it('reports HCL errors for bad traversals', () => {
    expect(evError('o.z', vars)).toBe('t.hcl:1,2-4: Unsupported attribute; This object does not have an attribute named "z".');
    expect(evError('m.z', { m: makeMap([['a', 'x']]) })).toBe(
      't.hcl:1,2-4: Missing map element; This map does not have an element with the key "z".',
    );
    expect(evError('l[5]', vars)).toMatch(/^t\.hcl:1,2-5: Invalid index;/);
    expect(evError('l[5]', vars)).toContain('Invalid index; The given key does not identify an element in this collection value');
    expect(evError('l[-1]', vars)).toContain('a negative number is not a valid index for a sequence');
    expect(evError('o["z"]', vars)).toContain('Invalid index');
    expect(evError('n.x', { n: null })).toContain('Attempt to get attribute from null value');
    expect(evError('s.x', { s: 'str' })).toContain("Can't access attributes on a primitive-typed value (string).");
  });

  it('splats lists, wraps single values and turns null into an empty list', () => {
    expect(ev('objs[*].n', vars)).toEqual(['x', 'y']);
    expect(ev('objs.*.n', vars)).toEqual(['x', 'y']);
    expect(ev('o[*].a.b', vars)).toEqual([1]);
    expect(ev('n[*]', { n: null })).toEqual([]);
  });
});

describe('for expressions', () => {
  it('builds tuples with filters and objects from maps', () => {
    expect(ev('[for v in l : v * 2 if v > 1]', { l: [1, 2, 3] })).toEqual([4, 6]);
    expect(ev('{ for i, v in l : "k${i}" => v }', { l: ['a', 'b'] })).toEqual({ k0: 'a', k1: 'b' });
    expect(ev('[for k, v in { b = 2, a = 1 } : "${k}${v}"]')).toEqual(['a1', 'b2']);
  });

  it('groups values with ... and rejects duplicate keys otherwise', () => {
    expect(ev('{ for v in l : substr(v, 0, 1) => v... }', { l: ['ab', 'ac', 'b'] }, {
      substr: { params: [{ name: 's' }, { name: 'o' }, { name: 'n' }], impl: ([s, o, n]) => String(s).substr(Number(o), Number(n)) },
    })).toEqual({ a: ['ab', 'ac'], b: ['b'] });
    expect(evError('{ for v in l : "k" => v }', { l: [1, 2] })).toContain('Duplicate object key');
  });

  it('rejects non-iterable collections and bad conditions', () => {
    expect(evError('[for v in "s" : v]')).toContain('Iteration over non-iterable value; A value of type string');
    expect(evError('[for v in n : v]', { n: null })).toContain('Iteration over null value');
    expect(evError('[for v in [1] : v if v]')).toContain("Invalid 'for' condition");
  });
});
