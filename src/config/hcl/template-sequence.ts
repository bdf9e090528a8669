// The `${ }` interpolations and `%{ }` directives of a template: each is opened, its expression
// or directive parsed with the expression parser over the template's cursor, and closed, with
// HCL's diagnostics and recovery when one is broken. template.ts scans the text around them.

import { SourceError, type Pos, type Range } from '../../errors.js';
import type { Expr } from './ast.js';
import type { Lexer, Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { firstSuggestion } from './eval-errors.js';
import { recoverSequenceEnd } from './parser-recover.js';
import type { Parser, TemplateMode } from './parser-state.js';
import type { DirectiveName, FlatItem } from './parser-template-tree.js';

/**
 * A template being scanned: its flat items, what ended it, and the error that fails it if any.
 * The error handling lives here rather than in closures: scanning is on the hot path.
 */
export class Scan {
  readonly items: FlatItem[] = [];
  /** Set by done(), before scanItems returns. */
  end!: Range;
  failed: SourceError | undefined;
  /** After a line break in a quoted string HCL skips to the quote that ends it, sequences included. */
  skipping = false;

  constructor(
    private readonly p: Parser,
    /** A block label: its errors are the block's business and do not fail an expression. */
    readonly label: boolean,
    /** Where the template starts (line, column, file byte), for HCL's "unclosed sequence" range. */
    readonly startLine: number,
    readonly startColumn: number,
    readonly startByte: number,
  ) {}

  /** An error that ends a sequence or the string; one HCL keeps quiet does not fail the template. */
  fail(err: unknown): void {
    if (!(err instanceof SourceError)) throw err;
    if (this.p.settle(err)) this.failed ??= err;
  }

  /** An error the template parses on from. */
  note(err: SourceError): void {
    if (this.label) {
      this.p.report(err);
      return;
    }
    const bail = this.p.soft(err);
    this.failed ??= bail;
  }

  /** A line break, or a backslash before one, which HCL's scanner leaves out of the string. */
  broken(err: SourceError): void {
    if (this.label) this.p.report(err);
    else this.fail(err);
    this.p.recovery = true;
    this.skipping = true;
  }

  done(end: Range): Scan {
    this.end = end;
    return this;
  }
}

/**
 * After an interpolation or directive: optional `~`, then the closing brace. Anything else is
 * reported (outside recovery mode) and skipped up to the sequence's end. `directive` names the
 * directive, or is undefined for an interpolation.
 */
function closeSequence(p: Parser, scan: Scan, mode: TemplateMode, directive: DirectiveName | undefined): boolean {
  const tok = p.peek();
  if (tok.kind === 'punct' && (tok.text === '}' || tok.text === '~}')) {
    p.next();
    return tok.text === '~}';
  }
  const err = directive === undefined
    ? unclosedInterpolation(p, tok, mode, scan)
    : p.errorAt(tok, `Extra characters in ${directive} marker`, 'Expected a closing brace to end the sequence, but found extra characters.');
  const reported = p.settle(err);
  recoverSequenceEnd(p);
  if (reported) throw err;
  return false;
}

/** Consumes `${` and an optional `~` strip marker. */
export function openSequence(lx: Lexer): boolean {
  lx.advance(2);
  if (lx.code() !== 126) return false;
  lx.advance();
  return true;
}

/** Records a sequence's broken expression and skips to the sequence's end, as HCL does. */
function sequenceFailed(p: Parser, err: unknown): unknown {
  if (err instanceof SourceError) {
    p.settle(err);
    recoverSequenceEnd(p);
  }
  return err;
}

const EXTRA_AFTER_INTERP =
  'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".';

/** HCL's diagnostic for what stands where an interpolation's closing brace should be. */
function unclosedInterpolation(p: Parser, tok: Token, mode: TemplateMode, scan: Scan): SourceError {
  const unclosed = 'Unclosed template interpolation sequence';
  if (tok.kind === 'eof') {
    return p.error(unclosed, 'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.', firstToken(p.lx, { line: scan.startLine, column: scan.startColumn, byte: scan.startByte }));
  }
  if (tok.kind === 'punct' && tok.text === ':') {
    return p.errorAt(tok, 'Extra characters after interpolation expression', 'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".');
  }
  if (tok.kind === 'oquote' && mode.kind === 'quoted') {
    return p.error(unclosed, 'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.', firstToken(p.lx, { line: scan.startLine, column: scan.startColumn, byte: scan.startByte }));
  }
  return p.errorAt(tok, 'Extra characters after interpolation expression', EXTRA_AFTER_INTERP);
}

/**
 * The range of a template's first token as HCL scans it (a sequence opener, or a run of text up
 * to the first sequence or line break): HCL reports unclosed sequences there.
 */
function firstToken(lx: Lexer, start: Pos): Range {
  const m = lx.mark();
  lx.seek(start);
  let c = lx.code();
  if ((c === 36 || c === 37) && lx.code(1) === 123) {
    lx.advance(lx.code(2) === 126 ? 3 : 2);
  } else {
    for (; !Number.isNaN(c) && c !== 34 && c !== 10; c = lx.code()) {
      if ((c === 36 || c === 37) && lx.code(1) === 123) break;
      lx.advance(c === 92 ? 2 : (c === 36 || c === 37) && lx.code(1) === c && lx.code(2) === 123 ? 3 : 1);
    }
  }
  const r = lx.rangeFrom(start);
  lx.reset(m);
  return r;
}

/**
 * `${ expr }`. HCL reads a broken expression's sequence to its end and carries on with the
 * template; `first` is the template's first token, where HCL reports an unclosed sequence.
 */
export function scanInterpolation(p: Parser, mode: TemplateMode, scan: Scan): FlatItem {
  const start = p.lx.pos();
  const stripL = openSequence(p.lx);
  p.pushNewlines(false);
  try {
    let expr: Expr;
    try {
      expr = parseExpr(p);
    } catch (err) {
      throw sequenceFailed(p, err);
    }
    const stripR = closeSequence(p, scan, mode, undefined);
    return { kind: 'interp', expr, range: p.lx.rangeFrom(start), stripL, stripR };
  } finally {
    p.popNewlines();
  }
}

// In the order HCL tries them for a suggestion.
const DIRECTIVES: readonly string[] = ['if', 'for', 'else', 'endif', 'endfor'];

/**
 * `%{ keyword ... }`. A broken keyword or `for` header drops the directive; a broken
 * expression keeps it, as HCL's later check of the directives' nesting sees it.
 */
export function scanDirective(p: Parser, mode: TemplateMode, scan: Scan): void {
  const start = p.lx.pos();
  const stripL = openSequence(p.lx);
  p.pushNewlines(false);
  try {
    let item: Extract<FlatItem, { kind: 'dir' }>;
    try {
      const kw = p.peek();
      if (kw.kind !== 'ident') {
        throw p.errorAt(kw, 'Invalid template directive', 'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.');
      }
      if (!DIRECTIVES.includes(kw.text)) {
        throw p.errorAt(kw, 'Invalid template control keyword', `"${kw.text}" is not a valid template control keyword.${firstSuggestion(kw.text, DIRECTIVES)}`);
      }
      p.next();
      item = { kind: 'dir', name: kw.text as DirectiveName, range: kw.range, stripL, stripR: false };
      if (item.name === 'for') scanForNames(p, item);
      scan.items.push(item);
      if (item.name === 'if' || item.name === 'for') item.expr = parseExpr(p);
    } catch (err) {
      throw sequenceFailed(p, err);
    }
    item.stripR = closeSequence(p, scan, mode, item.name);
    item.range = p.lx.rangeFrom(start);
  } finally {
    p.popNewlines();
  }
}

function forIdent(p: Parser, detail: string): string {
  const tok = p.peek();
  if (tok.kind !== 'ident') throw p.errorAt(tok, "Invalid 'for' directive", detail);
  return p.next().text;
}

/** `k, v in` of a `%{for}` directive. */
function scanForNames(p: Parser, item: { keyVar?: string; valueVar?: string }): void {
  item.valueVar = forIdent(p, 'For directive requires variable name after \'for\'.');
  if (p.isPunct(',')) {
    p.next();
    item.keyVar = item.valueVar;
    item.valueVar = forIdent(p, 'For directive requires value variable name after comma.');
  }
  if (!p.isKeyword('in')) {
    throw p.errorAt(p.peek(), "Invalid 'for' directive", "For directive requires 'in' keyword after names.");
  }
  p.next();
}
