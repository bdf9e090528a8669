// Token stream shared by the body, expression and template parsers: one token of lookahead,
// backtracking by cursor marks, and HCL's rule that newlines matter in bodies and object
// constructors but not inside parentheses, brackets or interpolations.
import { SourceError, type Diagnostic, type Pos, type Range } from '../../errors.js';
import { Lexer, type Token } from './lexer.js';

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
  /**
   * HCL's parser carries on after an error, and once it has skipped tokens to recover it stops
   * reporting most "unexpected token" errors (they would be noise from a bad resume point).
   */
  recovery = false;
  /** Diagnostics recorded so far; the parse fails at the end if there are any. */
  readonly diags: Diagnostic[] = [];

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

  /** An error HCL reports only outside recovery mode (most of its parse errors). */
  error(summary: string, detail: string, range: Range): SourceError {
    const err = new SourceError({ summary, detail, range });
    if (this.recovery) unreported.add(err);
    return err;
  }

  /** An error HCL reports even in recovery mode. */
  alwaysError(summary: string, detail: string, range: Range): SourceError {
    return new SourceError({ summary, detail, range });
  }

  /** Records an error HCL reports and parses on from (at index `at` of the list if given). */
  report(err: SourceError, at = this.diags.length): void {
    if (!unreported.has(err)) this.diags.splice(at, 0, ...err.diagnostics);
  }

  /**
   * Records the error that stopped a construct (once, however many levels catch it) and enters
   * recovery mode, as HCL does before skipping tokens. False when HCL would not report it: then
   * HCL's callers see no error and parse on after the skip.
   */
  settle(err: SourceError): boolean {
    if (!settled.has(err)) {
      settled.add(err);
      this.report(err);
    }
    this.recovery = true;
    return !unreported.has(err);
  }

  /**
   * Records an error HCL reports without recovering. In recovery mode HCL's callers give up on
   * any construct that reported an error: then the error is returned, for the caller to throw
   * once the construct is done.
   */
  soft(err: SourceError): SourceError | undefined {
    this.report(err);
    if (!this.recovery) return undefined;
    settled.add(err);
    return err;
  }

  /** The parse result, or all recorded diagnostics. */
  finish<T>(result: T): T {
    if (this.diags.length > 0) throw new SourceError(this.diags);
    return result;
  }
}

/** Errors created in recovery mode that HCL would not report. */
const unreported = new WeakSet<SourceError>();
/** Errors already recorded by an inner construct. */
const settled = new WeakSet<SourceError>();

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
