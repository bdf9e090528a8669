// Template scanning: quoted strings (with backslash escapes), heredocs (no escapes, optional
// indentation removal) and bare template text such as HCL-JSON strings. `${ }` and `%{ }`
// sequences are parsed with the expression parser over the same cursor.
import { SourceError, type Pos, type Range } from '../../errors.js';
import type { Expr, TemplateExpr, TemplatePart } from './ast.js';
import type { Lexer, Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { newlineRun } from './parser-lexcheck.js';
import { firstSuggestion } from './eval-errors.js';
import { recoverSequenceEnd } from './parser-recover.js';
import { Parser, type TemplateMode } from './parser-state.js';
import { applyStripMarkers, buildParts, unindent, type DirectiveName, type FlatItem } from './parser-template-tree.js';

/** Parses `text` (the body of a template, without quotes) located at `start` in `filename`. */
export function parseTemplate(filename: string, text: string, start: Pos): TemplateExpr {
  const p = new Parser(filename, text, start);
  const { items, end } = scanItems(p, { kind: 'raw' });
  applyStripMarkers(items);
  // A failed template has recorded its errors: finish() throws all of them.
  const parts = nestParts(p, items, end);
  return p.finish({ kind: 'template', parts: parts instanceof SourceError ? [] : parts, range: p.lx.rangeFrom(start) });
}

/** The template, or (its nesting checked too, as HCL does) the error that fails it. */
function finishTemplate(p: Parser, parts: TemplatePart[] | SourceError, failed: SourceError | undefined, open: Token): TemplateExpr {
  if (failed) throw failed;
  if (parts instanceof SourceError) throw parts;
  return { kind: 'template', parts, range: p.lx.rangeFrom(open.range.start) };
}

/**
 * The template's nested parts. HCL checks the directives' nesting after scanning the whole
 * template, and an unbalanced one is reported without stopping the parse.
 */
function nestParts(p: Parser, items: FlatItem[], end: Range): TemplatePart[] | SourceError {
  try {
    return buildParts(items, end);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return p.soft(err) ?? [];
  }
}

/**
 * A quoted string, with the opening quote as the next token. A `label` (of a block) takes no
 * sequences: HCL reports each one, and a line break, and reads on to the closing quote.
 */
export function parseQuoted(p: Parser, label = false): TemplateExpr {
  const open = p.next();
  const plain = plainQuoted(p.lx, open);
  if (plain) return plain;
  const { items, end, failed } = scanItems(p, { kind: 'quoted' }, label);
  applyStripMarkers(items);
  return finishTemplate(p, nestParts(p, items, end), failed, open);
}

/** A heredoc, with its `<<EOT` line as the next token; ends just after the closing marker. */
export function parseHeredoc(p: Parser): TemplateExpr {
  const open = p.next();
  const flush = open.text.startsWith('<<-');
  const marker = open.text.slice(flush ? 3 : 2);
  const { items, end, failed } = scanItems(p, { kind: 'heredoc', marker });
  applyStripMarkers(items);
  if (flush) unindent(items);
  return finishTemplate(p, nestParts(p, items, end), failed, open);
}

/** At a line start: is this line the heredoc's closing marker? Consumes it if so. */
function atClosingMarker(lx: Lexer, marker: string): boolean {
  let i = lx.byte;
  while (lx.text.charCodeAt(i) === 32 || lx.text.charCodeAt(i) === 9) i++;
  if (!lx.text.startsWith(marker, i)) return false;
  let j = i + marker.length;
  while (lx.text.charCodeAt(j) === 32 || lx.text.charCodeAt(j) === 9 || lx.text.charCodeAt(j) === 13) j++;
  if (j < lx.text.length && lx.text.charCodeAt(j) !== 10) return false;
  lx.advance(i + marker.length - lx.byte);
  return true;
}

/** The characters that end a run of plain template text. */
const SPECIAL = /[\n"$%\\]/g;

/**
 * Most quoted strings of a bake file are plain text (`"services/api"`, labels): when the first
 * special character after the opening quote is the closing one, the string is its one literal,
 * without the item list that sequences and escapes need. Undefined (cursor unmoved) otherwise.
 */
function plainQuoted(lx: Lexer, open: Token): TemplateExpr | undefined {
  SPECIAL.lastIndex = lx.byte;
  const close = SPECIAL.exec(lx.text)?.index;
  if (close === undefined || lx.text.charCodeAt(close) !== 34) return undefined;
  // An array literal rather than push() onto []: pushing gives the array room for 17 elements,
  // and the syntax tree keeps one such array per string of the file.
  let parts: TemplatePart[] = [];
  if (close > lx.byte) {
    const line = lx.line;
    const column = lx.column;
    const byte = lx.fileByte;
    const value = lx.text.slice(lx.byte, close);
    lx.advance(close - lx.byte);
    parts = [{ kind: 'literal', value, range: lx.rangeSince(line, column, byte) }];
  }
  lx.advance();
  return { kind: 'template', parts, range: lx.rangeSince(open.startLine, open.startColumn, open.startByte) };
}

/**
 * A template being scanned: its flat items, what ended it, and the error that fails it if any.
 * The error handling lives here rather than in closures: scanning is on the hot path.
 */
class Scan {
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
 * The flat items of a template and the range of what ended it (quote, marker, or end of text).
 * After an error in a sequence HCL carries on with the rest of the template, and fails the
 * expression once the template is over.
 */
function scanItems(p: Parser, mode: TemplateMode, label = false): Scan {
  const lx = p.lx;
  const scan = new Scan(p, label, lx.line, lx.column, lx.fileByte);
  const items = scan.items;
  let buf = '';
  let litStart = lx.pos();
  const flush = (): void => {
    if (buf !== '') items.push({ kind: 'lit', value: buf, range: lx.rangeFrom(litStart) });
    buf = '';
  };
  let lineStart = true;
  for (;;) {
    if (mode.kind === 'heredoc' && lineStart) {
      const at = lx.pos();
      if (atClosingMarker(lx, mode.marker)) {
        flush();
        return scan.done(lx.rangeFrom(at));
      }
    }
    lineStart = false;
    const c = lx.code();
    if (Number.isNaN(c)) {
      flush();
      const end = lx.rangeFrom(lx.pos());
      if (label && !scan.skipping) p.report(p.alwaysError('Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.', end));
      else if (mode.kind !== 'raw') scan.fail(p.error('Unterminated template string', 'No closing marker was found for the string.', end));
      return scan.done(end);
    }
    if (c === 34 && mode.kind === 'quoted') {
      flush();
      const at = lx.pos();
      lx.advance();
      return scan.done(lx.rangeFrom(at));
    }
    if (scan.skipping) {
      skipQuotedChar(p);
      continue;
    }
    if (c === 10) {
      if (mode.kind === 'quoted') {
        scan.broken(notInString(p, label, newlineRun(lx)));
        continue;
      }
      buf += '\n';
      lx.advance();
      // One literal per line, as HCL scans heredocs and bare templates.
      flush();
      litStart = lx.pos();
      lineStart = true;
    } else if (c === 92 && mode.kind === 'quoted') {
      const sel = lx.code(1);
      if (Number.isNaN(sel) || sel === 10 || sel === 13) scan.broken(notInString(p, label, 1));
      else buf += scanEscape(p, scan);
    } else if ((c === 36 || c === 37) && lx.code(1) === c && lx.code(2) === 123) {
      buf += c === 36 ? '${' : '%{';
      lx.advance(3);
    } else if ((c === 36 || c === 37) && lx.code(1) === 123 && label) {
      const which = c === 36 ? '$' : '%';
      const at = lx.pos();
      lx.advance(lx.code(2) === 126 ? 3 : 2);
      const err = p.alwaysError('Invalid string literal', `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`, lx.rangeFrom(at));
      lx.seek(at);
      p.report(err);
      skipQuotedChar(p);
    } else if ((c === 36 || c === 37) && lx.code(1) === 123) {
      flush();
      p.templateModes.push(mode);
      try {
        if (c === 36) items.push(scanInterpolation(p, mode, scan));
        else scanDirective(p, mode, scan);
      } catch (err) {
        scan.fail(err);
      } finally {
        p.templateModes.pop();
      }
      litStart = lx.pos();
    } else {
      // A run of plain characters, found in one native search rather than a call per character.
      SPECIAL.lastIndex = lx.byte + 1;
      const to = SPECIAL.exec(lx.text)?.index ?? lx.text.length;
      buf += lx.text.slice(lx.byte, to);
      lx.advance(to - lx.byte);
    }
  }
}

/** Error recovery: skips the rest of a template after leaving one of its sequences. */
export function skipTemplateRest(p: Parser, mode: TemplateMode): void {
  try {
    scanItems(p, mode);
  } catch {
    // Broken input: recovery carries on from wherever the scan stopped.
  }
}

/**
 * The next `length` characters, which HCL's scanner does not take as part of a quoted string (a
 * line break, or a backslash before one; the scan reported them). Its parser stops the string there.
 */
function notInString(p: Parser, label: boolean, length: number): SourceError {
  const lx = p.lx;
  const start = lx.pos();
  lx.advance(length);
  const range = lx.rangeFrom(start);
  if (label) return p.alwaysError('Invalid string literal', 'This item is not valid in a string literal.', range);
  return p.error('Unterminated template string', 'No closing marker was found for the string.', range);
}

/** One character (an escape, or a whole sequence) of a broken quoted string being skipped. */
function skipQuotedChar(p: Parser): void {
  const lx = p.lx;
  const c = lx.code();
  if ((c === 36 || c === 37) && lx.code(1) === 123) {
    openSequence(lx);
    p.pushNewlines(false);
    try {
      recoverSequenceEnd(p);
    } finally {
      p.popNewlines();
    }
    return;
  }
  lx.advance(c === 92 || ((c === 36 || c === 37) && lx.code(1) === c) ? 2 : 1);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A backslash escape inside a quoted string; HCL reports a bad one (to `note`) and parses on. */
function scanEscape(p: Parser, scan: Scan): string {
  const lx = p.lx;
  const start = lx.pos();
  const sel = lx.text[lx.byte + 1] ?? '';
  const simple = SIMPLE_ESCAPES[sel];
  if (simple !== undefined) {
    lx.advance(2);
    return simple;
  }
  const len = sel === 'u' ? 4 : sel === 'U' ? 8 : 0;
  const hex = /^[0-9a-fA-F]*/.exec(lx.text.slice(lx.byte + 2, lx.byte + 2 + len))![0];
  lx.advance(sel === '' ? 1 : 2 + hex.length);
  if (len > 0 && hex.length === len && parseInt(hex, 16) <= 0x10ffff) return String.fromCodePoint(parseInt(hex, 16));
  const detail = len > 0
    ? `The \\${sel} escape sequence must be followed by ${len === 4 ? 'four' : 'eight'} hexadecimal digits.`
    : `The symbol "${sel}" is not a valid escape sequence selector.`;
  scan.note(p.alwaysError('Invalid escape sequence', detail, lx.rangeFrom(start)));
  return '';
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
function openSequence(lx: Lexer): boolean {
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
function scanInterpolation(p: Parser, mode: TemplateMode, scan: Scan): FlatItem {
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
function scanDirective(p: Parser, mode: TemplateMode, scan: Scan): void {
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
