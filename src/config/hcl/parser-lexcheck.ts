// HCL scans a whole file into tokens before parsing and reports invalid tokens (stray
// characters, bitwise operators, newlines inside quoted strings) ahead of any parse error.
// Our parser pulls tokens lazily, so when it fails this pass finds the errors HCL's scanner
// reports: all of them, as HCL's scanner carries on after each invalid token.
import type { Diagnostic } from '../../errors.js';
import { isDigit, isIdentPart, type Lexer } from './lexer.js';

type Frame = 'brace' | 'interp' | 'quoted' | { heredoc: string };

const MULTI_LINE =
  'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.';

const BITWISE: Record<string, string> = {
  '&': 'Bitwise operators are not supported. Did you mean boolean AND ("&&")?',
  '|': 'Bitwise operators are not supported. Did you mean boolean OR ("||")?',
  '^': 'Bitwise operators are not supported.',
  '~': 'Bitwise operators are not supported. Did you mean boolean NOT ("!")?',
};

const VALID_PUNCT = new Set([...'{}[](),.:?=*+-/%!<>']);

function invalidChar(ch: string): string {
  if (ch === "'") return 'Single quotes are not valid. Use double quotes (") to enclose strings.';
  if (ch === '`') return 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".';
  if (ch === ';') {
    return 'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.';
  }
  if (ch === '\u201c' || ch === '\u201d') {
    return '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".';
  }
  return 'This character is not used within the language.';
}

/**
 * HCL limits repeats: four bitwise operators, one semicolon, and only the opening one of the
 * first two pairs of single quotes or backticks (the closing one of a quoted word is not news).
 */
class Repeats {
  private readonly seen = new Map<string, number>();

  /** Counts one more `key` and says whether HCL reports it. */
  report(key: string): boolean {
    const n = this.seen.get(key) ?? 0;
    if (key === "'" || key === '`') {
      if (n <= 2) this.seen.set(key, n + 1);
      return n % 2 === 0;
    }
    this.seen.set(key, n + 1);
    return n < (key === ';' ? 1 : key === 'bitwise' ? 4 : Infinity);
  }
}

/** The lexical errors of the text `source` scans, in order, as HCL's scanner reports them. */
export function lexicalErrors(source: Lexer): Diagnostic[] {
  const lx = source.fresh();
  const stack: Frame[] = [];
  const found: Diagnostic[] = [];
  const repeats = new Repeats();
  const fail = (summary: string, detail: string, len: number, key = ''): Diagnostic | undefined => {
    const start = lx.pos();
    lx.advance(len);
    return repeats.report(key) ? { summary, detail, range: lx.rangeFrom(start) } : undefined;
  };
  while (!lx.atEnd()) {
    const top = stack[stack.length - 1];
    const err = top === 'quoted' || (typeof top === 'object') ? scanTemplateChar(lx, stack, fail) : scanNormalChar(lx, stack, fail);
    if (err) found.push(err);
  }
  return found;
}

type Fail = (summary: string, detail: string, len: number, key?: string) => Diagnostic | undefined;

function openSequence(lx: Lexer, stack: Frame[]): boolean {
  const c = lx.code();
  if ((c !== 36 && c !== 37) || lx.code(1) !== 123) return false;
  lx.advance(lx.code(2) === 126 ? 3 : 2);
  stack.push('interp');
  return true;
}

function scanTemplateChar(lx: Lexer, stack: Frame[], fail: Fail): Diagnostic | undefined {
  const top = stack[stack.length - 1]!;
  const c = lx.code();
  if (typeof top === 'object' && lx.column === 1 && heredocEnds(lx, top.heredoc)) {
    stack.pop();
  } else if (top === 'quoted' && c === 34) {
    lx.advance();
    stack.pop();
  } else if (top === 'quoted' && c === 10) {
    return fail('Invalid multi-line string', MULTI_LINE, newlineRun(lx));
  } else if (top === 'quoted' && c === 92) {
    // A backslash before a line break (or the end) is not an escape: HCL's scanner rejects it.
    const after = lx.code(1);
    if (Number.isNaN(after) || after === 10 || after === 13) return fail('Invalid character', invalidChar('\\'), 1);
    lx.advance(2);
  } else if ((c === 36 || c === 37) && lx.code(1) === c && lx.code(2) === 123) {
    lx.advance(3);
  } else if (!openSequence(lx, stack)) {
    lx.advance();
  }
  return undefined;
}

/** HCL scans consecutive line breaks as one token. */
export function newlineRun(lx: Lexer): number {
  let n = 0;
  while (lx.code(n) === 10 || lx.code(n) === 13) n++;
  return n;
}

function heredocEnds(lx: Lexer, marker: string): boolean {
  const line = /^[ \t]*([A-Za-z_][\w-]*)[ \t\r]*(?:\n|$)/.exec(lx.text.slice(lx.byte, lx.byte + marker.length + 80));
  if (line?.[1] !== marker) return false;
  lx.advance(line[0].replace(/\n$/, '').length);
  return true;
}

function scanNormalChar(lx: Lexer, stack: Frame[], fail: Fail): Diagnostic | undefined {
  const c = lx.code();
  const ch = lx.text[lx.byte]!;
  if (c === 32 || c === 9 || c === 13 || c === 10) {
    lx.advance();
  } else if (isDigit(c) || /[\p{L}_]/u.test(ch)) {
    lx.advance();
    while (isIdentPart(lx.code())) lx.advance();
  } else if (c === 35 || (c === 47 && lx.code(1) === 47)) {
    const nl = lx.text.indexOf('\n', lx.byte);
    lx.advance((nl < 0 ? lx.text.length : nl) - lx.byte);
  } else if (c === 47 && lx.code(1) === 42 && lx.text.includes('*/', lx.byte + 2)) {
    lx.advance(lx.text.indexOf('*/', lx.byte + 2) + 2 - lx.byte);
  } else if (c === 34) {
    lx.advance();
    stack.push('quoted');
  } else if (lx.startsWith('<<') && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(lx.text.slice(lx.byte, lx.byte + 100))) {
    const m = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(lx.text.slice(lx.byte))!;
    lx.advance(m[0].length);
    stack.push({ heredoc: m[1]! });
  } else {
    return scanPunct(lx, stack, fail);
  }
  return undefined;
}

function scanPunct(lx: Lexer, stack: Frame[], fail: Fail): Diagnostic | undefined {
  const ch = lx.text[lx.byte]!;
  const pair = lx.text.slice(lx.byte, lx.byte + 2);
  if (pair === '&&' || pair === '||') {
    lx.advance(2);
  } else if (ch === '~' && lx.text[lx.byte + 1] === '}') {
    lx.advance();
  } else if (BITWISE[ch]) {
    return fail('Unsupported operator', BITWISE[ch], 1, 'bitwise');
  } else if (ch === '{') {
    lx.advance();
    stack.push('brace');
  } else if (ch === '}') {
    lx.advance();
    stack.pop();
  } else if (VALID_PUNCT.has(ch)) {
    lx.advance();
  } else {
    return fail('Invalid character', invalidChar(ch), ch.length, ch);
  }
  return undefined;
}
