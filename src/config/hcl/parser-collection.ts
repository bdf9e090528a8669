// Bracketed expressions: function calls, tuple and object constructors, and `for` expressions.
import type { Expr, ForExpr, ObjectExpr } from './ast.js';
import { SourceError, type Range } from '../../errors.js';
import type { Token } from './lexer.js';
import { parseExpr } from './parser-expr.js';
import { bail, readWhole, recoverTo, skipOver } from './parser-recover.js';
import { span, type Parser } from './parser-state.js';

/** `name(args...)`, with the opening parenthesis next. */
export function parseCall(p: Parser, name: Token): Expr {
  const open = p.next();
  p.pushNewlines(false);
  try {
    const args: Expr[] = [];
    let expandFinal = false;
    while (!p.isPunct(')')) {
      try {
        args.push(parseExpr(p));
      } catch (err) {
        bail(p, err, '(', ')');
      }
      if (p.isPunct('...')) {
        const dots = p.next();
        expandFinal = true;
        if (p.isPunct(',')) p.next();
        if (!p.isPunct(')')) {
          const err = p.errorAt(dots, 'Missing closing parenthesis', 'An expanded function argument (with ...) must be immediately followed by closing parentheses.');
          return callExpr(name, args, expandFinal, skipOver(p, err, '(', ')'));
        }
        break;
      }
      if (p.isPunct(',')) {
        p.next();
      } else if (!p.isPunct(')')) {
        // HCL reads the bad separator before skipping, and reports it even in recovery mode.
        const sep = readWhole(p);
        const err = sep.kind === 'eof'
          ? p.alwaysError('Unterminated function call', 'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parethesis nesting elsewhere in this file.', span(name.range, open.range))
          : p.alwaysError('Missing argument separator', 'A comma is required to separate each function argument from the next.', sep.range);
        bail(p, err, '(', ')');
      }
    }
    return callExpr(name, args, expandFinal, p.next());
  } finally {
    p.popNewlines();
  }
}

