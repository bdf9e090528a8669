import { describe, expect, it } from 'vitest';
import { stdlib } from '../../../src/config/hcl/functions/index.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from '../../../src/config/hcl/functions/types.js';
import { ev, evError } from './eval-helpers.js';

const funcs: Record<string, HclFunction> = {
  upper: { params: [{ name: 'str', type: { kind: 'string' } }], impl: ([s]) => String(s).toUpperCase() },
  join: {
    params: [{ name: 'separator', type: { kind: 'string' } }],
    variadic: { name: 'lists', type: { kind: 'list', element: { kind: 'string' } } },
    impl: ([sep, ...lists]) => lists.flat().join(String(sep)),
  },
  pick: {
    params: [{ name: 'list' }, { name: 'index', type: { kind: 'number' } }],
    impl: ([l, i]) => {
      if (!Array.isArray(l) || Number(i) >= l.length) throw new FunctionArgError(1, 'index out of range');
      return l[Number(i)]!;
    },
  },
  boom: { params: [], impl: () => { throw new FunctionCallError('it broke'); } },
  maybe: { params: [{ name: 'v', allowNull: true }], impl: ([v]) => v === null },
};

describe('function calls', () => {
  it('converts arguments to the parameter types', () => {
    expect(ev('upper(5)', {}, funcs)).toBe('5');
    expect(ev('join("-", ["a"], ["b", 1])', {}, funcs)).toBe('a-b-1');
  });

  it('expands a final list argument', () => {
    expect(ev('join(",", l...)', { l: [['a'], ['b']] }, funcs)).toBe('a,b');
    expect(evError('join(",", x...)', { x: 'str' }, funcs)).toContain('Invalid expanding argument value');
  });

  it('checks arity, pointing a missing argument at the closing parenthesis', () => {
    expect(evError('upper(\n)', {}, funcs)).toMatch(/^t\.hcl:2,1-2: Not enough function arguments/);
    expect(evError('upper()', {}, funcs)).toContain(
      'Not enough function arguments; Function "upper" expects 1 argument(s). Missing value for "str".',
    );
    // HCL points at the extra argument's StartRange: a quoted string's content.
    expect(evError('upper("a", "b")', {}, funcs)).toBe(
      't.hcl:1,13-14: Too many function arguments; Function "upper" expects only 1 argument(s).',
    );
  });

  it('reports conversion failures and nulls at the argument', () => {
    // At the argument's StartRange (hclsyntax): a tuple's opening bracket.
    expect(evError('upper([1])', {}, funcs)).toBe(
      't.hcl:1,7-8: Invalid function argument; Invalid value for "str" parameter: string required.',
    );
    expect(evError('upper(null)', {}, funcs)).toContain('Invalid value for "str" parameter: argument must not be null.');
    expect(ev('maybe(null)', {}, funcs)).toBe(true);
  });

  it('converts every argument before rejecting nulls, reporting each failure as HCL does (Go oracle)', () => {
    expect(evError('element(null, "true")', {}, stdlib)).toBe(
      't.hcl:1,16-20: Invalid function argument; Invalid value for "index" parameter: a number is required.',
    );
    expect(evError('add("a", "b")', {}, stdlib)).toBe(
      't.hcl:1,6-7: Invalid function argument; Invalid value for "a" parameter: a number is required., and 1 other diagnostic(s)',
    );
  });

  it('checks the arity before evaluating the arguments, then evaluates and converts each in order (Go oracle)', () => {
    expect(evError('upper(nope, 1)', {}, stdlib)).toBe(
      't.hcl:1,13-14: Too many function arguments; Function "upper" expects only 1 argument(s).',
    );
    // The key's conversion fails before the failing call in the next argument, and both are reported.
    expect(evError('zipmap(1.5, convert([1]))', {}, stdlib)).toBe(
      't.hcl:1,8-11: Invalid function argument; Invalid value for "keys" parameter: list of string required., and 1 other diagnostic(s)',
    );
  });

  it('maps function errors to HCL diagnostics', () => {
    expect(evError('pick([1], 3)', {}, funcs)).toBe(
      't.hcl:1,11-12: Invalid function argument; Invalid value for "index" parameter: index out of range.',
    );
    expect(evError('boom()', {}, funcs)).toBe(
      't.hcl:1,1-6: Error in function call; Call to function "boom" failed: it broke.',
    );
  });

  it('reports unknown functions with a suggestion', () => {
    expect(evError('uper("a")', {}, funcs)).toBe(
      't.hcl:1,1-5: Call to unknown function; There is no function named "uper". Did you mean "upper"?',
    );
  });
});

