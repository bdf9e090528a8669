import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { dump } from '../../fixtures/hcl/dump.js';

const d = (src: string): string => dump(parseExpression('x.hcl', src));

describe('parseExpression', () => {
  it.each([
    ['1', '1'],
    ['1.5', '1.5'],
    ['1e3', '1000'],
    ['2.5E-1', '0.25'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['foo', 'foo'],
    ['"a"', '(tpl "a")'],
    ['""', '(tpl )'],
  ])('parses the term %s', (src, want) => {
    expect(d(src)).toBe(want);
  });

  it('applies operator precedence and left associativity', () => {
    expect(d('a || b && c == d < e + f * g')).toBe('(|| a (&& b (== c (< d (+ e (* f g))))))');
    expect(d('a - b - c')).toBe('(- (- a b) c)');
    expect(d('a / b % c')).toBe('(% (/ a b) c)');
    expect(d('a >= b != c <= d')).toBe('(!= (>= a b) (<= c d))');
    expect(d('!a && -b > 1')).toBe('(&& (! a) (> (- b) 1))');
    expect(d('- - 1')).toBe('(- (- 1))');
    expect(d('a * b + c * d - e')).toBe('(- (+ (* a b) (* c d)) e)');
    expect(d('a * b < c || d + e == f && g')).toBe('(|| (< (* a b) c) (&& (== (+ d e) f) g))');
  });

  it('parses conditionals, nested to the right', () => {
    expect(d('a ? b : c ? d : e')).toBe('(? a b (? c d e))');
    expect(d('x == 1 ? "a" : "b"')).toBe('(? (== x 1) (tpl "a") (tpl "b"))');
  });

  it('keeps parentheses', () => {
    expect(d('(a + b) * c')).toBe('(* (paren (+ a b)) c)');
  });

  it('parses traversals, numeric attributes as names', () => {
    expect(d('a.b[0]["c"].d')).toBe('(. ([] ([] (. a b) 0) (tpl "c")) d)');
    expect(d('a.0.b')).toBe('(. (. a 0) b)');
    // `.0.1` scans as the number 0.1 (HCL 2.14 rejects it the same way; oracle-checked).
    expect(() => d('a.0.1')).toThrow(
      'x.hcl:1,3-6: Invalid legacy index syntax; When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [0][1].',
    );
    expect(() => d('0.1.0')).toThrow('x.hcl:1,1-6: Invalid number literal; Failed to recognize the value of this number literal.');
    expect(d('a.1e3')).toBe('(. a 1000)');
    expect(d('target.app.args.X')).toBe('(. (. (. target app) args) X)');
  });

  it('parses full and attribute-only splats', () => {
    expect(d('a[*].b.c')).toBe('(splat a (. (. _ b) c))');
    expect(d('a[*].b[0]')).toBe('(splat a ([] (. _ b) 0))');
    expect(d('a.*.b[0]')).toBe('([] (splat a (. _ b)) 0)');
    expect(d('a[*]')).toBe('(splat a _)');
    expect(d('a[*].*.b')).toBe('(splat a (splat _ (. _ b)))');
    expect(d('a.*.0.b')).toBe('(splat a (. (. _ 0) b))');
    expect(() => d('a.*.*.b')).toThrow('x.hcl:1,5-6: Nested splat expression not allowed');
    expect(() => d('a.*..b')).toThrow('x.hcl:1,3-4: Invalid attribute name');
  });

  it('parses function calls, trailing commas, and final-argument expansion', () => {
    expect(d('f()')).toBe('(f)');
    expect(d('f(1, "a",)')).toBe('(f 1 (tpl "a"))');
    expect(d('concat(a, b...)')).toBe('(concat a b ...)');
    expect(d('f(\n  1,\n  2\n)')).toBe('(f 1 2)');
  });

  it('parses tuples and objects with every key form', () => {
    expect(d('[1, 2,]')).toBe('[1 2]');
    expect(d('[\n  1,\n  [2]\n]')).toBe('[1 [2]]');
    expect(d('{ a = 1, "b" = 2, c: 3, (d) = 4 }')).toBe('{(tpl "a")=1 (tpl "b")=2 (tpl "c")=3 (paren d)=4}');
    expect(d('{\n  a = 1\n  b = [\n    2,\n  ]\n}')).toBe('{(tpl "a")=1 (tpl "b")=[2]}');
    expect(d('{}')).toBe('{}');
    expect(d('{ "${k}" = 1 }')).toBe('{(tpl (${ k))=1}');
  });

  it('parses for expressions', () => {
    expect(d('[for v in xs : upper(v)]')).toBe('(for _ v xs (upper v))');
    expect(d('[for i, v in xs : v if i > 0]')).toBe('(for i v xs v if (> i 0))');
    expect(d('{for k, v in m : k => v... if v != null}')).toBe('(for k v m k => v... if (!= v null))');
    expect(d('{\n  for k, v in m :\n  k => v\n}')).toBe('(for k v m k => v)');
  });

  it('always reads "for" after a brace as a for expression, as HCL does', () => {
    expect(() => d('{ for = 1 }')).toThrow("x.hcl:1,7-8: Invalid 'for' expression; For expression requires variable name after 'for'.");
    expect(d('{ "for" = 1 }')).toBe('{(tpl "for")=1}');
  });

  it('records ranges of nodes', () => {
    const e = parseExpression('x.hcl', 'a + foo(1)');
    expect(e.range).toMatchObject({ filename: 'x.hcl', start: { line: 1, column: 1, byte: 0 }, end: { line: 1, column: 11, byte: 10 } });
    if (e.kind !== 'binary') throw new Error('binary expected');
    expect(e.right.range.start).toEqual({ line: 1, column: 5, byte: 4 });
  });

  it('offsets positions by the given start', () => {
    const e = parseExpression('x.hcl', 'b', { line: 3, column: 7, byte: 40 });
    expect(e.range.start).toEqual({ line: 3, column: 7, byte: 40 });
    expect(e.range.end).toEqual({ line: 3, column: 8, byte: 41 });
  });

  it('rejects extra characters', () => {
    expect(() => parseExpression('x.hcl', 'a b')).toThrow('x.hcl:1,3-4: Extra characters after expression');
  });

  it('reports invalid tokens first, at their position in the file', () => {
    expect(() => parseExpression('x.hcl', '[1 2] & 3', { line: 2, column: 5, byte: 20 })).toThrow('x.hcl:2,11-12: Unsupported operator');
  });
});
