import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHclJson } from '../../../src/config/hcl/json.js';
import { SourceError } from '../../../src/errors.js';
import { dump, outline } from '../../fixtures/hcl/dump.js';

const o = (src: string): string[] => outline(parseHclJson('b.json', src));

function err(src: string): string {
  try {
    parseHclJson('b.json', src);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseHclJson', () => {
  it('maps labelled blocks and attributes, strings as templates', () => {
    const src = `{
  "variable": {"TAG": {"default": "latest"}},
  "group": {"default": {"targets": ["webapp"]}},
  "target": {
    "webapp": {
      "tags": ["docker.io/acme/webapp:\${TAG}"],
      "cache-from": [{"type": "registry", "ref": "acme/cache"}],
      "no-cache": true,
      "args": {"N": 1.5, "E": null}
    }
  }
}`;
    expect(o(src)).toEqual([
      'variable "TAG" {',
      '  default=(tpl "latest")',
      '}',
      'group "default" {',
      '  targets=[(tpl "webapp")]',
      '}',
      'target "webapp" {',
      '  tags=[(tpl "docker.io/acme/webapp:" (${ TAG))]',
      '  cache-from=[{(tpl "type")=(tpl "registry") (tpl "ref")=(tpl "acme/cache")}]',
      '  no-cache=true',
      '  args={(tpl "N")=1.5 (tpl "E")=null}',
      '}',
    ]);
  });

  it('accepts arrays at the block-type and the label level', () => {
    expect(o('{"target": [{"a": {}}, {"b": [{"x": "1"}, {"x": "2"}]}]}')).toEqual([
      'target "a" {',
      '}',
      'target "b" {',
      '  x=(tpl "1")',
      '}',
      'target "b" {',
      '  x=(tpl "2")',
      '}',
    ]);
  });

  it('makes validation a nested block of variables only', () => {
    expect(o('{"variable": {"P": {"validation": [{"condition": "${P > 1}"}, {"condition": "${P < 9}"}]}}, "target": {"t": {"validation": "x"}}}')).toEqual([
      'variable "P" {',
      '  validation {',
      '    condition=(tpl (${ (> P 1)))',
      '  }',
      '  validation {',
      '    condition=(tpl (${ (< P 9)))',
      '  }',
      '}',
      'target "t" {',
      '  validation=(tpl "x")',
      '}',
    ]);
  });

  it('reads function params as names and result as a template', () => {
    expect(o('{"function": {"f": {"params": ["a", "b"], "variadic_params": "rest", "result": "${a}-${b}"}}}')).toEqual([
      'function "f" {',
      '  params=[a b]',
      '  variadic_params=rest',
      '  result=(tpl (${ a) "-" (${ b))',
      '}',
    ]);
  });

  it('ignores "//" comment properties in bodies, but not in object values', () => {
    expect(o('{"//": "note", "target": {"t": {"//": "x", "args": {"//": "kept"}}}}')).toEqual(['target "t" {', '  args={(tpl "//")=(tpl "kept")}', '}']);
  });

  it('keeps top-level keys that are not blocks as attributes', () => {
    expect(o('{"foo": "bar"}')).toEqual(['foo=(tpl "bar")']);
  });

  it('points ranges into the JSON text, templates inside their string', () => {
    const body = parseHclJson('b.json', '{\n  "target": {\n    "a": {\n      "tags": ["x${T}"]\n    }\n  }\n}');
    const blk = body.blocks[0]!;
    expect(blk.labelRanges[0]).toMatchObject({ start: { line: 3, column: 5 }, end: { line: 3, column: 8 } });
    const attr = blk.body.attributes[0]!;
    expect(attr.nameRange).toMatchObject({ start: { line: 4, column: 7 }, end: { line: 4, column: 13 } });
    if (attr.expr.kind !== 'tuple') throw new Error('tuple expected');
    const tpl = attr.expr.items[0]!;
    if (tpl.kind !== 'template') throw new Error('template expected');
    expect(tpl.range).toMatchObject({ start: { line: 4, column: 16 }, end: { line: 4, column: 23 } });
    expect(tpl.parts[1]!.range).toMatchObject({ start: { line: 4, column: 18 }, end: { line: 4, column: 22 } });
  });

  it('maps positions inside strings with escapes back to the JSON text', () => {
    const body = parseHclJson('b.json', '{"a": "\\"q\\" ${x}"}');
    const tpl = body.attributes[0]!.expr;
    if (tpl.kind !== 'template') throw new Error('template expected');
    expect(tpl.parts[1]!.range).toMatchObject({ start: { column: 14, byte: 13 }, end: { column: 18, byte: 17 } });
    expect(err('{"a": "\\u0041 ${f(\\"x\\") y}"}')).toContain('b.json:1,26-27: Extra characters after interpolation expression');
  });

  it('decodes JSON escapes before template parsing', () => {
    const body = parseHclJson('b.json', '{"a": "q\\"\\u0041\\n$${x}"}');
    expect(dump(body.attributes[0]!.expr)).toBe('(tpl "q\\"A\\n${x}")');
  });

  it.each([
    ['{"a": 1,}', 'b.json:1,9-10: Invalid JSON; A quoted property name is expected here.'],
    ['{"a" 1}', 'b.json:1,6-7: Invalid JSON; A colon is expected after a property name.'],
    ['{"a": [1 2]}', 'b.json:1,10-11: Invalid JSON; A comma or a closing bracket is expected here.'],
    ['{\n  "a": tru\n}', 'b.json:2,8-9: Invalid JSON'],
    ['{"a": "x', 'b.json:1,9-9: Invalid JSON; The string is not terminated.'],
    ['{} x', 'b.json:1,4-5: Invalid JSON; Extra characters after the JSON value.'],
    ['[]', 'b.json:1,1-3: Root value must be object'],
    ['{"target": {"a": 1}}', 'b.json:1,18-19: Incorrect JSON value type'],
    ['{"a": 1, "a": 2}', 'b.json:1,10-13: Duplicate argument; Argument "a" was already set at b.json:1,2-5.'],
    ['{"a": "${x y}"}', 'b.json:1,12-13: Extra characters after interpolation expression'],
    ['{"function": {"f": {"params": [1]}}}', 'b.json:1,32-33: Incorrect JSON value type'],
  ])('reports %j', (src, want) => {
    expect(err(src)).toContain(want);
  });

  const conformance = '/work/shared/conformance/bake/149-json-basic/docker-bake.json';
  it.skipIf(!existsSync(conformance))('reads the conformance JSON file', () => {
    const body = parseHclJson('docker-bake.json', readFileSync(conformance, 'utf8'));
    expect(body.blocks.map((b) => `${b.type}.${b.labels[0]}`)).toEqual(['variable.TAG', 'group.default', 'target.webapp']);
  });
});
