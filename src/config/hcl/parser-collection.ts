// Bracketed expressions: function calls, tuple and object constructors, and `for` expressions.
import type { Expr, ForExpr, ObjectExpr } from './ast.js';
import type { Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { withRecovery } from './parser-recover.js';
import { span, type Parser } from './parser-state.js';

/** `name(args...)`, with the opening parenthesis next. */
export function parseCall(p: Parser, name: Token): Expr {
  const open = p.next();
  p.pushNewlines(false);
  try {
    const args: Expr[] = [];
    let expandFinal = false;
    while (!p.isPunct(')')) {
      args.push(parseExpr(p));
      if (p.isPunct('...')) {
        const dots = p.next();
        expandFinal = true;
        if (p.isPunct(',')) p.next();
        if (!p.isPunct(')')) {
          throw p.errorAt(dots, 'Missing closing parenthesis', 'An expanded function argument (with ...) must be immediately followed by closing parentheses.');
        }
        break;
      }
      if (p.isPunct(',')) {
        p.next();
      } else if (!p.isPunct(')')) {
        if (p.peek().kind === 'eof') {
          throw p.error('Unterminated function call', 'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parethesis nesting elsewhere in this file.', span(name.range, open.range));
        }
        const err = p.errorAt(p.peek(), 'Missing argument separator', 'A comma is required to separate each function argument from the next.');
        throw withRecovery(p, err, '(', ')');
      }
    }
    const close = p.next();
    return { kind: 'call', name: name.text, args, expandFinal, range: span(name.range, close.range), nameRange: name.range };
  } finally {
    p.popNewlines();
  }
}

/** HCL takes `for` right after `[` or `{` as the start of a for expression, always. */
function atFor(p: Parser): boolean {
  return p.isKeyword('for');
}

export function parseTupleOrFor(p: Parser): Expr {
  const open = p.next();
  p.pushNewlines(false);
  try {
    if (atFor(p)) return parseFor(p, open, false);
    const items: Expr[] = [];
    while (!p.isPunct(']')) {
      items.push(parseExpr(p));
      if (p.isPunct(',')) {
        p.next();
      } else if (!p.isPunct(']')) {
        if (p.peek().kind === 'eof') {
          throw p.errorAt(open, 'Unterminated tuple constructor expression', 'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.');
        }
        const err = p.errorAt(p.peek(), 'Missing item separator', 'Expected a comma to mark the beginning of the next item.');
        throw withRecovery(p, err, '[', ']');
      }
    }
    const close = p.next();
    return { kind: 'tuple', items, range: span(open.range, close.range) };
  } finally {
    p.popNewlines();
  }
}

export function parseObjectOrFor(p: Parser): Expr {
  const open = p.next();
  p.pushNewlines(false);
  const isFor = atFor(p);
  p.popNewlines();
  if (isFor) {
    p.pushNewlines(false);
    try {
      return parseFor(p, open, true);
    } finally {
      p.popNewlines();
    }
  }
  p.pushNewlines(true);
  try {
    return parseObjectItems(p, open);
  } finally {
    p.popNewlines();
  }
}

function unterminatedObject(p: Parser, open: Token): Error {
  return p.errorAt(open, 'Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.');
}

function skipNewlines(p: Parser): void {
  while (p.peek().kind === 'newline') p.next();
}

/** Object items are separated by commas or newlines. */
function parseObjectItems(p: Parser, open: Token): ObjectExpr {
  const items: ObjectExpr['items'] = [];
  for (skipNewlines(p); !p.isPunct('}'); skipNewlines(p)) {
    const key = parseObjectKey(p);
    if (!p.isPunct('=') && !p.isPunct(':')) throw missingSeparator(p, p.peek());
    p.next();
    // The object's newline mode stays on: a value ends at the end of its line.
    const value = parseExpr(p);
    items.push({ key, value });
    const sep = p.peek();
    if (sep.kind === 'newline' || (sep.kind === 'punct' && sep.text === ',')) {
      p.next();
    } else if (sep.kind === 'eof') {
      throw unterminatedObject(p, open);
    } else if (!p.isPunct('}')) {
      const err = p.errorAt(sep, 'Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.');
      throw withRecovery(p, err, '{', '}');
    }
  }
  const close = p.next();
  return { kind: 'object', items, range: span(open.range, close.range) };
}

function missingSeparator(p: Parser, next: Token): Error {
  if (next.kind === 'newline' || (next.kind === 'punct' && next.text === ',')) {
    return p.errorAt(next, 'Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").');
  }
  return p.errorAt(next, 'Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.');
}

/** A bare identifier key is the literal name, not a variable (use `(name)` for that). */
function parseObjectKey(p: Parser): Expr {
  p.pushNewlines(false);
  let key: Expr;
  try {
    key = parseExpr(p);
  } finally {
    p.popNewlines();
  }
  if (key.kind !== 'variable') return key;
  return { kind: 'template', parts: [{ kind: 'literal', value: key.name, range: key.range }], range: key.range };
}

function expectKeyword(p: Parser, word: string, detail: string): Token {
  const tok = p.peek();
  if (tok.kind !== 'ident' || tok.text !== word) throw p.errorAt(tok, "Invalid 'for' expression", detail);
  return p.next();
}

function expectIdent(p: Parser, detail: string): Token {
  const tok = p.peek();
  if (tok.kind !== 'ident') throw p.errorAt(tok, "Invalid 'for' expression", detail);
  return p.next();
}

/** `for k, v in coll : [key =>] value[...] [if cond]` then the closing bracket or brace. */
function parseFor(p: Parser, open: Token, isObject: boolean): ForExpr {
  p.next();
  let valueVar = expectIdent(p, 'For expression requires variable name after \'for\'.').text;
  let keyVar: string | undefined;
  if (p.isPunct(',')) {
    p.next();
    keyVar = valueVar;
    valueVar = expectIdent(p, "For expression requires value variable name after comma.").text;
  }
  expectKeyword(p, 'in', "For expression requires the 'in' keyword after its name declarations.");
  const collection = parseExpr(p);
  p.expect(':', "Invalid 'for' expression", "For expression requires a colon after the collection expression.");
  let keyExpr: Expr | undefined;
  let valueExpr = parseExpr(p);
  if (p.isPunct('=>')) {
    p.next();
    keyExpr = valueExpr;
    valueExpr = parseExpr(p);
  }
  let group = false;
  if (isObject && p.isPunct('...')) {
    p.next();
    group = true;
  }
  let cond: Expr | undefined;
  if (p.isKeyword('if')) {
    p.next();
    cond = parseExpr(p);
  }
  const close = p.expect(isObject ? '}' : ']', "Invalid 'for' expression", "Extra characters after the end of the 'for' expression.");
  // HCL checks the key/value form only after the closing bracket.
  if (keyExpr && !isObject) throw p.error("Invalid 'for' expression", 'Key expression is not valid when building a tuple.', keyExpr.range);
  if (!keyExpr && isObject) throw p.error("Invalid 'for' expression", 'Key expression is required when building an object.', valueExpr.range);
  const result: ForExpr = { kind: 'for', valueVar, collection, valueExpr, group, range: span(open.range, close.range) };
  if (keyVar !== undefined) result.keyVar = keyVar;
  if (keyExpr) result.keyExpr = keyExpr;
  if (cond) result.cond = cond;
  return result;
}
