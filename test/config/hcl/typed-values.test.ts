// cty types that values carry through typed variables: lists and sets are not tuples, and a null
// of a typed variable keeps its type. Expected values and messages come from hcl 2.14 + cty 1.12
// evaluating the same expressions with the same typed variables (a Go oracle).
import { describe, expect, it } from 'vitest';
import { attrsOf, bake, bakeError } from '../evaluate/helpers.js';

const VARIABLES: [string, string, string][] = [
  ['ls', 'list(string)', '["a", "b"]'],
  ['ln', 'list(number)', '[1, 2]'],
  ['la', 'list(any)', '[1, 2]'],
  ['ss', 'set(string)', '["b", "a"]'],
  ['ns', 'string', 'null'],
  ['nl', 'list(string)', 'null'],
  ['no', 'object({a = list(string)})', 'null'],
  ['o', 'object({a = optional(list(string)), b = optional(string)})', '{}'],
  ['ms', 'map(string)', '{x = "1", y = "b"}'],
  ['nm', 'map(string)', 'null'],
  ['nmn', 'map(number)', 'null'],
];
const PRELUDE = VARIABLES.map(([name, type, value]) => `variable "${name}" {\n  type = ${type}\n  default = ${value}\n}\n`).join('');
const LINE = PRELUDE.split('\n').length;

/** The expression's value as jsonencode writes it (numbers and strings stay apart). */
function json(expr: string): unknown {
  const config = bake({ 'a.hcl': `${PRELUDE}target "t" {\n  args = { R = jsonencode(${expr}) }\n}\n` });
  return JSON.parse(String((attrsOf(config, 't').args as Record<string, unknown>).R));
}

/** The error evaluating `x = <expr>`, with columns counted from the expression's start. */
function error(expr: string): string {
  return bakeError({ 'a.hcl': `${PRELUDE}x = ${expr}\n` }).replace(`a.hcl:${LINE},`, '').replace(/^(\d+)-(\d+)/, (_, a: string, b: string) => `${Number(a) - 4}-${Number(b) - 4}`);
}

describe('lists and sets', () => {
  it('concat of lists gives a list of their unified element type', () => {
    expect(json('concat(ls, ln)')).toEqual(['a', 'b', '1', '2']);
    expect(json('concat(la, ln, ls)')).toEqual(['1', '2', '1', '2', 'a', 'b']);
    expect(json('concat(ls[*], ln)')).toEqual(['a', 'b', '1', '2']);
    // With a tuple the result is a tuple: nothing converts.
    expect(json('concat([1], ls)')).toEqual([1, 'a', 'b']);
  });

  it('concat refuses sets and other values, naming their type', () => {
    const detail = 'Invalid function argument; Invalid value for "seqs" parameter: all arguments must be lists or tuples; got';
    expect(error('concat(ls, ss)')).toBe(`12-14: ${detail} set of string.`);
    expect(error('concat(ls, "x")')).toBe(`13-14: ${detail} string.`);
    expect(json('concat(ss[*], ls)')).toEqual(['a', 'b', 'a', 'b']);
  });

  it('a set has no indices', () => {
    expect(error('ss[0]')).toBe(
      "3-6: Invalid index; Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
    );
  });

  it('a conditional names a list as a list', () => {
    expect(error('true ? ls : [[1]]')).toBe(
      "8-18: Inconsistent conditional result types; The true and false result expressions must have consistent types. The 'true' value is list of string, but the 'false' value is tuple.",
    );
  });
});

describe('typed nulls', () => {
  it('unify with the other result of a conditional', () => {
    expect(json('true ? 1 : ns')).toBe('1');
    expect(json('true ? [1] : nl')).toEqual(['1']);
    expect(json('true ? no : {a = ["x"]}')).toBeNull();
    const why = 'Inconsistent conditional result types; The true and false result expressions must have consistent types.';
    expect(error('true ? ns : ls')).toBe(`8-15: ${why} The 'true' value is string, but the 'false' value is list of string.`);
    expect(error('true ? o.b : ["x"]')).toBe(`8-19: ${why} The 'true' value is string, but the 'false' value is tuple.`);
    expect(error('true ? o["b"] : {}')).toBe(`8-19: ${why} The 'true' value is string, but the 'false' value is object.`);
    expect(error('true ? no : {a = 1}')).toBe(
      `8-20: ${why} Type mismatch for object attribute "a": The 'true' value is list of string, but the 'false' value is number.`,
    );
  });

  it('an untyped null still takes the other type', () => {
    expect(json('true ? null : ls')).toBeNull();
    expect(json('true ? 1 : null')).toBe(1);
  });

  it('a splat of a null list fails; of a null of another type gives []', () => {
    const splat = 'Splat of null value; Splat expressions (with the * symbol) cannot be applied to null sequences.';
    expect(error('nl[*]')).toBe(`1-3: ${splat}`);
    expect(error('o.a[*]')).toBe(`1-4: ${splat}`);
    expect(json('ns[*]')).toEqual([]);
  });
});

describe('typed nulls as function arguments', () => {
  const call = (name: string, cols: string) => `${cols}: Error in function call; Call to function "${name}" failed:`;

  it('merge refuses a null whose type is not a map or object, and counts its type in the result', () => {
    expect(error('merge(ns)')).toBe(`${call('merge', '1-7')} arguments must be maps or objects, got "string".`);
    expect(error('merge(ms, ns)')).toBe(`${call('merge', '1-7')} arguments must be maps or objects, got "string".`);
    expect(error('merge(nl)')).toBe(`${call('merge', '1-7')} arguments must be maps or objects, got "list of string".`);
    // A map (length takes it) when the types agree, an object (length refuses it) when not.
    expect(json('length(merge(nm))')).toBe(0);
    expect(json('length(merge(nm, ms))')).toBe(2);
    expect(error('length(merge(nmn, ms))')).toBe(`${call('length', '1-8')} collection must be a list, a map or a tuple.`);
  });

  it('coalesce unifies the types of typed nulls with the others', () => {
    expect(error('coalesce(ms, ns)')).toBe(`${call('coalesce', '1-10')} all arguments must have the same type.`);
    expect(error('coalesce(ns, ls)')).toBe(`${call('coalesce', '1-10')} all arguments must have the same type.`);
    expect(json('coalesce(ns, 1)')).toBe('1');
    expect(json('coalesce(nl, ["a", 1])')).toEqual(['a', '1']);
  });

  it('coalescelist passes over a null list but refuses a null of another type', () => {
    expect(json('coalescelist(nl, ls)')).toEqual(['a', 'b']);
    expect(error('coalescelist(ns, ls)')).toBe(`${call('coalescelist', '1-14')} coalescelist arguments must be lists or tuples.`);
  });
});
