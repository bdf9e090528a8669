import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { parseHcl } from '../../../src/config/hcl/parser.js';

function err(src: string): string {
  try {
    parseHcl('x.hcl', src);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as Error).message;
  }
  throw new Error('expected a syntax error');
}

describe('parseHcl syntax errors', () => {
  it.each([
    ['a = \n', 'x.hcl:1,5-2,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.'],
    ['a = ', 'x.hcl:1,5-5: Missing expression; Expected the start of an expression, but found the end of the file.'],
    ['a = 1 b = 2\n', 'x.hcl:1,7-8: Missing newline after argument; An argument definition must end with a newline.'],
    ['target "a" {\n  b = 1\n', 'x.hcl:1,12-13: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.'],
    ['"a" = 1\n', 'x.hcl:1,1-2: Invalid argument name; Argument names must not be quoted.'],
    ['1 = 1\n', 'x.hcl:1,1-2: Argument or block definition required; An argument or block definition is required here.'],
    ['a = @\n', 'x.hcl:1,5-6: Invalid character; This character is not used within the language.'],
    ["a = 'x'\n", 'x.hcl:1,5-6: Invalid character; Single quotes are not valid. Use double quotes (") to enclose strings.'],
    ['a = "abc', 'Unterminated template string; No closing marker was found for the string.'],
    ['a = "${b c}"\n', 'x.hcl:1,10-11: Extra characters after interpolation expression; Expected a closing brace to end the interpolation expression, but found extra characters.'],
    ['a = "x\ny"\n', 'x.hcl:1,7-2,1: Invalid multi-line string'],
    ['a = "\\q"\n', 'x.hcl:1,6-8: Invalid escape sequence; The symbol "q" is not a valid escape sequence selector.'],
    ['a = [1 2]\n', 'x.hcl:1,8-9: Missing item separator; Expected a comma to mark the beginning of the next item.'],
    ['a = { b 1 }\n', 'x.hcl:1,9-10: Missing key/value separator'],
    ['a = { b = 1 c = 2 }\n', 'x.hcl:1,13-14: Missing attribute separator'],
    ['target "a" = 1\n', 'x.hcl:1,12-13: Invalid block definition'],
    ['target "a" { b = 1 c = 2 }\n', 'x.hcl:1,20-21: Invalid single-argument block definition'],
    ['target "a" {} x = 1\n', 'x.hcl:1,15-16: Missing newline after block definition'],
    ['a = 1\na = 2\n', 'x.hcl:2,1-2: Attribute redefined; The argument "a" was already set at x.hcl:1,1-2. Each argument may be set only once.'],
    ['target "${x}" {}\n', 'x.hcl:1,9-11: Invalid string literal'],
    ['a = f(1 2)\n', 'x.hcl:1,9-10: Missing argument separator'],
    ['a = f(b..., c)\n', 'x.hcl:1,8-11: Missing closing parenthesis'],
    ['a = (1\n', 'Unbalanced parentheses'],
    ['a = x[1\n', 'Missing close bracket on index'],
    ['a = x.\n', 'Invalid attribute name'],
    ['a = b ? c\n', 'Missing false expression in conditional'],
    ['a = [for x xs : x]\n', "x.hcl:1,12-14: Invalid 'for' expression"],
    ['a = 1\n/* open', 'x.hcl:2,1-2: Argument or block definition required'],
    ['a = →\n', 'x.hcl:1,5-6: Invalid character'],
    ['a = x[*:].b\n', 'x.hcl:1,9-10: Missing close bracket on splat index'],
    ['a = [1, 2', 'x.hcl:1,5-6: Unterminated tuple constructor expression'],
    ['a = f(1, 2', 'x.hcl:1,5-7: Unterminated function call'],
    ['a = { b = 1', 'x.hcl:1,5-6: Unterminated object constructor expression'],
    ['a = {\n b = 1\n', 'x.hcl:3,1-1: Missing expression'],
    ['a = [1,', 'x.hcl:1,8-8: Missing expression'],
    ['a = 1,\n', 'x.hcl:1,6-7: Unexpected comma after argument'],
    ['a = {\n  b\n}\n', 'x.hcl:2,4-3,1: Missing attribute value'],
    ['a = x[1, [2]] \n', 'x.hcl:1,13-14: Missing close bracket on index'],
    ['a = "${x ~ }"\n', 'x.hcl:1,10-11: Unsupported operator'],
    ['a = <<EOT \nx\nEOT\n', 'x.hcl:1,5-6: Invalid expression'],
    ['a = true(1)\nb = (\n', 'x.hcl:3,1-1: Missing expression'],
    ['a = "%{*}"\n', 'x.hcl:1,8-9: Invalid template directive'],
    ['a = [for k, v in x : k => v }\n', "x.hcl:1,29-30: Invalid 'for' expression; Extra characters after the end of the 'for' expression."],
  ])('%j', (src, want) => {
    expect(err(src)).toContain(want);
  });
});

describe('HCL-compatible error precedence', () => {
  it('reports an invalid token anywhere in the file before a parse error', () => {
    expect(err('a = [1 2]\nb = "x\ny"\n')).toContain('x.hcl:2,7-3,1: Invalid multi-line string');
    expect(err('a = [1 2]\nb = 1 & 2\n')).toContain('x.hcl:2,7-8: Unsupported operator; Bitwise operators are not supported. Did you mean boolean AND ("&&")?');
    expect(err('a = [1 2]\nb = "x\\\n"\n')).toContain('x.hcl:2,7-8: Invalid character');
  });

  it('reports a broken one-line block where HCL resumes, on the next line', () => {
    expect(err('v "a" { d = [1 2] }\n\nb = 1\n')).toContain('x.hcl:2,1-3,1: Invalid single-argument block definition');
    expect(err('v "a" { d = [1 2] }\nb = 1\n')).toContain('x.hcl:1,16-17: Missing item separator');
    expect(err('v "a" { "d" = 1 }\n')).toContain('x.hcl:1,9-10: Argument or block definition required');
    expect(err('v "a" { b c {} }\n')).toContain('x.hcl:1,9-12: Argument definition required');
  });
});