function callExpr(name: Token, args: Expr[], expandFinal: boolean, close: Token): Expr {
  return { kind: 'call', name: name.text, args, expandFinal, range: span(name.range, close.range), nameRange: name.range };
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
      try {
        items.push(parseExpr(p));
      } catch (err) {
        bail(p, err, '[', ']');
      }
      if (p.isPunct(',')) {
        p.next();
      } else if (!p.isPunct(']')) {
        const err = p.peek().kind === 'eof'
          ? p.errorAt(open, 'Unterminated tuple constructor expression', 'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.')
          : p.errorAt(p.peek(), 'Missing item separator', 'Expected a comma to mark the beginning of the next item.');
        return { kind: 'tuple', items, range: span(open.range, skipOver(p, err, '[', ']').range) };
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

function unterminatedObject(p: Parser, open: Token): SourceError {
  return p.errorAt(open, 'Unterminated object constructor expression', 'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.');
}

function skipNewlines(p: Parser): void {
  while (p.peek().kind === 'newline') p.next();
}

/** Object items are separated by commas or newlines. */
function parseObjectItems(p: Parser, open: Token): ObjectExpr {
  const items: ObjectExpr['items'] = [];
  for (skipNewlines(p); !p.isPunct('}'); skipNewlines(p)) {
    let key: Expr;
    try {
      key = parseObjectKey(p);
    } catch (err) {
      bail(p, err, '{', '}');
    }
    if (!p.isPunct('=') && !p.isPunct(':')) return objectExpr(open, items, skipOver(p, missingSeparator(p, p.peek(), open), '{', '}'));
    p.next();
    let value: Expr;
    try {
      // The object's newline mode stays on: a value ends at the end of its line.
      value = parseExpr(p);
    } catch (err) {
      bail(p, err, '{', '}');
    }
    items.push({ key, value });
    const sep = p.peek();
    if (sep.kind === 'newline' || (sep.kind === 'punct' && sep.text === ',')) {
      p.next();
    } else if (sep.kind === 'eof') {
      return objectExpr(open, items, skipOver(p, unterminatedObject(p, open), '{', '}'));
    } else if (!p.isPunct('}')) {
      const err = p.errorAt(sep, 'Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.');
      return objectExpr(open, items, skipOver(p, err, '{', '}'));
    }
  }
  return objectExpr(open, items, p.next());
}

function objectExpr(open: Token, items: ObjectExpr['items'], close: Token): ObjectExpr {
  return { kind: 'object', items, range: span(open.range, close.range) };
}

function missingSeparator(p: Parser, next: Token, open: Token): SourceError {
  if (next.kind === 'newline' || (next.kind === 'punct' && next.text === ',')) {
    return p.errorAt(next, 'Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").');
  }
  if (next.kind === 'eof') return unterminatedObject(p, open);
  const detail = 'Expected an equals sign ("=") to mark the beginning of the attribute value.';
  // An HCL 1 name like `foo1.2_bar` gets here too, hence the hint.
  const hint = next.kind === 'ident' ? ' If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.' : '';
  return p.errorAt(next, 'Missing key/value separator', detail + hint);
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

function placeholder(at: Token): Expr {
  return { kind: 'literal', value: null, range: at.range };
}

function forError(p: Parser, detail: string): SourceError {
  return p.errorAt(p.peek(), "Invalid 'for' expression", detail);
}

/** The parts of a `for` expression between `for` and its closing bracket. */
interface ForParts {
  valueVar: string;
  keyVar: string | undefined;
  collection: Expr;
  keyExpr: Expr | undefined;
  valueExpr: Expr;
  ellipsis: Token | undefined;
  cond: Expr | undefined;
}

/**
 * `for k, v in coll : [key =>] value[...] [if cond]` then the closing bracket or brace. Any
 * error skips to that closing bracket, as HCL does.
 */
function parseFor(p: Parser, open: Token, isObject: boolean): ForExpr {
  const opener = isObject ? '{' : '[';
  const closer = isObject ? '}' : ']';
  let parts: ForParts;
  try {
    parts = parseForParts(p);
  } catch (err) {
    if (!(err instanceof SourceError) || p.settle(err)) bail(p, err, opener, closer);
    // An error HCL keeps quiet: the expression is a placeholder up to the closing bracket.
    const end = recoverTo(p, opener, closer);
    return { kind: 'for', valueVar: '', collection: placeholder(end), valueExpr: placeholder(end), group: false, range: span(open.range, end.range) };
  }
  let close: Token;
  let extra: SourceError | undefined;
  if (p.isPunct(closer)) {
    close = p.next();
  } else {
    const err = forError(p, "Extra characters after the end of the 'for' expression.");
    if (p.settle(err)) extra = err;
    close = recoverTo(p, opener, closer);
  }
  // HCL checks the key/value form only after the closing bracket, and parses on.
  const { keyExpr, valueExpr, ellipsis } = parts;
  const invalid = (detail: string, range: Range): void => {
    const err = p.soft(p.alwaysError("Invalid 'for' expression", detail, range));
    extra ??= err;
  };
  if (keyExpr && !isObject) invalid('Key expression is not valid when building a tuple.', keyExpr.range);
  if (ellipsis && !isObject) invalid('Grouping ellipsis (...) cannot be used when building a tuple.', ellipsis.range);
  if (!keyExpr && isObject) invalid('Key expression is required when building an object.', valueExpr.range);
  if (extra) throw extra;
  const result: ForExpr = { kind: 'for', valueVar: parts.valueVar, collection: parts.collection, valueExpr, group: ellipsis !== undefined, range: span(open.range, close.range) };
  if (parts.keyVar !== undefined) result.keyVar = parts.keyVar;
  if (keyExpr) result.keyExpr = keyExpr;
  if (parts.cond) result.cond = parts.cond;
  return result;
}

function parseForParts(p: Parser): ForParts {
  p.next();
  if (p.peek().kind !== 'ident') throw forError(p, "For expression requires variable name after 'for'.");
  let valueVar = p.next().text;
  let keyVar: string | undefined;
  if (p.isPunct(',')) {
    p.next();
    keyVar = valueVar;
    if (p.peek().kind !== 'ident') throw forError(p, 'For expression requires value variable name after comma.');
    valueVar = p.next().text;
  }
  if (!p.isKeyword('in')) throw forError(p, "For expression requires the 'in' keyword after its name declarations.");
  p.next();
  const collection = parseExpr(p);
  if (!p.isPunct(':')) throw forError(p, 'For expression requires a colon after the collection expression.');
  p.next();
  let keyExpr: Expr | undefined;
  let valueExpr = parseExpr(p);
  if (p.isPunct('=>')) {
    p.next();
    keyExpr = valueExpr;
    valueExpr = parseExpr(p);
  }
  const ellipsis = p.isPunct('...') ? p.next() : undefined;
  let cond: Expr | undefined;
  if (p.isKeyword('if')) {
    p.next();
    cond = parseExpr(p);
  }
  return { valueVar, keyVar, collection, keyExpr, valueExpr, ellipsis, cond };
}
