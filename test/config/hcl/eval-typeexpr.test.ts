import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { parseTypeExpr } from '../../../src/config/hcl/typeexpr.js';
import { formatType } from '../../../src/config/hcl/types.js';

function typeOf(text: string, filename = 't.hcl', withDefaults = true): string {
  return formatType(parseTypeExpr(parseExpression(filename, text), withDefaults));
}

function typeError(text: string, withDefaults = true): string {
  try {
    typeOf(text, 't.hcl', withDefaults);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('type expressions', () => {
  it('reads primitives and constructors', () => {
    expect(typeOf('string')).toBe('string');
    expect(typeOf('any')).toBe('any');
    expect(typeOf('list(map(number))')).toBe('list(map(number))');
    expect(typeOf('set(bool)')).toBe('set(bool)');
    expect(typeOf('tuple([string, number])')).toBe('tuple([string,number])');
    expect(typeOf('object({ name = string, ports = list(number) })')).toBe('object({name=string,ports=list(number)})');
  });

  it('marks optional object attributes', () => {
    const t = parseTypeExpr(parseExpression('t.hcl', 'object({ a = optional(string), b = number })'));
    expect(t).toEqual({ kind: 'object', attributes: { a: { kind: 'string' }, b: { kind: 'number' } }, optional: ['a'] });
  });

  it('reads optional(T, default): the default evaluated without variables and converted to T', () => {
    const t = parseTypeExpr(parseExpression('t.hcl', 'object({ a = optional(number, "2"), b = optional(list(string), []) })'), true);
    expect(t).toMatchObject({ optional: ['a', 'b'], defaults: { a: 2, b: [] } });
    expect(typeError('object({ a = optional(number, "x") })')).toBe(
      "t.hcl:1,31-34: Invalid default value for optional attribute; This default value is not compatible with the attribute's type constraint: a number is required.",
    );
    expect(typeError('object({ a = optional(string, X) })')).toBe('t.hcl:1,31-32: Variables not allowed; Variables may not be used here.');
    expect(typeError('object({ a = optional(string, "x", "y") })')).toBe(
      't.hcl:1,22-40: Invalid type specification; Optional attribute modifier expects at most two arguments: the attribute type, and a default value.',
    );
    expect(typeError('object({ a = optional() })')).toContain('t.hcl:1,22-24: Invalid type specification; Optional attribute modifier requires');
  });

  it('rejects a default where only a type constraint is read (convert())', () => {
    expect(typeError('object({ a = optional(string, "x") })', false)).toBe(
      't.hcl:1,22-35: Invalid type specification; Optional attribute modifier expects only one argument: the attribute type.',
    );
    expect(typeOf('object({ a = optional(string) })', 't.hcl', false)).toBe('object({a=string})');
  });

  it('prints object attributes sorted by name, as HCL TypeString does', () => {
    expect(typeOf('object({ b = string, a = optional(number, 1), "c d" = bool })')).toBe('object({a=number,b=string,"c d"=bool})');
  });

  it('rejects quoted types, unknown keywords and wrong arity in native syntax', () => {
    expect(typeError('"string"')).toContain('Invalid type specification; A type specification is either a primitive type keyword');
    expect(typeError('strin')).toContain('The keyword "strin" is not a valid type specification.');
    expect(typeError('list(string, number)')).toContain('The list type constructor requires one argument');
    expect(typeError('foo(string)')).toContain('Keyword "foo" is not a valid type constructor.');
  });
});