describe('try, can and convert', () => {
  it('try returns the first argument that evaluates', () => {
    expect(ev('try(o.missing, l[3], "fallback")', { o: {}, l: [] })).toBe('fallback');
    expect(ev('try(o.a, "fallback")', { o: { a: 1 } })).toBe(1);
    expect(evError('try(o.missing)', { o: {} })).toBe(
      't.hcl:1,1-5: Error in function call; Call to function "try" failed: no expression succeeded:\n' +
        '- Unsupported attribute (at t.hcl:1,6-14)\n  This object does not have an attribute named "missing".\n\n' +
        'At least one expression must produce a successful result.',
    );
  });

  it('can tells whether its argument evaluates', () => {
    expect(ev('can(o.a)', { o: { a: 1 } })).toBe(true);
    expect(ev('can(o.b)', { o: { a: 1 } })).toBe(false);
    expect(ev('can(nope)')).toBe(false);
  });

  it('convert takes a type expression', () => {
    expect(ev('convert(["b", "a", "b"], set(string))')).toEqual(['a', 'b']);
    expect(ev('convert(5, string)')).toBe('5');
    expect(ev('convert({a = 1}, map(string))')).toEqual({ a: '1' });
    expect(evError('convert("x", number)')).toContain('Invalid value for "value" parameter: a number is required.');
    expect(evError('convert(1, "string")')).toContain('Invalid type specification');
    // convert() reads a type constraint without defaults (HCL's TypeConstraint).
    expect(ev('convert({}, object({a = optional(string)}))')).toEqual({ a: null });
    expect(evError('convert({}, object({a = optional(string, "x")}))')).toContain('Optional attribute modifier expects only one argument');
  });

  it('checks the arity of try, can and convert as HCL checks any function (Go oracle)', () => {
    expect(evError('convert(1)')).toBe(
      't.hcl:1,10-11: Not enough function arguments; Function "convert" expects 2 argument(s). Missing value for "type".',
    );
    expect(evError('can()')).toBe(
      't.hcl:1,5-6: Not enough function arguments; Function "can" expects 1 argument(s). Missing value for "expression".',
    );
    expect(evError('try()')).toBe('t.hcl:1,1-5: Error in function call; Call to function "try" failed: at least one argument is required.');
  });

  // Where buildx points a bad argument (HCL's StartRange), checked against HCL 2's Go evaluator.
  it.each([
    ['upper({a=1})', '1,7-8'],
    ['upper([for x in [1]: x])', '1,7-8'],
    ['upper(-1 == 1 ? [1] : [2])', '1,7-8'],
    ['upper((["a"]))', '1,8-9'],
    ['upper(concat(["a"]))', '1,7-14'],
    ['keys("a${"b"}")', '1,7-8'],
    ['keys("${"b"}c")', '1,10-11'],
    ['keys("${"b"}")', '1,6-14'],
    ['upper(["a"][0 + 0] == 1 ? [] : [])', '1,12-13'],
    ['upper({a=[1]}["a"])', '1,7-19'],
    ['upper([[1]][*][0])', '1,12-15'],
    ['upper([{a=[1]}].*.a)', '1,16-18'],
    ['upper([["a"]]...)', '1,7-14'],
    ['keys("")', '1,8-8'],
  ])('reports a bad argument of %s at its start', (text, at) => {
    const message = evError(text, {}, stdlib);
    expect(message.slice(0, message.indexOf(':', 6))).toBe(`t.hcl:${at}`);
  });
});
