import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/config/hcl/parser.js';
import { outline } from '../../fixtures/hcl/dump.js';

const o = (src: string): string[] => outline(parseHcl('x.hcl', src));

describe('parseHcl bodies', () => {
  it('parses attributes and labelled blocks in source order', () => {
    expect(o('a = 1\ntarget "app" {\n  b = 2\n}\ngroup default {\n}\nc = "x"\n')).toEqual([
      'a=1',
      'c=(tpl "x")',
      'target "app" {',
      '  b=2',
      '}',
      'group "default" {',
      '}',
    ]);
  });

  it('parses one-line blocks, empty or with one attribute', () => {
    expect(o('target "a" {}\ngroup "g" { targets = ["a"] }')).toEqual(['target "a" {', '}', 'group "g" {', '  targets=[(tpl "a")]', '}']);
  });

  it('nests blocks', () => {
    expect(o('variable "v" {\n  validation {\n    condition = true\n  }\n}')).toEqual([
      'variable "v" {',
      '  validation {',
      '    condition=true',
      '  }',
      '}',
    ]);
  });

  it('skips all comment forms, and a comment ends an attribute line', () => {
    expect(o('# a\n// b\n/* c\n d */ a = 1 # end\nb = 2 // end\nc = /* inline */ 3\n')).toEqual(['a=1', 'b=2', 'c=3']);
  });

  it('parses an empty file and Unicode identifiers', () => {
    expect(o('')).toEqual([]);
    expect(o('# only a comment')).toEqual([]);
    expect(o('café = naïve.ü')).toEqual(['café=(. naïve ü)']);
  });

  it('accepts CRLF line endings and a missing final newline', () => {
    expect(o('a = 1\r\nb = 2')).toEqual(['a=1', 'b=2']);
  });

  it('parses heredoc attributes followed by more items', () => {
    expect(o('a = <<EOT\nx\nEOT\nb = 1\n')).toEqual(['a=(tpl "x\\n")', 'b=1']);
  });

  it('records block, label and attribute ranges', () => {
    const body = parseHcl('x.hcl', 'target "app" {\n  tags = ["a"]\n}\n');
    const blk = body.blocks[0]!;
    expect(blk.typeRange).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 1, column: 7 } });
    expect(blk.labelRanges[0]).toMatchObject({ start: { line: 1, column: 8 }, end: { line: 1, column: 13 } });
    expect(blk.range).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 3, column: 2 } });
    const attr = blk.body.attributes[0]!;
    expect(attr.nameRange).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 7 } });
    expect(attr.range).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 15 } });
  });

  it('parses a 300-target file into 300 blocks (its speed is bench/print.ts\'s job)', () => {
    const src = Array.from({ length: 300 }, (_, i) => `target "t${i}" {\n  inherits = ["base"]\n  tags = ["r/t${i}:\${TAG}"]\n  args = { N = ${i} }\n}\n`).join('');
    const body = parseHcl('x.hcl', src);
    expect(body.blocks).toHaveLength(300);
    expect(body.blocks[299]!.labels).toEqual(['t299']);
  });
});
