// HCL native syntax: file bodies of attributes and blocks (newline-terminated), and the public
// entry points used by the evaluator and the config loader.
import { formatRange, SourceError, type Pos, type Range } from '../../errors.js';
import type { Attribute, Block, Body, Expr, TemplateExpr } from './ast.js';
import type { Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { lexicalErrors } from './parser-lexcheck.js';
import { recoverAfterBodyItem, recoverTo, skipToken } from './parser-recover.js';
import { Parser, span } from './parser-state.js';
import { parseQuoted } from './template.js';

/** Parses a whole `.hcl` file. Syntax errors throw SourceError with HCL's wording. */
export function parseHcl(filename: string, text: string): Body {
  const p = new Parser(filename, text);
  return lexicalErrorsFirst(p, () => p.finish(parseBody(p, p.pos(), undefined).body));
}

/** Parses a standalone expression (e.g. a `--set` value or a JSON `${}` fragment). */
export function parseExpression(filename: string, text: string, start?: Pos): Expr {
  const p = new Parser(filename, text, start);
  p.pushNewlines(false);
  return lexicalErrorsFirst(p, () => {
    const expr = parseOrSettle(p);
    const rest = p.peek();
    if (rest.kind !== 'eof') {
      p.report(p.errorAt(rest, 'Extra characters after expression', 'An expression was successfully parsed, but extra characters were found after it.'));
    }
    return p.finish(expr);
  });
}

/**
 * HCL reports every invalid token in the text before the parse errors. An invalid token always
 * fails the parse too, so the scan only runs then.
 */
function lexicalErrorsFirst<T>(p: Parser, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const lexical = lexicalErrors(p.lx);
    if (lexical.length === 0) throw err;
    throw new SourceError([...lexical, ...err.diagnostics]);
  }
}

/** An expression, or (its error recorded) a placeholder where HCL would carry on after it. */
function parseOrSettle(p: Parser): Expr {
  const start = p.pos();
  try {
    return parseExpr(p);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    p.settle(err);
    return { kind: 'literal', value: null, range: { filename: p.filename, start, end: start } };
  }
}

/**
 * Body items until `}` (when `open` is the block's brace, consumed with the body) or the end of
 * the file. After a token that cannot start an item HCL gives up on the body: it skips to the
 * brace that closes it.
 */
function parseBody(p: Parser, start: Pos, open: Token | undefined): { body: Body; close: Range } {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  const seen = new Map<string, Range>();
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'newline') {
      p.next();
      continue;
    }
    if (open ? tok.kind === 'punct' && tok.text === '}' : tok.kind === 'eof') return bodyTo(p, start, attributes, blocks, p.next());
    if (tok.kind !== 'ident') {
      p.report(tok.kind === 'eof' ? unclosedBlock(p, open!) : notAnItem(p, tok));
      p.recovery = true;
      if (tok.kind !== 'eof') skipToken(p);
      return bodyTo(p, start, attributes, blocks, open ? recoverTo(p, '{', '}') : skipToEnd(p));
    }
    const item = parseItem(p);
    if (!item) continue;
    if ('expr' in item) {
      checkRedefined(p, seen, item);
      attributes.push(item);
    } else {
      blocks.push(item);
    }
  }
}

function bodyTo(p: Parser, start: Pos, attributes: Attribute[], blocks: Block[], end: Token): { body: Body; close: Range } {
  const close = end.range;
  return { body: { attributes, blocks, range: { filename: p.filename, start, end: close.start } }, close };
}

/** Skips the rest of the file, as HCL's recovery to the end of the top-level body does. */
function skipToEnd(p: Parser): Token {
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'eof') return tok;
    skipToken(p);
  }
}

function unclosedBlock(p: Parser, open: Token): SourceError {
  return p.errorAt(open, 'Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.');
}

function notAnItem(p: Parser, tok: Token): SourceError {
  if (tok.kind === 'oquote') return p.errorAt(tok, 'Invalid argument name', 'Argument names must not be quoted.');
  return p.errorAt(tok, 'Argument or block definition required', 'An argument or block definition is required here.');
}

/** HCL keeps the first definition and reports each later one, even in recovery mode. */
function checkRedefined(p: Parser, seen: Map<string, Range>, attr: Attribute): void {
  const prev = seen.get(attr.name);
  if (prev) {
    p.report(p.alwaysError('Attribute redefined', `The argument "${attr.name}" was already set at ${formatRange(prev)}. Each argument may be set only once.`, attr.nameRange));
    return;
  }
  seen.set(attr.name, attr.nameRange);
}

/** An argument or a block must end its line; otherwise HCL skips to the next line. */
function requireNewline(p: Parser, what: 'argument' | 'block'): void {
  const tok = p.peek();
  if (tok.kind === 'newline' || tok.kind === 'eof') {
    p.next();
    return;
  }
  p.report(missingNewline(p, tok, what));
  recoverAfterBodyItem(p, p.pos());
}

function missingNewline(p: Parser, tok: Token, what: 'argument' | 'block'): SourceError {
  if (what === 'block') return p.errorAt(tok, 'Missing newline after block definition', 'A block definition must end with a newline.');
  const detail = 'An argument definition must end with a newline.';
  if (tok.kind === 'punct' && tok.text === ',') {
    return p.errorAt(tok, 'Unexpected comma after argument', `Argument definitions must be separated by newlines, not commas. ${detail}`);
  }
  return p.errorAt(tok, 'Missing newline after argument', detail);
}

/**
 * An attribute `name = expr` or a block `type "label"... { body }`, the name being next.
 * Undefined when the name is followed by neither (reported, and skipped to the next line).
 */
