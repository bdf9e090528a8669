// HCL native syntax: file bodies of attributes and blocks (newline-terminated), and the public
// entry points used by the evaluator and the config loader.
import { formatRange, SourceError, type Pos, type Range } from '../../errors.js';
import type { Attribute, Block, Body, Expr } from './ast.js';
import type { Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { lexicalErrors } from './parser-lexcheck.js';
import { recoverAfterBodyItem, resumeAfter, skipToken } from './parser-recover.js';
import { Parser, span } from './parser-state.js';
import { parseQuoted } from './template.js';

/** Parses a whole `.hcl` file. Syntax errors throw SourceError with HCL's wording. */
export function parseHcl(filename: string, text: string): Body {
  const p = new Parser(filename, text);
  return lexicalErrorsFirst(p, () => parseBody(p, p.pos(), undefined));
}

/** Parses a standalone expression (e.g. a `--set` value or a JSON `${}` fragment). */
export function parseExpression(filename: string, text: string, start?: Pos): Expr {
  const p = new Parser(filename, text, start);
  p.pushNewlines(false);
  return lexicalErrorsFirst(p, () => {
    const expr = parseExpr(p);
    const rest = p.peek();
    if (rest.kind !== 'eof') {
      throw p.errorAt(rest, 'Extra characters after expression', 'An expression was successfully parsed, but extra characters were found after it.');
    }
    return expr;
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

/** Body items until `}` (when `open` is the block's brace) or the end of the file. */
function parseBody(p: Parser, start: Pos, open: Token | undefined): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  const seen = new Map<string, Range>();
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'newline') {
      p.next();
      continue;
    }
    if (tok.kind === 'eof' || (open && tok.kind === 'punct' && tok.text === '}')) {
      if (tok.kind === 'eof' && open) throw unclosedBlock(p, open);
      return { attributes, blocks, range: { filename: p.filename, start, end: tok.range.start } };
    }
    if (tok.kind !== 'ident') throw notAnItem(p, tok);
    const item = parseItem(p);
    if ('expr' in item) {
      checkRedefined(p, seen, item);
      attributes.push(item);
      requireNewline(p, 'argument');
    } else {
      blocks.push(item);
      requireNewline(p, 'block');
    }
  }
}

function unclosedBlock(p: Parser, open: Token): Error {
  return p.errorAt(open, 'Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.');
}

function notAnItem(p: Parser, tok: Token, singleLine = false): Error {
  if (tok.kind === 'oquote' && !singleLine) return p.errorAt(tok, 'Invalid argument name', 'Argument names must not be quoted.');
  return p.errorAt(tok, 'Argument or block definition required', 'An argument or block definition is required here.');
}

function checkRedefined(p: Parser, seen: Map<string, Range>, attr: Attribute): void {
  const prev = seen.get(attr.name);
  if (prev) {
    throw p.error('Attribute redefined', `The argument "${attr.name}" was already set at ${formatRange(prev)}. Each argument may be set only once.`, attr.nameRange);
  }
  seen.set(attr.name, attr.nameRange);
}

/** An argument or a block must end its line. */
function requireNewline(p: Parser, what: 'argument' | 'block'): void {
  const tok = p.peek();
  if (tok.kind === 'newline') {
    p.next();
    return;
  }
  if (tok.kind === 'eof') return;
  if (what === 'block') throw p.errorAt(tok, 'Missing newline after block definition', 'A block definition must end with a newline.');
  const detail = 'An argument definition must end with a newline.';
  if (tok.kind === 'punct' && tok.text === ',') {
    throw p.errorAt(tok, 'Unexpected comma after argument', `Argument definitions must be separated by newlines, not commas. ${detail}`);
  }
  throw p.errorAt(tok, 'Missing newline after argument', detail);
}

/** An attribute `name = expr` or a block `type "label"... { body }`, the name being next. */
function parseItem(p: Parser): Attribute | Block {
  const name = p.next();
  if (p.isPunct('=')) {
    p.next();
    const expr = parseExpr(p);
    return { name: name.text, expr, range: span(name.range, expr.range), nameRange: name.range };
  }
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
      throw invalidBlock(p, name, tok, labels.length);
    }
  }
  const open = p.next();
  const body = parseBlockBody(p, open);
  const close = p.next();
  return { type: name.text, labels, labelRanges, body, range: span(name.range, close.range), typeRange: name.range };
}

