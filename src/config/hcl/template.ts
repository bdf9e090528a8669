// Template scanning: quoted strings (with backslash escapes), heredocs (no escapes, optional
// indentation removal) and bare template text such as HCL-JSON strings. `${ }` and `%{ }`
// sequences are parsed with the expression parser over the same cursor.
import type { Pos, Range } from '../../errors.js';
import type { Expr, TemplateExpr, TemplatePart } from './ast.js';
import type { Lexer, Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { newlineRun } from './parser-lexcheck.js';
import { Parser, type TemplateMode } from './parser-state.js';
import { applyStripMarkers, buildParts, unindent, type DirectiveName, type FlatItem } from './parser-template-tree.js';

/** Parses `text` (the body of a template, without quotes) located at `start` in `filename`. */
export function parseTemplate(filename: string, text: string, start: Pos): TemplateExpr {
  const p = new Parser(filename, text, start);
  const { items, end } = scanItems(p, { kind: 'raw' });
  applyStripMarkers(items);
  return { kind: 'template', parts: buildParts(items, end), range: p.lx.rangeFrom(start) };
}

/** A quoted string, with the opening quote as the next token. */
export function parseQuoted(p: Parser): TemplateExpr {
  const open = p.next();
  const plain = plainQuoted(p.lx, open);
  if (plain) return plain;
  const { items, end } = scanItems(p, { kind: 'quoted' });
  applyStripMarkers(items);
  return { kind: 'template', parts: buildParts(items, end), range: p.lx.rangeFrom(open.range.start) };
}

/** A heredoc, with its `<<EOT` line as the next token; ends just after the closing marker. */
export function parseHeredoc(p: Parser): TemplateExpr {
  const open = p.next();
  const flush = open.text.startsWith('<<-');
  const marker = open.text.slice(flush ? 3 : 2);
  const { items, end } = scanItems(p, { kind: 'heredoc', marker });
  applyStripMarkers(items);
  if (flush) unindent(items);
  return { kind: 'template', parts: buildParts(items, end), range: p.lx.rangeFrom(open.range.start) };
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

/** The flat items of a template and the range of what ended it (quote, marker, or end of text). */
function scanItems(p: Parser, mode: TemplateMode): { items: FlatItem[]; end: Range } {
  const lx = p.lx;
  const items: FlatItem[] = [];
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
        return { items, end: lx.rangeFrom(at) };
      }
    }
    lineStart = false;
    const c = lx.code();
    if (Number.isNaN(c)) {
      if (mode.kind === 'raw') {
        flush();
        return { items, end: lx.rangeFrom(lx.pos()) };
      }
      throw lx.error('Unterminated template string', 'No closing marker was found for the string.', lx.rangeFrom(lx.pos()));
    }
    if (c === 34 && mode.kind === 'quoted') {
      flush();
      const at = lx.pos();
      lx.advance();
      return { items, end: lx.rangeFrom(at) };
    }
    if (c === 10) {
      if (mode.kind === 'quoted') throw multiLine(lx);
      buf += '\n';
      lx.advance();
      // One literal per line, as HCL scans heredocs and bare templates.
      flush();
      litStart = lx.pos();
      lineStart = true;
    } else if (c === 92 && mode.kind === 'quoted') {
      buf += scanEscape(lx);
    } else if ((c === 36 || c === 37) && lx.code(1) === c && lx.code(2) === 123) {
      buf += c === 36 ? '${' : '%{';
      lx.advance(3);
    } else if ((c === 36 || c === 37) && lx.code(1) === 123) {
      flush();
      p.templateModes.push(mode);
      try {
        items.push(c === 36 ? scanInterpolation(p) : scanDirective(p));
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

/** HCL's parser stops a quoted string at a line break (the scan reported the break itself). */
function multiLine(lx: Lexer): Error {
  const start = lx.pos();
  lx.advance(newlineRun(lx));
  return lx.error('Unterminated template string', 'No closing marker was found for the string.', lx.rangeFrom(start));
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A backslash escape inside a quoted string. */
function scanEscape(lx: Lexer): string {
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
  throw lx.error('Invalid escape sequence', detail, lx.rangeFrom(start));
}

/** After an interpolation or directive: optional `~`, then the closing brace. */
function closeSequence(p: Parser, summary: string, detail: string): boolean {
  if (p.isPunct('~}')) {
    p.next();
    return true;
  }
  if (p.isPunct('~')) throw p.errorAt(p.peek(), 'Unsupported operator', 'Bitwise operators are not supported. Did you mean boolean NOT ("!")?');
  p.expect('}', summary, detail);
  return false;
}

/** Consumes `${` and an optional `~` strip marker. */
function openSequence(lx: Lexer): boolean {
  lx.advance(2);
  if (lx.code() !== 126) return false;
  lx.advance();
  return true;
}

function scanInterpolation(p: Parser): FlatItem {
  const start = p.lx.pos();
  const stripL = openSequence(p.lx);
  p.pushNewlines(false);
  try {
    const expr = parseExpr(p);
    const stripR = closeSequence(p, 'Extra characters after interpolation expression', 'Expected a closing brace to end the interpolation expression, but found extra characters.');
    return { kind: 'interp', expr, range: p.lx.rangeFrom(start), stripL, stripR };
  } finally {
    p.popNewlines();
  }
}

const DIRECTIVES: readonly string[] = ['if', 'else', 'endif', 'for', 'endfor'];

function scanDirective(p: Parser): FlatItem {
  const start = p.lx.pos();
  const stripL = openSequence(p.lx);
  p.pushNewlines(false);
  try {
    const kw = p.next();
    if (kw.kind !== 'ident') {
      throw p.errorAt(kw, 'Invalid template directive', 'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.');
    }
    if (!DIRECTIVES.includes(kw.text)) {
      throw p.errorAt(kw, 'Invalid template control keyword', `"${kw.text}" is not a valid template control keyword.`);
    }
    const name = kw.text as DirectiveName;
    const item: Extract<FlatItem, { kind: 'dir' }> = { kind: 'dir', name, range: kw.range, stripL, stripR: false };
    if (name === 'if') item.expr = parseExpr(p);
    if (name === 'for') scanForHeader(p, item);
    item.stripR = closeSequence(p, `Extra characters in ${name} marker`, `Expected a closing brace to end the sequence, but found extra characters.`);
    item.range = p.lx.rangeFrom(start);
    return item;
  } finally {
    p.popNewlines();
  }
}

function forIdent(p: Parser, detail: string): string {
  const tok = p.next();
  if (tok.kind !== 'ident') throw p.errorAt(tok, "Invalid 'for' directive", detail);
  return tok.text;
}

/** `k, v in collection` of a `%{for}` directive. */
function scanForHeader(p: Parser, item: { keyVar?: string; valueVar?: string; expr?: Expr }): void {
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
  item.expr = parseExpr(p);
}
