// Every invalid token is a diagnostic of its own, ahead of the parse error, as HCL's scanner
// reports them (with its limits on repeats). Expected lists come from hclsyntax.ParseConfig
// (hcl 2.14) run on the same text.
import { describe, expect, it } from 'vitest';
import { formatRange, SourceError } from '../../../src/errors.js';
import { parseHcl } from '../../../src/config/hcl/parser.js';

function diagnostics(text: string): string[] {
  try {
    parseHcl('t.hcl', text);
  } catch (err) {
    if (err instanceof SourceError) return err.diagnostics.map((d) => `${formatRange(d.range!)} ${d.summary}`);
    throw err;
  }
  return [];
}

describe('lexical diagnostics', () => {
  it('reports each invalid token, then the parse error', () => {
    expect(diagnostics('a = 1 & 2\nb = 2\nc = @\n')).toEqual([
      't.hcl:1,7-8 Unsupported operator',
      't.hcl:3,5-6 Invalid character',
      't.hcl:1,7-8 Missing newline after argument',
    ]);
  });

  it('reports each line break of an unclosed quoted string', () => {
    expect(diagnostics('a = "x\ny\nz"\n')).toEqual([
      't.hcl:1,7-2,1 Invalid multi-line string',
      't.hcl:2,2-3,1 Invalid multi-line string',
      't.hcl:1,7-2,1 Unterminated template string',
    ]);
  });

  it('limits repeats as HCL does', () => {
    // Only the opening quote of the first two pairs, one semicolon, four bitwise operators.
    expect(diagnostics("a = 'x' + 'y' + 'z'\n")).toEqual([
      't.hcl:1,5-6 Invalid character',
      't.hcl:1,11-12 Invalid character',
      't.hcl:1,5-6 Invalid expression',
    ]);
    expect(diagnostics('a=1;b=2;c=3\n')).toEqual(['t.hcl:1,4-5 Invalid character', 't.hcl:1,4-5 Missing newline after argument']);
    expect(diagnostics('a = 1 &2 &3&4&5 &6\n')).toHaveLength(5);
  });

  it('words backticks and curly quotes as HCL does', () => {
    const message = (text: string) => {
      try {
        parseHcl('t.hcl', text);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(message('a = `x`\nb = `y`\n')).toBe(
      't.hcl:1,5-6: Invalid character; The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT"., and 2 other diagnostic(s)',
    );
    expect(message('a = \u201cx\u201d\n')).toBe(
      't.hcl:1,5-6: Invalid character; "Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote"., and 2 other diagnostic(s)',
    );
  });
});
