// Token stream shared by the body, expression and template parsers: one token of lookahead,
// backtracking by cursor marks, and HCL's rule that newlines matter in bodies and object
// constructors but not inside parentheses, brackets or interpolations.
import { SourceError, type Pos, type Range } from '../../errors.js';
import { Lexer, type Mark, type Token } from './lexer.js';

/** The kind of template whose `${ }` or `%{ }` sequence is being parsed. */
export type TemplateMode = { kind: 'quoted' } | { kind: 'heredoc'; marker: string } | { kind: 'raw' };

export class Parser {
  readonly lx: Lexer;
  /** Enclosing templates, innermost last (error recovery needs to know how to leave them). */
  readonly templateModes: TemplateMode[] = [];
  /**
   * One token of lookahead, the cursor before it and the newline mode it was scanned in. Kept as
   * plain fields rather than objects: a large file has tens of thousands of tokens, and two
   * short-lived objects for each of them only fed the garbage collector.
   */
  private peeked: Token | undefined;
  private peekedNewlines = false;
  private beforeByte = 0;
  private beforeLine = 0;
  private beforeColumn = 0;
  private readonly newlineStack: boolean[] = [true];

  constructor(filename: string, text: string, start?: Pos) {
    this.lx = new Lexer(filename, text, start);
  }

  get filename(): string {
    return this.lx.filename;
  }

  private get newlines(): boolean {
    return this.newlineStack[this.newlineStack.length - 1]!;
  }

  pushNewlines(include: boolean): void {
    this.newlineStack.push(include);
  }

  popNewlines(): void {
    this.newlineStack.pop();
  }

  /** The next significant token, without consuming it. */
  peek(): Token {
    const nl = this.newlines;
    if (this.peeked) {
      if (this.peekedNewlines === nl) return this.peeked;
      this.unpeek();
    }
    const lx = this.lx;
    this.beforeByte = lx.byte;
    this.beforeLine = lx.line;
    this.beforeColumn = lx.column;
    let tok = lx.next();
    while (!nl && tok.kind === 'newline') tok = lx.next();
    this.peeked = tok;
    this.peekedNewlines = nl;
    return tok;
  }

  next(): Token {
    const tok = this.peek();
    this.peeked = undefined;
    return tok;
  }

  /** Drops the lookahead, moving the cursor back before it. */
  private unpeek(): void {
    this.peeked = undefined;
    this.lx.byte = this.beforeByte;
    this.lx.line = this.beforeLine;
    this.lx.column = this.beforeColumn;
  }

  /** The cursor before any lookahead; `reset` returns to it. */
  mark(): Mark {
    return this.peeked ? { byte: this.beforeByte, line: this.beforeLine, column: this.beforeColumn } : this.lx.mark();
  }

  reset(m: Mark): void {
    this.peeked = undefined;
    this.lx.reset(m);
  }

  /** Moves the cursor to `pos` (a position of this text), dropping any lookahead. */
  seek(pos: Pos): void {
    this.peeked = undefined;
    this.lx.seek(pos);
  }

  /** Where the next raw character is; only valid with no lookahead pending. */
  pos(): Pos {
    if (this.peeked) this.unpeek();
    return this.lx.pos();
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === word;
  }

  /** Consumes the punctuation `text` or throws the given diagnostic at the offending token. */
  expect(text: string, summary: string, detail: string): Token {
    if (!this.isPunct(text)) throw this.errorAt(this.peek(), summary, detail);
    return this.next();
  }

  errorAt(tok: Token, summary: string, detail: string): SourceError {
    return this.error(summary, detail, tok.range);
  }

  error(summary: string, detail: string, range: Range): SourceError {
    return new SourceError({ summary, detail, range });
  }
}

export { span } from './source-range.js';

/**
 * The "Invalid expression" diagnostic HCL gives for a token that cannot start one. An invalid
 * character gets it too: the scan's "Invalid character" comes before it (parser.ts).
 */
export function invalidExpression(p: Parser, tok: Token): SourceError {
  if (tok.kind === 'eof') {
    return p.errorAt(tok, 'Missing expression', 'Expected the start of an expression, but found the end of the file.');
  }
  return p.errorAt(tok, 'Invalid expression', 'Expected the start of an expression, but found an invalid expression token.');
}