function parseItem(p: Parser): Attribute | Block | undefined {
  const name = p.next();
  const next = p.peek();
  if (next.kind === 'punct' && next.text === '=') return parseAttribute(p, name, false);
  if (next.kind === 'ident' || next.kind === 'oquote' || (next.kind === 'punct' && next.text === '{')) return parseBlock(p, name);
  p.report(invalidBlock(p, name, next, 0));
  recoverAfterBodyItem(p, p.pos());
  return undefined;
}

/** `= expr` after the name; a broken expression makes HCL skip to the next line. */
function parseAttribute(p: Parser, name: Token, singleLine: boolean): Attribute {
  p.next();
  let expr: Expr;
  try {
    expr = parseExpr(p);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    p.settle(err);
    const at = p.pos();
    recoverAfterBodyItem(p, at);
    expr = { kind: 'literal', value: null, range: { filename: p.filename, start: at, end: at } };
    return { name: name.text, expr, range: span(name.range, expr.range), nameRange: name.range };
  }
  if (!singleLine) requireNewline(p, 'argument');
  return { name: name.text, expr, range: span(name.range, expr.range), nameRange: name.range };
}

function parseBlock(p: Parser, name: Token): Block {
  const labels: string[] = [];
  const labelRanges: Range[] = [];
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'punct' && tok.text === '{') break;
    if (tok.kind === 'ident') {
      p.next();
      labels.push(tok.text);
      labelRanges.push(tok.range);
    } else if (tok.kind === 'oquote') {
      const label = parseLabel(p);
      labels.push(label.text);
      labelRanges.push(label.range);
    } else {
      p.report(invalidBlock(p, name, tok, labels.length));
      recoverAfterBodyItem(p, p.pos());
      const body = { attributes: [], blocks: [], range: name.range };
      return { type: name.text, labels, labelRanges, body, range: name.range, typeRange: name.range };
    }
  }
  const open = p.next();
  const { body, close } = parseBlockBody(p, open);
  requireNewline(p, 'block');
  return { type: name.text, labels, labelRanges, body, range: span(name.range, close), typeRange: name.range };
}

/** HCL's diagnostics for an identifier followed by neither `=`, a label nor `{`. */
function invalidBlock(p: Parser, name: Token, tok: Token, labelCount: number): SourceError {
  if (labelCount === 0) {
    return p.alwaysError('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', name.range);
  }
  if (tok.kind === 'punct' && tok.text === '=') {
    return p.alwaysError('Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.', tok.range);
  }
  if (tok.kind === 'newline') {
    return p.alwaysError('Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.', tok.range);
  }
  return p.errorAt(tok, 'Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.');
}

/** A quoted label; HCL reports template sequences and line breaks in it and carries on with the block. */
function parseLabel(p: Parser): { text: string; range: Range } {
  const open = p.peek();
  let tpl: TemplateExpr;
  try {
    tpl = parseQuoted(p, true);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    p.settle(err);
    return { text: '', range: { filename: p.filename, start: open.range.start, end: p.pos() } };
  }
  let text = '';
  for (const part of tpl.parts) if (part.kind === 'literal') text += part.value;
  return { text, range: tpl.range };
}

/** After `{`: a multi-line body, `{}`, or a one-line block with a single attribute. */
function parseBlockBody(p: Parser, open: Token): { body: Body; close: Range } {
  const first = p.peek();
  if (first.kind === 'newline' || first.kind === 'eof' || (first.kind === 'punct' && first.text === '}')) {
    return parseBody(p, open.range.end, open);
  }
  // HCL lists a one-line block's shape error before the errors of its attribute.
  const mark = p.diags.length;
  const item = parseSingleItem(p);
  const close = p.peek();
  if (close.kind === 'punct' && close.text === '}') {
    p.next();
    const attributes = item ? [item] : [];
    return { body: { attributes, blocks: [], range: { filename: p.filename, start: open.range.end, end: close.range.start } }, close: close.range };
  }
  p.report(singleLineError(p, close, open), mark);
  const end = recoverTo(p, '{', '}');
  return { body: { attributes: [], blocks: [], range: { filename: p.filename, start: open.range.end, end: end.range.start } }, close: end.range };
}

/**
 * The one attribute of a one-line block. After an error HCL skips to the next line (and the
 * block then reports its shape wherever that left the cursor).
 */
function parseSingleItem(p: Parser): Attribute | undefined {
  const first = p.peek();
  if (first.kind !== 'ident') {
    p.report(p.alwaysError('Argument or block definition required', 'An argument or block definition is required here.', first.range));
    recoverAfterBodyItem(p, skipToken(p));
    return undefined;
  }
  const name = p.next();
  const next = p.peek();
  if (next.kind === 'punct' && next.text === '=') return parseAttribute(p, name, true);
  if (next.kind === 'oquote' || next.kind === 'ident' || (next.kind === 'punct' && next.text === '{')) {
    p.report(p.alwaysError('Argument definition required', `A single-line block definition can contain only a single argument. If you meant to define argument "${name.text}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`, span(name.range, next.range)));
  } else {
    p.report(invalidBlock(p, name, next, 0));
  }
  recoverAfterBodyItem(p, name.range.end);
  return undefined;
}

/** A one-line block not closed right after its attribute: a comma or a line break are always reported. */
function singleLineError(p: Parser, tok: Token, open: Token): SourceError {
  const summary = 'Invalid single-argument block definition';
  if (tok.kind === 'punct' && tok.text === ',') {
    return p.alwaysError(summary, 'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.', tok.range);
  }
  if (tok.kind === 'newline') {
    return p.alwaysError(summary, "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.", tok.range);
  }
  if (tok.kind === 'eof') return unclosedBlock(p, open);
  return p.errorAt(tok, summary, 'A single-line block definition must end with a closing brace immediately after its single argument definition.');
}
