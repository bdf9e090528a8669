// Template scanning: quoted strings (with backslash escapes), heredocs (no escapes, optional
// indentation removal) and bare template text such as HCL-JSON strings. Their `${ }` and `%{ }`
// sequences are parsed by template-sequence.ts over the same cursor.
import { SourceError, type Pos, type Range } from '../../errors.js';
import type { TemplateExpr, TemplatePart } from './ast.js';
import type { Lexer, Token } from './lexer.js';
import { newlineRun } from './parser-lexcheck.js';
import { recoverSequenceEnd } from './parser-recover.js';
import { Parser, type TemplateMode } from './parser-state.js';
import { applyStripMarkers, buildParts, unindent, type FlatItem } from './parser-template-tree.js';
import { openSequence, Scan, scanDirective, scanInterpolation } from './template-sequence.js';

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
