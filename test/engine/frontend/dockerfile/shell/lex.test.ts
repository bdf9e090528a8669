import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../../src/errors.js';
import { ShellLex } from '../../../../../src/engine/frontend/dockerfile/shell/lex.js';

const env = { P: '/usr/local/bin/tool.tar.gz', E: '', A: 'aXbXc' };

describe('ShellLex pattern modifiers', () => {
  const lex = new ShellLex();
  it.each([
    ['${P#*/}', 'usr/local/bin/tool.tar.gz'],
    ['${P##*/}', 'tool.tar.gz'],
    ['${P%.*}', '/usr/local/bin/tool.tar'],
    ['${P%%.*}', '/usr/local/bin/tool'],
    ['${P#/usr}', '/local/bin/tool.tar.gz'],
    ['${P%.t?r.gz}', '/usr/local/bin/tool'],
    ['${A/X/-}', 'a-bXc'],
    ['${A//X/-}', 'a-b-c'],
    ['${A//X/}', 'abc'],
    ['${A/b*/}', 'aX'],
    ['${UNSET#a}', ''],
    ['${P#nomatch}', '/usr/local/bin/tool.tar.gz'],
    ['${A/[X]/-}', 'aXbXc'],
    ['${A//?/.}', '.....'],
  ])('%s → %s', (word, expected) => {
    expect(lex.processWord(word, env)).toBe(expected);
  });

  it('rejects colon forms of pattern modifiers and bad escapes', () => {
    expect(() => lex.processWord('${P:#x}', env)).toThrow(/unsupported modifier \(:#\)/);
    expect(() => lex.processWord('${P#\\a}', env)).toThrow(/invalid pattern/);
    expect(() => lex.processWord('${A/X', env)).toThrow(/missing '\/'/);
    expect(() => lex.processWord('${A', env)).toThrow(/missing '}'/);
    expect(() => lex.processWord('${A:', env)).toThrow(/missing '}'/);
    expect(() => lex.processWord('${A:x}', env)).toThrow(/unsupported modifier \(:x\)/);
  });
});

describe('ShellLex errors and options', () => {
  it('reports ${VAR:?msg} with the message and wraps errors as UserError', () => {
    const lex = new ShellLex();
    const err = (() => {
      try {
        lex.processWord('${E:?must be set}', env);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('failed to process "${E:?must be set}": E: must be set');
  });

  it('uses the backtick escape token: backslash is literal', () => {
    const lex = new ShellLex('`');
    expect(lex.processWord('C:\\path\\$E`$E', env)).toBe('C:\\path\\$E');
    expect(lex.processWords('a` b c', env)).toEqual(['a b', 'c']);
  });

  it('keeps unset references verbatim with skipUnsetEnv', () => {
    const lex = new ShellLex();
    lex.skipUnsetEnv = true;
    expect(lex.processWord('$X ${Y} ${Z:-d} ${W/a/b} $E.', env)).toBe('$X ${Y} ${Z:-d} ${W/a/b} .');
  });

  it('treats quotes as plain text with skipProcessQuotes (heredoc bodies)', () => {
    const lex = new ShellLex();
    lex.skipProcessQuotes = true;
    expect(lex.processWord(`echo "$A" 'x'`, env)).toBe(`echo "aXbXc" 'x'`);
  });

  it('keeps quotes with rawQuotes', () => {
    const lex = new ShellLex();
    lex.rawQuotes = true;
    expect(lex.processWord(`"$A" 'b'`, env)).toBe(`"aXbXc" 'b'`);
  });
});

describe('ShellLex.processWordWithMatches', () => {
  it('reports set and unset variables that were referenced', () => {
    const lex = new ShellLex();
    const r = lex.processWordWithMatches('$A ${E} ${NOPE:-x} "$P" \\$ESC', new Map(Object.entries(env)));
    expect(r.result).toBe('aXbXc  x /usr/local/bin/tool.tar.gz $ESC');
    expect([...r.matched].sort()).toEqual(['A', 'E', 'P']);
    expect([...r.unmatched]).toEqual(['NOPE']);
  });
});

describe('ShellLex heredoc words', () => {
  it('keeps the blanks after << in its word, as BuildKit does to find `<< EOF`', () => {
    const lex = new ShellLex();
    expect(lex.processWords('cat <<  EOF > out', {})).toEqual(['cat', '<<  EOF', '>', 'out']);
    expect(lex.processWords('a <\tb << \t', {})).toEqual(['a', '<', 'b', '<< \t']);
    expect(lex.processWord('x <<  y', {})).toBe('x <<  y');
  });
});
