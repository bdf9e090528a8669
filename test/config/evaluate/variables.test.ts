import { describe, expect, it } from 'vitest';
import { attrsOf, bake, bakeError } from './helpers.js';
import { fromFloat64 } from '../../../src/config/hcl/number.js';

const app = (expr: string): string => `target "app" {\n  args = { V = ${expr} }\n}\n`;

describe('variable defaults', () => {
  it('resolves defaults lazily across files, in any order', () => {
    const config = bake({
      'a.hcl': app('FULL'),
      'b.hcl': 'variable "FULL" {\n  default = "${REG}/${NAME}"\n}\nvariable "REG" {\n  default = "r.io"\n}\nNAME = "app"\n',
    });
    expect(attrsOf(config, 'app').args).toEqual({ V: 'r.io/app' });
  });

  it('uses "" without a default, null for a typed one, and the last definition', () => {
    const config = bake({
      'a.hcl': 'variable "A" {}\nvariable "B" {\n  type = string\n}\nvariable "C" {\n  default = 1\n}\n',
      'b.hcl': 'variable "C" {\n  default = 2\n}\n' + app('[A, B, C]'),
    });
    expect(attrsOf(config, 'app').args).toEqual({ V: ['', null, 2] });
  });

  it('fills optional attribute defaults before converting defaults and overrides', () => {
    const decl =
      'variable "SVC" {\n  type = list(object({ name = string, port = optional(number, 80), tags = optional(list(string), []) }))\n' +
      '  default = [{ name = "a" }, { name = "b", port = 8080, tags = null }]\n}\n' + app('SVC');
    expect(attrsOf(bake({ 'a.hcl': decl }), 'app').args).toEqual({
      V: [
        { name: 'a', port: 80, tags: [] },
        { name: 'b', port: 8080, tags: [] },
      ],
    });
    const fromJson = bake({ 'a.hcl': decl }, { env: { SVC_JSON: '[{"name":"c","port":null}]' } });
    expect(attrsOf(fromJson, 'app').args).toEqual({ V: [{ name: 'c', port: 80, tags: [] }] });
    const fromVar = bake({ 'a.hcl': decl }, { vars: { SVC_JSON: '[{"name":"d","tags":["t"]}]' } });
    expect(attrsOf(fromVar, 'app').args).toEqual({ V: [{ name: 'd', port: 80, tags: ['t'] }] });
  });

  it('unifies the elements of list(any) and map(any) defaults, nested', () => {
    const config = bake({
      'a.hcl':
        'variable "L" {\n  type = list(any)\n  default = [{ a = 1 }, { a = "x" }]\n}\n' +
        'variable "M" {\n  type = map(any)\n  default = { x = [1], y = ["a"] }\n}\n' +
        app('[L, M, true ? { p = 1 } : { p = "q" }]'),
    });
    expect(JSON.parse(JSON.stringify(attrsOf(config, 'app').args))).toEqual({
      V: [[{ a: '1' }, { a: 'x' }], { x: ['1'], y: ['a'] }, { p: '1' }],
    });
  });

  it('converts a typed default and reports a mismatch', () => {
    expect(attrsOf(bake({ 'a.hcl': 'variable "N" {\n  type = string\n  default = 5\n}\n' + app('N') }), 'app').args).toEqual({
      V: '5',
    });
    expect(bakeError({ 'a.hcl': 'variable "N" {\n  type = number\n  default = "x"\n}\n' })).toBe(
      'a.hcl:1,15-15: Invalid value; invalid type number for variable N default value: a number is required',
    );
  });

  it('detects cycles', () => {
    const msg = bakeError({ 'a.hcl': 'variable "A" {\n  default = B\n}\nvariable "B" {\n  default = A\n}\n' });
    // Go's map order decides which variable buildx enters first; ours is declaration order.
    expect(msg).toBe('a.hcl:5,13-14: Invalid expression; variable cycle not allowed for A');
    const self = bakeError({ 'a.hcl': 'variable "A" {\n  description = "d"\n  default = "${A}-x"\n}\n' });
    expect(self).toBe('a.hcl:3,13-21: Invalid expression; variable cycle not allowed for A');
  });

  it('reports undefined references with position', () => {
    expect(bakeError({ 'a.hcl': 'target "app" {\n  dockerfile-inline = "FROM ${BASE_IMAGE}"\n}\n' })).toBe(
      // buildx's decoder reports the unknown result once more ("value must be known").
      'a.hcl:2,31-41: Unknown variable; There is no variable named "BASE_IMAGE"., and 1 other diagnostic(s)',
    );
  });

  it('ignores other arguments and blocks in a variable, as buildx decodes them into a remainder', () => {
    const config = bake({ 'a.hcl': 'variable "A" {\n  default = 1\n  sensitive = true\n  extra {\n  }\n}\n' + app('A') });
    expect(attrsOf(config, 'app').args).toEqual({ V: 1 });
  });
});

