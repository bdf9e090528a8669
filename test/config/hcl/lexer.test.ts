import { describe, expect, it } from 'vitest';
import { Lexer, type Token } from '../../../src/config/hcl/lexer.js';

function tokens(src: string): string[] {
  const lx = new Lexer('x.hcl', src);
  const out: string[] = [];
  for (let t: Token = lx.next(); t.kind !== 'eof'; t = lx.next()) out.push(t.kind === 'punct' || t.kind === 'ident' || t.kind === 'number' ? t.text : `<${t.kind}>`);
  return out;
}

describe('Lexer', () => {
  it('scans identifiers (with dashes), numbers and multi-character operators', () => {
    expect(tokens('cache-from = 1.5e3 >= 2 && !x || y != z ... => ~}')).toEqual([
      'cache-from', '=', '1.5e3', '>=', '2', '&&', '!', 'x', '||', 'y', '!=', 'z', '...', '=>', '~}',
    ]);
  });

  it('does not take a dot or an exponent without digits into a number', () => {
    expect(tokens('1. 2e x1')).toEqual(['1', '.', '2', 'e', 'x1']);
  });

  it('turns line comments into newlines and skips block comments', () => {
    expect(tokens('a # c\nb // d\nc /* e\n f */ d')).toEqual(['a', '<newline>', 'b', '<newline>', 'c', 'd']);
  });

  it('scans an unterminated block comment as operators, as HCL does', () => {
    expect(tokens('a /* b')).toEqual(['a', '/', '*', 'b']);
  });

  it('recognises heredoc openers only when a line break follows the marker', () => {
    expect(tokens('<<EOT\n')).toEqual(['<heredoc>']);
    expect(tokens('<<-EOT\r\n')).toEqual(['<heredoc>']);
    expect(tokens('<<EOT x')).toEqual(['<', '<', 'EOT', 'x']);
  });

  it('marks quotes and unknown characters', () => {
    expect(tokens('"a @')).toEqual(['<oquote>', 'a', '<invalid>']);
  });

  it('tracks lines and columns, a surrogate pair being one column', () => {
    const lx = new Lexer('x.hcl', 'a\n😀 b');
    lx.next();
    lx.next();
    lx.advance(2);
    const b = lx.next();
    expect(b.range.start).toEqual({ line: 2, column: 3, byte: 5 });
  });

  it('offsets positions by a start position', () => {
    const lx = new Lexer('x.hcl', 'ab', { line: 3, column: 4, byte: 10 });
    // Token ranges are SourceRanges, whose positions are read through getters.
    const { filename, start, end } = lx.next().range;
    expect({ filename, start, end }).toEqual({ filename: 'x.hcl', start: { line: 3, column: 4, byte: 10 }, end: { line: 3, column: 6, byte: 12 } });
  });

  it('scans numbers as HCL does: digits, dots and exponents, not ending in a dot', () => {
    const first = (text: string) => new Lexer('x.hcl', text).next().text;
    expect(first('1.5.x')).toBe('1.5');
    expect(first('0.1.0')).toBe('0.1.0');
    expect(first('1e3e4')).toBe('1e3e4');
    expect(first('2.5e-3+1')).toBe('2.5e-3');
    expect(first('1.')).toBe('1');
  });
});
