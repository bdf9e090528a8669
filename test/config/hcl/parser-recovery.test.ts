// HCL's parser carries on after a syntax error (skipping to the end of the bracket, sequence or
// line), and buildx prints how many more diagnostics it found. Each case lists the diagnostics
// (range and summary) that hashicorp/hcl v2's parser reports for the input, in its order.
import { describe, expect, it } from 'vitest';
import { formatRange, SourceError } from '../../../src/errors.js';
import { parseHcl } from '../../../src/config/hcl/parser.js';

function diagnostics(src: string): string[] {
  try {
    parseHcl('e.hcl', src);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as SourceError).diagnostics.map((d) => `${formatRange(d.range!).slice('e.hcl:'.length)}: ${d.summary}`);
  }
  throw new Error('expected a syntax error');
}

const CASES: [string, string, string[]][] = [
  [
    'a broken tuple, parenthesis and call each report (the separator error is always reported)',
    'x = [1 2]\ny = (3 4)\nz = f(5 6)\n',
    [
      '1,8-9: Missing item separator',
      '2,8-9: Unbalanced parentheses',
      '3,9-10: Missing argument separator',
    ],
  ],
  [
    'a conditional without its false part, then a redefinition',
    'w = x ? y z\nv = 1\nv = 2\n',
    [
      '1,11-12: Missing false expression in conditional',
      '1,11-12: Missing newline after argument',
      '3,1-2: Attribute redefined',
    ],
  ],
  [
    'after a comma after an argument, the errors HCL reports only outside recovery mode stay quiet',
    'blk "a" {\n  p = 1,\n  q = {k = 1 m = 2}\n}\nr = 3 4\n',
    [
      '2,8-9: Unexpected comma after argument',
    ],
  ],
  [
    'a line break in a string skips to the next quote',
    's = "one\ntwo = 2\nthree = "3"\n',
    [
      '1,9-2,1: Invalid multi-line string',
      '2,8-3,1: Invalid multi-line string',
      '3,12-4,1: Invalid multi-line string',
      '1,9-2,1: Unterminated template string',
    ],
  ],
  [
    'one-line blocks: a comma and a missing brace',
    'item "n" { k = 1, j = 2 }\nitem "o" { k = 1\n}\n',
    [
      '1,17-18: Invalid single-argument block definition',
      '2,17-3,1: Invalid single-argument block definition',
    ],
  ],
  [
    'a template goes on after a broken sequence, escapes reported',
    'u = "\\q ${a b} \\z"\nt = 1\n',
    [
      '1,6-8: Invalid escape sequence',
      '1,13-14: Extra characters after interpolation expression',
      '1,16-18: Invalid escape sequence',
    ],
  ],
  [
    'for expressions: key and grouping checks after the closing bracket',
    'n = { for k in v : k }\nm = [for k in v : k => k]\nl = [for k in v : k...]\n',
    [
      "1,20-21: Invalid 'for' expression",
      "2,19-20: Invalid 'for' expression",
      "3,20-23: Invalid 'for' expression",
    ],
  ],
  [
    'template directives: unbalanced else and endif',
    'h = <<EOT\n%{ for x in y }\n%{ if z }a%{ else }b%{ else }c%{ endif }\nEOT\ng = 1\n',
    [
      '3,21-30: Unexpected else directive',
      '3,31-41: Unexpected endif directive',
    ],
  ],
  [
    'a dot without a name, then a quiet unterminated tuple',
    'e = a..b\nd = [\n',
    [
      '1,7-8: Invalid attribute name',
    ],
  ],
  [
    'labels: sequences and a line break',
    'c "l${x}" "m%{y}" {\n}\nb "x\ny" {\n}\n',
    [
      '3,5-4,1: Invalid multi-line string',
      '1,5-7: Invalid string literal',
      '1,13-15: Invalid string literal',
      '3,5-4,1: Invalid string literal',
    ],
  ],
  [
    'sequence errors: an invalid expression, a quiet bad keyword, a dropped for directive',
    'q = "${ x + }"\nr = "%{ foo }"\ns = "%{ fr x in y }${x}%{ endfor }"\n',
    [
      '1,13-14: Invalid expression',
      '3,24-35: Unexpected endfor directive',
    ],
  ],
  [
    'a stray bracket in a block skips to its closing brace',
    'blk {\n  a = 1\n  ]\n  b = 2\n}\nc = 1 2\n',
    [
      '3,3-4: Argument or block definition required',
    ],
  ],
  [
    'a legacy index after a parenthesis error, then a quiet missing operand',
    'a = (1 2)\nb = x.1.2\nc = 1 +\n',
    [
      '1,8-9: Unbalanced parentheses',
      '2,7-10: Invalid legacy index syntax',
    ],
  ],
  [
    'a missing index bracket, a quiet splat, then a parenthesis',
    't = x[1 2]\nu = y[*.z\nv = (1 2)\n',
    [
      '1,10-11: Missing close bracket on index',
      '3,8-9: Unbalanced parentheses',
    ],
  ],
];

describe('parse error recovery', () => {
  it.each(CASES)('%s', (_name, src, want) => {
    expect(diagnostics(src)).toEqual(want);
  });

  it.each([
    ['a = "ab${x\n', 'e.hcl:1,6-8: Unclosed template interpolation sequence; There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.'],
    ['a = "ab${x:1}"\n', 'e.hcl:1,11-12: Extra characters after interpolation expression; Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".'],
    ['a = "${x y}"\n', 'e.hcl:1,10-11: Extra characters after interpolation expression; Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".'],
    ['a = "%{ fora x in y }%{ endfor }"\n', 'e.hcl:1,9-13: Invalid template control keyword; "fora" is not a valid template control keyword. Did you mean "for"?, and 1 other diagnostic(s)'],
    ['a = { b c = 1 }\n', 'e.hcl:1,9-10: Missing key/value separator; Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.'],
  ])('the message for %j', (src, want) => {
    let message = '';
    try {
      parseHcl('e.hcl', src);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(want);
  });

  it('counts the other diagnostics in the message, as buildx prints it', () => {
    expect(() => parseHcl('e.hcl', 'x = [1 2]\ny = (3 4)\n')).toThrow(/^e\.hcl:1,8-9: Missing item separator; .*, and 1 other diagnostic\(s\)$/s);
  });
});
