import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../../../src/errors.js';
import { chompHeredocContent, heredocsFromLine, parseHeredoc } from '../../../../../src/engine/frontend/dockerfile/parser/heredoc.js';
import { parse } from '../../../../../src/engine/frontend/dockerfile/parser/parser.js';
import { valuesOf } from '../../../../../src/engine/frontend/dockerfile/parser/node.js';

function parseError(text: string): SourceError {
  try {
    parse(text, { filename: 'app.Dockerfile' });
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('parse errors carry the file and instruction lines', () => {
  it.each([
    ['', 1, 'file with no instructions'],
    ['# c\n\n', 2, 'file with no instructions'],
    ['# escape=x\nFROM a', 1, "invalid escape token 'x' does not match ` or \\"],
    ['# syntax=a\n# syntax=b\nFROM a', 2, 'only one syntax parser directive can be used'],
    ['FROM a\nENV \\\n PATH', 2, 'ENV must have two arguments'],
    ['FROM a\nLABEL a=b c', 2, 'Syntax error - can\'t find = in "c". Must be of the form: name=value'],
    ['FROM a\nCMD ["a", 1]', 2, 'when using JSON array syntax, arrays must be comprised of strings only'],
    ['FROM a\nRUN <<EOF\nx\n', 2, 'unterminated heredoc'],
  ])('%j → line %i: %s', (text, line, message) => {
    const err = parseError(text);
    expect(err.message).toBe(`app.Dockerfile:${line}: ${message}`);
    expect(err.range?.filename).toBe('app.Dockerfile');
  });

  it('spans every line of a multi-line instruction', () => {
    const err = parseError('FROM a\nRUN <<EOF\nx\ny\n');
    expect(err.range?.start.line).toBe(2);
    expect(err.range?.end.line).toBe(4);
  });
});

describe('parse: lines, comments, flags, attributes', () => {
  it('records start/end lines, prev comments (a blank line does not reset them), flags, original text', () => {
    const { ast } = parse('# top\n\n# about run\nRUN --mount=type=cache,target=/c \\\n  echo hi\nCMD ["a"]\n');
    const [run, cmd] = ast.children;
    expect([run!.startLine, run!.endLine, cmd!.startLine]).toEqual([4, 5, 6]);
    expect(run!.prevComment).toEqual(['top', 'about run']);
    expect(cmd!.prevComment).toEqual([]);
    expect(run!.flags).toEqual(['--mount=type=cache,target=/c']);
    expect(run!.original).toBe('RUN --mount=type=cache,target=/c   echo hi');
    expect(valuesOf(run!.next)).toEqual(['echo hi']);
    expect(run!.attributes).toEqual({});
    expect(cmd!.attributes).toEqual({ json: true });
  });

  it('strips a BOM and accepts CRLF line endings', () => {
    const { ast } = parse('\uFEFFFROM a\r\nRUN x \\\r\n y\r\n');
    expect(ast.children.map((c) => [c.value, valuesOf(c.next)])).toEqual([
      ['FROM', ['a']],
      ['RUN', ['x  y']],
    ]);
  });
});

describe('heredocs', () => {
  it('parses delimiters, quoting, chomp and fd prefixes', () => {
    expect(parseHeredoc('<<EOF')).toMatchObject({ name: 'EOF', expand: true, chomp: false, fileDescriptor: 0 });
    expect(parseHeredoc('<<-"EOF"')).toMatchObject({ name: 'EOF', expand: false, chomp: true });
    expect(parseHeredoc("2<<'E O'")).toMatchObject({ name: 'E O', expand: false, fileDescriptor: 2 });
    expect(parseHeredoc('<<E"O"F')).toMatchObject({ name: 'EOF', expand: false });
    expect(parseHeredoc('<<')).toBeUndefined();
    expect(parseHeredoc('<<a b')).toBeUndefined();
    expect(parseHeredoc('x<<EOF')).toBeUndefined();
  });

  it('finds every heredoc of a line, ignoring quoted ones', () => {
    expect(heredocsFromLine('COPY <<a "<<b" <<-c /d').map((h) => h.name)).toEqual(['a', 'c']);
    expect(heredocsFromLine('RUN echo "unterminated <<a')).toEqual([]);
  });

  it('takes blanks between << and the delimiter, but not after <<-', () => {
    expect(heredocsFromLine('RUN <<  EOF  > foo').map((h) => h.name)).toEqual(['EOF']);
    expect(heredocsFromLine('RUN << -EOF').map((h) => h.name)).toEqual(['-EOF']);
    expect(heredocsFromLine('RUN <<- EOF')).toEqual([]);
    const { ast } = parse('FROM a\nRUN <<  EOF\nx\nEOF\nRUN b\n');
    expect(ast.children[1]!.heredocs.map((h) => [h.name, h.content])).toEqual([['EOF', 'x\n']]);
    expect(ast.children[2]!.startLine).toBe(5);
  });

  it('reads bodies in order, keeps line endings, and stops at the delimiter line', () => {
    const { ast } = parse('FROM a\nRUN <<A <<-B\nline a\r\nA\n\tline b\n\t\tB\nRUN after\n');
    const run = ast.children[1]!;
    expect(run.heredocs.map((h) => [h.name, h.content])).toEqual([
      ['A', 'line a\r\n'],
      ['B', '\tline b\n'],
    ]);
    expect([run.startLine, run.endLine]).toEqual([2, 6]);
    expect(ast.children[2]!.startLine).toBe(7);
  });

  it('is not read for JSON forms or other instructions', () => {
    const { ast } = parse('FROM a\nRUN ["cat", "<<EOF"]\nENV A=<<EOF\nEOF\n');
    expect(ast.children.map((c) => c.value)).toEqual(['FROM', 'RUN', 'ENV', 'EOF']);
  });

  it('chomps leading tabs of every body line', () => {
    expect(chompHeredocContent('\t\ta\n\tb\n c\n')).toBe('a\nb\n c\n');
  });
});

describe('directives', () => {
  it('are read only at the top, case-insensitively, and stop at the first other line', () => {
    const r = parse('# Syntax = foo/bar:1 \n#check=error=true\n# escape=`\nFROM a\n# escape=\\\nRUN x `\n y\n');
    expect(r.directives).toEqual({ syntax: 'foo/bar:1', check: 'error=true', escape: '`' });
    expect(r.escapeToken).toBe('`');
    expect(valuesOf(r.ast.children[1]!.next)).toEqual(['x  y']);
  });

  it('ignores a directive after an ordinary comment', () => {
    const r = parse('# hello\n# escape=`\nFROM a\nRUN x \\\n y\n');
    expect(r.directives).toEqual({});
    expect(valuesOf(r.ast.children[1]!.next)).toEqual(['x  y']);
  });
});

describe('warnings', () => {
  it('warns once per instruction with empty continuation lines, at its last line', () => {
    const r = parse('FROM a\nRUN a \\\n\n b \\\n   \n c\nRUN d\n');
    expect(r.warnings).toEqual([{ line: 6, message: 'Empty continuation line found in: RUN a  b  c' }]);
  });
});

describe('line length', () => {
  it('rejects a line of 64KiB or more, as BuildKit\'s line scanner does, counting UTF-8 bytes', () => {
    const long = `FROM a\nLABEL x=${'a'.repeat(65536)}\n`;
    expect(() => parse(long)).toThrow('Dockerfile:2: dockerfile line greater than max allowed size of 65535');
    // 21846 three-byte characters make 65538 bytes though only 21846 UTF-16 units.
    expect(() => parse(`FROM a\nLABEL x=${'€'.repeat(21846)}\n`)).toThrow('max allowed size of 65535');
  });

  it('accepts a line just under the limit', () => {
    const line = `LABEL x=${'a'.repeat(65535 - 8)}`;
    expect(parse(`FROM a\n${line}\n`).ast.children).toHaveLength(2);
  });
});