describe('builtins and top-level attributes', () => {
  it('exposes builtins read-only and ignores variables declaring them', () => {
    const config = bake(
      { 'a.hcl': 'variable "BAKE_LOCAL_PLATFORM" {\n  default = "x"\n}\n' + app('BAKE_LOCAL_PLATFORM') },
      { builtins: { BAKE_LOCAL_PLATFORM: 'linux/amd64' }, env: { BAKE_LOCAL_PLATFORM: 'y' } },
    );
    expect(attrsOf(config, 'app').args).toEqual({ V: 'linux/amd64' });
    expect(config.variables).toEqual([]);
  });

  it('detects cycles between top-level attributes and ignores one named function', () => {
    expect(bakeError({ 'a.hcl': 'A = B\nB = A\n' })).toBe('a.hcl:2,5-6: Invalid expression; variable cycle not allowed for A');
    const viaVariable = 'variable "V" {\n  default = X\n}\nX = "${V}"\n';
    expect(bakeError({ 'a.hcl': viaVariable })).toBe('a.hcl:4,5-11: Invalid expression; variable cycle not allowed for V');
    expect(bake({ 'a.hcl': 'function = nope\n' }).targets).toEqual([]);
  });

  it('reports an unused top-level attribute after the blocks, as buildx resolves it last', () => {
    expect(bakeError({ 'a.hcl': 'X = nope\ntarget "app" {\n  args = { A = missing }\n}\n' })).toContain('a.hcl:3,16-23');
    expect(bakeError({ 'a.hcl': 'X = nope\ntarget "app" {}\n' })).toContain('a.hcl:1,5-9: Unknown variable');
  });

  it('takes a same-named top-level attribute as the variable default, still overridable', () => {
    const files = { 'a.hcl': 'variable "A" {\n  default = "var"\n}\n' + app('"pre-${A}"'), 'b.hcl': 'A = "attr"\n' };
    expect(attrsOf(bake(files), 'app').args).toEqual({ V: 'pre-attr' });
    expect(attrsOf(bake(files, { env: { A: 'env' } }), 'app').args).toEqual({ V: 'pre-env' });
  });

  it('does not let the environment override a top-level attribute', () => {
    const config = bake({ 'a.hcl': 'REG = "r.io"\n' + app('REG') }, { env: { REG: 'other' } });
    expect(attrsOf(config, 'app').args).toEqual({ V: 'r.io' });
  });
});

