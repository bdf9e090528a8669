// Hand-written scanner for HCL's native syntax. It is pull-based: the parser asks for one token
// at a time and may save/restore the cursor, which lets templates (quoted strings, heredocs) be
// scanned character by character by template.ts while expressions inside `${}` reuse this scanner.
import { SourceError, type Pos, type Range } from '../../errors.js';
import { SourceRange } from './source-range.js';

export type TokenKind =
  | 'ident'
  | 'number'
  | 'newline'
  | 'eof'
  | 'oquote'
  | 'heredoc'
  | 'punct'
  | 'invalid';

/**
 * One token. Its range is built on first use from plain numbers: a large file has tens of
 * thousands of tokens, and most (operators, line ends) never need theirs.
 */
export class Token {
  private cached: SourceRange | undefined;

  constructor(
    readonly kind: TokenKind,
    /** Source text of the token (for heredocs: the opening line `<<EOT`/`<<-EOT`). */
    readonly text: string,
    private readonly filename: string,
    readonly startByte: number,
    readonly startLine: number,
    readonly startColumn: number,
    private readonly endByte: number,
    private readonly endLine: number,
    private readonly endColumn: number,
  ) {}

  get range(): SourceRange {
    this.cached ??= new SourceRange(this.filename, this.startLine, this.startColumn, this.startByte, this.endLine, this.endColumn, this.endByte);
    return this.cached;
  }
}

/** Characters that are one-character punctuation tokens, by code (0 = not punctuation). */
const SINGLE = new Uint8Array(128);
for (const c of '{}[](),.:?=*+-/%!<>~') SINGLE[c.charCodeAt(0)] = 1;

/**
 * The punctuation token at `i`, longest first so `...` wins over `.`. A switch on character
 * codes rather than a table of candidate strings: it runs for every operator of the file.
 */
function punctAt(text: string, i: number, c: number): string | undefined {
  const d = text.charCodeAt(i + 1);
  switch (c) {
    case 46: // .
      return d === 46 && text.charCodeAt(i + 2) === 46 ? '...' : '.';
    case 61: // =
      return d === 61 ? '==' : d === 62 ? '=>' : '=';
    case 33: // !
      return d === 61 ? '!=' : '!';
    case 60: // <
      return d === 61 ? '<=' : '<';
    case 62: // >
      return d === 61 ? '>=' : '>';
    case 38: // &
      return d === 38 ? '&&' : undefined;
    case 124: // |
      return d === 124 ? '||' : undefined;
    case 126: // ~
      return d === 125 ? '~}' : '~';
    default:
      return c < 128 && SINGLE[c] === 1 ? String.fromCharCode(c) : undefined;
  }
}

const CH_NL = 10;

let graphemes: Intl.Segmenter | undefined;

/** How many grapheme clusters (user-perceived characters) `s` holds. */
function countGraphemes(s: string): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

// Non-ASCII identifier characters follow Unicode's ID_Start/ID_Continue, approximately.
const UNICODE_START = /[\p{L}\p{Nl}]/u;
const UNICODE_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

function isIdentStart(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return UNICODE_START.test(String.fromCharCode(c));
}

/** ASCII identifier characters, by code: the scan of an identifier's ASCII run. */
const ASCII_IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_IDENT_PART[c] = isIdentPart(c) ? 1 : 0;

export function isIdentPart(c: number): boolean {
  if (c < 128) return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
  return UNICODE_PART.test(String.fromCharCode(c));
}