/** HCL's diagnostics for an identifier followed by neither `=`, a label nor `{`. */
function invalidBlock(p: Parser, name: Token, tok: Token, labelCount: number): Error {
  if (labelCount === 0) {
    return p.errorAt(name, 'Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.');
  }
  if (tok.kind === 'punct' && tok.text === '=') {
    return p.errorAt(tok, 'Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.');
  }
  if (tok.kind === 'newline') {
    return p.errorAt(tok, 'Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.');
  }
  return p.errorAt(tok, 'Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.');
}

function parseLabel(p: Parser): { text: string; range: Range } {
  const tpl = parseQuoted(p);
  let text = '';
  for (const part of tpl.parts) {
    if (part.kind !== 'literal') {
      const start = part.range.start;
      const seq = { filename: part.range.filename, start, end: { line: start.line, column: start.column + 2, byte: start.byte + 2 } };
      throw p.error('Invalid string literal', 'Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.', seq);
    }
    text += part.value;
  }
  return { text, range: tpl.range };
}

/** After `{`: a multi-line body, `{}`, or a one-line block with a single attribute. */
function parseBlockBody(p: Parser, open: Token): Body {
  const first = p.peek();
  if (first.kind === 'newline' || first.kind === 'eof') return parseBody(p, open.range.end, open);
  if (first.kind === 'punct' && first.text === '}') {
    return { attributes: [], blocks: [], range: { filename: p.filename, start: open.range.end, end: first.range.start } };
  }
  const item = parseSingleItem(p);
  const close = p.peek();
  if (close.kind !== 'punct' || close.text !== '}') throw singleLineError(p, close);
  return { attributes: [item], blocks: [], range: { filename: p.filename, start: open.range.end, end: close.range.start } };
}

/**
 * The one attribute of a one-line block. After an error HCL skips to the next line, and if
 * it lands on a newline or a comma it first reports the block's shape there; we do the same.
 */
function parseSingleItem(p: Parser): Attribute {
  let err: SourceError;
  let resume: Pos | undefined;
  try {
    const first = p.peek();
    if (first.kind !== 'ident') {
      const e = notAnItem(p, first, true);
      resume = skipToken(p);
      throw e;
    }
    const m = p.mark();
    const name = p.next();
    const next = p.peek();
    if (next.kind === 'punct' && next.text === '=') {
      p.reset(m);
      return parseItem(p) as Attribute;
    }
    resume = name.range.end;
    if (next.kind === 'oquote' || next.kind === 'ident' || (next.kind === 'punct' && next.text === '{')) {
      throw p.error('Argument definition required', `A single-line block definition can contain only a single argument. If you meant to define argument "${name.text}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`, span(name.range, next.range));
    }
    throw invalidBlock(p, name, next, 0);
  } catch (e) {
    if (!(e instanceof SourceError) || !e.range) throw e;
    err = e;
  }
  recoverAfterBodyItem(p, resume ?? resumeAfter(err) ?? err.range!.end);
  const after = p.peek();
  if (after.kind === 'newline' || (after.kind === 'punct' && after.text === ',')) throw singleLineError(p, after);
  throw err;
}

function singleLineError(p: Parser, tok: Token): Error {
  const summary = 'Invalid single-argument block definition';
  if (tok.kind === 'punct' && tok.text === ',') {
    return p.errorAt(tok, summary, 'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.');
  }
  if (tok.kind === 'newline') {
    return p.errorAt(tok, summary, "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.");
  }
  return p.errorAt(tok, summary, 'A single-line block definition must end with a closing brace immediately after its single argument definition.');
}