describe('overrides from the environment and --var', () => {
  const declare = (body: string): string => `variable "V" {\n${body}\n}\n` + app('V');
  const value = (body: string, env: Record<string, string>, vars: Record<string, string> = {}): unknown =>
    attrsOf(bake({ 'a.hcl': declare(body) }, { env, vars }), 'app').args;

  it('parses untyped overrides by the type of the default', () => {
    expect(value('default = "a"', { V: 'b' })).toEqual({ V: 'b' });
    expect(value('default = true', { V: 'false' })).toEqual({ V: false });
    // buildx parses the text as a Go float64: a 53-bit number.
    expect(value('default = 1', { V: '2.5' })).toEqual({ V: fromFloat64(2.5) });
    expect(value('', { V: '7' })).toEqual({ V: '7' });
  });

  it('reports Go-style parse errors', () => {
    expect(bakeError({ 'a.hcl': declare('default = 1') }, { env: { V: 'x' } })).toContain(
      'failed to parse V as number: strconv.ParseFloat: parsing "x": invalid syntax',
    );
    expect(bakeError({ 'a.hcl': declare('type = bool') }, { env: { V: 'yes' } })).toContain(
      'failed to parse V as bool: strconv.ParseBool: parsing "yes": invalid syntax',
    );
    expect(bakeError({ 'a.hcl': declare('default = ["a"]') }, { env: { V: 'x' } })).toContain(
      'unsupported type tuple for variable V',
    );
  });

  it('parses typed collections as CSV', () => {
    expect(value('type = list(string)', { V: 'dev,1.0,"with,comma"' })).toEqual({ V: ['dev', '1.0', 'with,comma'] });
    expect(value('type = list(number)', { V: '1,2' })).toEqual({ V: [fromFloat64(1), fromFloat64(2)] });
    expect(value('type = set(string)', { V: 'b,a,b' })).toEqual({ V: ['a', 'b'] });
    expect(value('type = map(string)', { V: 'a:1,b:"x:y"' })).toEqual({ V: { a: '1', b: 'x:y' } });
    expect(value('type = tuple([string, bool])', { V: 'x,true' })).toEqual({ V: ['x', true] });
    expect(bakeError({ 'a.hcl': declare('type = tuple([string])') }, { env: { V: 'a,b' } })).toContain('expected 1 elements, got 2');
  });

  it('rejects malformed collection overrides at the variable', () => {
    const err = (type: string, v: string): string => bakeError({ 'a.hcl': declare(`type = ${type}`) }, { env: { V: v } });
    expect(err('map(string)', 'a:1,b:x:y')).toContain('failed to convert V from CSV: failed to parse "b:x:y": expected one k/v pair');
    expect(err('map(string)', 'a:b,k:"v')).toMatch(/^a\.hcl:1,.*failed to parse "k:\\"v" as CSV/);
    expect(err('list(string)', '"open,x')).toContain('failed to convert V from CSV: parse error');
    expect(err('list(number)', '1,2x')).toContain('failed to parse element "2x" as number: strconv.ParseFloat');
    expect(err('map(bool)', 'a:maybe')).toContain('failed to parse element "maybe" as bool');
    expect(err('list(number)', '[1,2]')).toContain('failed to convert V from CSV');
    expect(bakeError({ 'a.hcl': declare('type = object({a = string})') }, { env: { V: 'a' } })).toContain(
      'unsupported type object for variable V',
    );
  });

  it('prefers NAME_JSON for typed variables', () => {
    expect(value('type = object({a = number})', { V: 'x', V_JSON: '{"a": 1}' })).toEqual({ V: { a: 1 } });
    expect(value('default = "d"', { V: 'plain', V_JSON: '"json"' })).toEqual({ V: 'plain' });
    // Untyped: the N_JSON text stands in for N but is read by the default's type, not as JSON.
    expect(value('default = "d"', { V_JSON: '["j"]' })).toEqual({ V: '["j"]' });
    expect(bakeError({ 'a.hcl': declare('default = [1]') }, { env: { V_JSON: '[2]' } })).toContain('unsupported type tuple for variable V');
    expect(bakeError({ 'a.hcl': declare('type = string') }, { env: { V_JSON: 'bare' } })).toContain('failed to convert V_JSON from JSON');
    expect(bakeError({ 'a.hcl': declare('type = map(number)') }, { env: { V_JSON: '{"a": "x"}' } })).toContain(
      'failed to convert V_JSON from JSON: a number is required',
    );
  });

  it('ignores NAME_JSON when a variable of that name exists', () => {
    const files = { 'a.hcl': 'variable "V_JSON" {}\nvariable "V" {\n  type = list(string)\n}\n' + app('V') };
    expect(attrsOf(bake(files, { env: { V_JSON: '["x"]' } }), 'app').args).toEqual({ V: null });
  });

  it('lets --var beat the environment', () => {
    expect(value('default = "d"', { V: 'env' }, { V: 'var' })).toEqual({ V: 'var' });
  });
});

describe('validation and listing', () => {
  const port = 'variable "PORT" {\n  type = number\n  default = 8080\n  validation {\n    condition = PORT > 1024\n    error_message = "PORT must be unprivileged."\n  }\n}\n';

  it('fails at the condition with the error message', () => {
    expect(bakeError({ 'docker-bake.hcl': port }, { env: { PORT: '80' } })).toBe(
      'docker-bake.hcl:5,17-28: Validation failed; PORT must be unprivileged.',
    );
    expect(() => bake({ 'docker-bake.hcl': port })).not.toThrow();
  });

  it('reports every failed validation at once', () => {
    const v = (n: string): string =>
      `variable "${n}" {\n  default = ""\n  validation {\n    condition = ${n} != ""\n    error_message = "${n} is required."\n  }\n}\n`;
    expect(bakeError({ 'a.hcl': v('A') + v('B') })).toBe(
      'a.hcl:4,17-24: Validation failed; A is required., and 1 other diagnostic(s)',
    );
  });

  it('rejects a condition that is not a bool', () => {
    const text = 'variable "V" {\n  default = "x"\n  validation {\n    condition = null\n    error_message = "m"\n  }\n}\n';
    expect(bakeError({ 'a.hcl': text })).toContain('Invalid condition result; Condition expression must return either true or false, not null.');
    const check = (body: string): string => bakeError({ 'a.hcl': `variable "V" {\n  default = 1\n  validation ${body}\n}\n` });
    expect(check('{}')).toBe('a.hcl:3,14-14: Invalid condition result; Condition expression must return either true or false, not null.');
    expect(check('{\n    condition = "yes"\n  }')).toBe(
      'a.hcl:4,17-22: Invalid condition result; Invalid condition result value: a bool is required.',
    );
  });

  it('fails a check without an error message all the same', () => {
    const text = 'variable "V" {\n  default = 1\n  validation {\n    condition = V > 5\n  }\n}\n';
    expect(bakeError({ 'a.hcl': text })).toBe(
      'a.hcl:4,17-22: Validation failed; This check failed, but has an invalid error message as described in the other accompanying messages.',
    );
  });

  it('lists variables with their type as written, value and description', () => {
    const config = bake({
      'a.hcl': 'variable "T" {\n  type = list(string)\n  default = ["a"]\n  description = "tags"\n}\nvariable "U" {}\n',
    });
    expect(config.variables).toEqual([
      { name: 'T', type: 'list(string)', value: ['a'], description: 'tags' },
      { name: 'U', value: '' },
    ]);
  });
});