/** Whether the whole string is one identifier (HCL's ValidIdentifier). */
export function isIdentifier(s: string): boolean {
  if (s.length === 0 || !isIdentStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isIdentPart(s.charCodeAt(i))) return false;
  return true;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A cursor position; cheap to copy, which is how the parser backtracks. */
export interface Mark {
  byte: number;
  line: number;
  column: number;
}

export class Lexer {
  /** Index into `text`; reported positions add `base` (the text may be a slice of a file). */
  byte = 0;
  line: number;
  column: number;
  private readonly base: number;

  constructor(
    readonly filename: string,
    readonly text: string,
    private readonly start?: Pos,
  ) {
    this.base = start?.byte ?? 0;
    this.line = start?.line ?? 1;
    this.column = start?.column ?? 1;
  }

  /** A new cursor over the same text, at its start. */
  fresh(): Lexer {
    return new Lexer(this.filename, this.text, this.start);
  }

  mark(): Mark {
    return { byte: this.byte, line: this.line, column: this.column };
  }

  reset(m: Mark): void {
    this.byte = m.byte;
    this.line = m.line;
    this.column = m.column;
  }

  seek(pos: Pos): void {
    this.reset({ byte: pos.byte - this.base, line: pos.line, column: pos.column });
  }

  pos(): Pos {
    return { line: this.line, column: this.column, byte: this.base + this.byte };
  }

  rangeFrom(start: Pos): SourceRange {
    return this.rangeSince(start.line, start.column, start.byte);
  }

  /** From a start given as numbers (`byte` in file terms, as Pos.byte) to the cursor. */
  rangeSince(line: number, column: number, byte: number): SourceRange {
    return new SourceRange(this.filename, line, column, byte, this.line, this.column, this.base + this.byte);
  }

  /** The cursor's byte in file terms (Pos.byte), without making a Pos. */
  get fileByte(): number {
    return this.base + this.byte;
  }

  code(offset = 0): number {
    return this.text.charCodeAt(this.byte + offset);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.byte);
  }

  atEnd(): boolean {
    return this.byte >= this.text.length;
  }

  /**
   * Moves over `n` characters (UTF-16 units). Columns count grapheme clusters, as HCL's do: one
   * per ASCII character, and on a line with anything else the column is recounted from the
   * line's start (combining marks and emoji sequences are one column).
   */
  advance(n = 1): void {
    const text = this.text;
    const end = this.byte + n;
    let line = this.line;
    let column = this.column;
    let wide = false;
    for (let i = this.byte; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === CH_NL) {
        line++;
        column = 1;
        wide = false;
      } else {
        column++;
        if (c > 0x7f) wide = true;
      }
    }
    this.byte = end;
    this.line = line;
    this.column = wide ? this.graphemeColumn(end) : column;
  }

  /** The column at `end` (an index into the text) counted in grapheme clusters. */
  private graphemeColumn(end: number): number {
    const lineStart = this.text.lastIndexOf('\n', end - 1) + 1;
    // The text may start mid-line (a string of a JSON file): its first line starts at `start`.
    const first = lineStart === 0 ? (this.start?.column ?? 1) : 1;
    return first + countGraphemes(this.text.slice(lineStart, end));
  }

  /** Moves over `n` characters known to hold no line break nor surrogate (ASCII runs). */
  private skip(n: number): void {
    this.byte += n;
    this.column += n;
  }

  error(summary: string, detail: string, range: Range): SourceError {
    return new SourceError({ summary, detail, range });
  }

  /** Skips spaces, tabs, carriage returns and block comments (which never end a line). */
  private skipSpace(): void {
    const text = this.text;
    for (;;) {
      let i = this.byte;
      let c = text.charCodeAt(i);
      while (c === 32 || c === 9 || c === 13) c = text.charCodeAt(++i);
      this.skip(i - this.byte);
      if (c === 47 && text.charCodeAt(i + 1) === 42 && text.includes('*/', i + 2)) {
        // An unterminated `/*` is not a comment for HCL: it scans as `/` and `*`.
        this.advance(text.indexOf('*/', i + 2) + 2 - i);
      } else {
        return;
      }
    }
  }

  /** Where the token being scanned starts (fields rather than a Pos: see Token). */
  private tokByte = 0;
  private tokLine = 0;
  private tokColumn = 0;

  /** The next token in normal (non-template) mode. Line comments count as newlines. */
  next(): Token {
    this.skipSpace();
    this.startToken();
    const c = this.code();
    if (Number.isNaN(c)) return this.tok('eof');
    if (c === CH_NL) {
      this.advance();
      return this.tok('newline');
    }
    if (c === 35 || (c === 47 && this.code(1) === 47)) {
      const nl = this.text.indexOf('\n', this.byte);
      this.advance((nl < 0 ? this.text.length : nl + 1) - this.byte);
      return this.tok('newline');
    }
    if (isIdentStart(c)) {
      // Identifier characters are never line breaks; astral ones are not identifier characters.
      const text = this.text;
      let i = this.byte + 1;
      let d = text.charCodeAt(i);
      while (d < 128 && ASCII_IDENT_PART[d] === 1) d = text.charCodeAt(++i);
      if (c < 128 && !(d >= 128 && isIdentPart(d))) {
        this.skip(i - this.byte);
        return this.tok('ident');
      }
      // Non-ASCII letters, which may combine (a letter and its accent are one column).
      while (isIdentPart(text.charCodeAt(i))) i++;
      this.advance(i - this.byte);
      return this.tok('ident');
    }
    if (isDigit(c)) return this.scanNumber();
    if (c === 34) {
      this.advance();
      return this.tok('oquote');
    }
    if (c === 60 && this.code(1) === 60 && this.heredocAhead()) return this.scanHeredocOpen();
    const p = punctAt(this.text, this.byte, c);
    if (p !== undefined) {
      this.skip(p.length);
      return this.tok('punct', p);
    }
    this.advance();
    return this.tok('invalid');
  }

  private startToken(): void {
    this.tokByte = this.byte;
    this.tokLine = this.line;
    this.tokColumn = this.column;
  }

  /** The token from the start mark to the cursor; its text is the source between them by default. */
  private tok(kind: TokenKind, text = this.text.slice(this.tokByte, this.byte)): Token {
    const base = this.base;
    return new Token(kind, text, this.filename, base + this.tokByte, this.tokLine, this.tokColumn, base + this.byte, this.line, this.column);
  }

  /**
   * A number as HCL's scanner takes it: a digit, then digits, dots and exponents (`e`, an optional
   * sign, a digit) for as long as they go, not ending in a dot. So `1.5.x` is `1.5` then `.x`,
   * but `0.1.0` is one token, which the parser rejects, and `a.0.1` has the step `0.1`.
   */
  private scanNumber(): Token {
    let end = this.byte + 1;
    let last = end;
    for (;;) {
      const c = this.text.charCodeAt(end);
      if (isDigit(c)) {
        last = ++end;
      } else if (c === 46) {
        end++;
      } else if (c === 101 || c === 69) {
        const sign = this.text.charCodeAt(end + 1);
        const skip = sign === 43 || sign === 45 ? 2 : 1;
        if (!isDigit(this.text.charCodeAt(end + skip))) break;
        last = end += skip + 1;
      } else {
        break;
      }
    }
    this.advance(last - this.byte);
    return this.tok('number');
  }

  /** `<<EOT` or `<<-EOT` directly followed by a line break (else it is two `<` operators). */
  private heredocAhead(): boolean {
    let i = this.byte + 2;
    if (this.text.charCodeAt(i) === 45) i++;
    if (!isIdentStart(this.text.charCodeAt(i))) return false;
    while (isIdentPart(this.text.charCodeAt(i))) i++;
    if (this.text.charCodeAt(i) === 13) i++;
    return this.text.charCodeAt(i) === CH_NL;
  }

  /** The heredoc opener up to and including its line break. */
  private scanHeredocOpen(): Token {
    this.advance(2);
    if (this.code() === 45) this.advance();
    while (isIdentPart(this.code())) this.advance();
    const text = this.text.slice(this.tokByte, this.byte);
    this.advance(this.code() === 13 ? 2 : 1);
    return this.tok('heredoc', text);
  }
}
