// Expressions: conditional, binary operators by precedence, unary operators, and traversals
// (attribute, index, splat) over a primary term. Collections live in parser-collection.ts.
import { formatNumber, parseNumber, type Num } from './number.js';
import type { BinaryOp, Expr } from './ast.js';
import type { Token } from './lexer.js';
import { parseCall, parseObjectOrFor, parseTupleOrFor } from './parser-collection.js';
import { invalidExpression, span, type Parser } from './parser-state.js';
import { bail, readWhole, recoverTo } from './parser-recover.js';
import { SourceError, type Range } from '../../errors.js';
import { parseHeredoc, parseQuoted } from './template.js';

/** Operators by increasing precedence; all are left-associative. */
const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

const PRECEDENCE: ReadonlyMap<string, number> = new Map(LEVELS.flatMap((ops, level) => ops.map((op) => [op, level] as const)));

export function parseExpr(p: Parser): Expr {
  const cond = parseBinary(p, 0);
  if (!p.isPunct('?')) return cond;
  p.next();
  const then = parseExpr(p);
  const colon = p.peek();
  if (colon.kind !== 'punct' || colon.text !== ':') {
    // HCL reports this and parses on with the condition alone, without recovering.
    const err = p.soft(p.alwaysError('Missing false expression in conditional', 'The conditional operator (...?...:...) requires a false expression, delimited by a colon.', colon.range));
    if (err) throw err;
    return cond;
  }
  p.next();
  const otherwise = parseExpr(p);
  return { kind: 'conditional', cond, then, else: otherwise, range: span(cond.range, otherwise.range) };
}

/**
 * Precedence climbing: operands, then operators of at least `minLevel`, each right side taking
 * only tighter operators (left associativity). One call per operand rather than one per level:
 * the cold interpreter runs it for every expression of the file.
 */
function parseBinary(p: Parser, minLevel: number): Expr {
  let left = parseUnary(p);
  for (;;) {
    const tok = p.peek();
    const level = tok.kind === 'punct' ? PRECEDENCE.get(tok.text) : undefined;
    if (level === undefined || level < minLevel) return left;
    p.next();
    const right = parseBinary(p, level + 1);
    left = { kind: 'binary', op: tok.text as BinaryOp, left, right, range: span(left.range, right.range) };
  }
}

function parseUnary(p: Parser): Expr {
  if (p.isPunct('!') || p.isPunct('-')) {
    const tok = p.next();
    const operand = parseUnary(p);
    return { kind: 'unary', op: tok.text as '!' | '-', operand, range: span(tok.range, operand.range) };
  }
  let term: Expr;
  try {
    term = parsePrimary(p);
  } catch (err) {
    // HCL still reads the traversals after a broken term before its callers give up.
    if (err instanceof SourceError) {
      p.settle(err);
      parseTraversals(p, { kind: 'literal', value: null, range: err.range! });
    }
    throw err;
  }
  return parseTraversals(p, term);
}

/**
 * `.name`, `.0`, `[key]`, `[*]` and `.*` after a term. A dot without a name is reported and
 * HCL reads on from the token after the dot; the expression fails once the traversals end.
 */
function parseTraversals(p: Parser, expr: Expr): Expr {
  let failed: SourceError | undefined;
  for (;;) {
    if (p.isPunct('.')) {
      p.next();
      if (p.isPunct('*')) {
        const star = p.next();
        const each = parseSplatEach(p, star.range, false);
        expr = { kind: 'splat', source: expr, each, range: span(expr.range, each.range) };
        continue;
      }
      const name = p.peek();
      if (name.kind !== 'ident' && name.kind !== 'number') {
        const err = p.alwaysError('Invalid attribute name', 'An attribute name is required after a dot.', name.range);
        p.settle(err);
        failed ??= err;
        continue;
      }
      expr = parseGetAttr(p, expr);
    } else if (p.isPunct('[')) {
      expr = parseIndexOrSplat(p, expr);
      if (expr.kind === 'splat') break;
    } else {
      break;
    }
  }
  if (failed) throw failed;
  return expr;
}

function parseGetAttr(p: Parser, object: Expr): Expr {
  const name = p.peek();
  if (name.kind === 'number') {
    p.next();
    // The legacy index `.0`: `.0.1` scans as the number 0.1, which HCL refuses.
    const dot = name.text.indexOf('.');
    if (dot >= 0) {
      const [first, second] = [name.text.slice(0, dot), name.text.slice(dot + 1)];
      const err = p.soft(p.alwaysError('Invalid legacy index syntax', `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${first}][${second}].`, name.range));
      if (err) throw err;
      return { kind: 'getattr', object, name: name.text, range: span(object.range, name.range), nameRange: name.range };
    }
    const index = numberValue(p, name);
    return { kind: 'getattr', object, name: formatNumber(index), range: span(object.range, name.range), nameRange: name.range };
  }
  if (name.kind !== 'ident') throw p.alwaysError('Invalid attribute name', 'An attribute name is required after a dot.', name.range);
  p.next();
  return { kind: 'getattr', object, name: name.text, range: span(object.range, name.range), nameRange: name.range };
}

function parseIndexOrSplat(p: Parser, object: Expr): Expr {
  p.next();
  const star = parseFullSplatMarker(p);
  if (star) {
    const each = parseSplatEach(p, star, true);
    return { kind: 'splat', source: object, each, range: span(object.range, each.range) };
  }
  p.pushNewlines(false);
  try {
    let key: Expr;
    try {
      key = parseExpr(p);
    } catch (err) {
      bail(p, err, '[', ']');
    }
    const close = readWhole(p);
    if ((close.kind !== 'punct' || close.text !== ']') && !p.recovery) {
      throw missingBracket(p, 'Missing close bracket on index', 'The index operator must end with a closing bracket ("]").');
    }
    return { kind: 'index', object, key, range: span(object.range, close.range) };
  } finally {
    p.popNewlines();
  }
}

/** After `[`: consumes `*]` and returns its range, or consumes nothing if no `*` follows. */
function parseFullSplatMarker(p: Parser): Range | undefined {
  p.pushNewlines(false);
  try {
    if (!p.isPunct('*')) return undefined;
    const star = p.next();
    const close = readWhole(p);
    // In recovery mode HCL takes any token there for the bracket.
    if ((close.kind === 'punct' && close.text === ']') || p.recovery) return span(star.range, close.range);
    throw missingBracket(p, 'Missing close bracket on splat index', 'The star for a full splat operator must be immediately followed by a closing bracket ("]").');
  } finally {
    p.popNewlines();
  }
}

/**
 * After reading a token that should have been `]`: HCL skips to the bracket and, as its
 * diagnostic points at the variable the skip overwrites, reports the error there (or at EOF).
 */
function missingBracket(p: Parser, summary: string, detail: string): SourceError {
  const err = p.alwaysError(summary, detail, recoverTo(p, '[', ']').range);
  p.settle(err);
  return err;
}

/**
 * The traversals applied to each element: all of them for `[*]`, attributes only for `.*`
 * (where, as in HCL, another `.*` is an error; inside `[*]` it is a nested splat).
 */
function parseSplatEach(p: Parser, star: Range, full: boolean): Expr {
  let each: Expr = { kind: 'anon', range: star };
  for (;;) {
    if (p.isPunct('.')) {
      p.next();
      const next = p.peek();
      if (next.kind === 'punct' && next.text === '*') {
        if (!full) return splatEachFailed(p, each, p.errorAt(next, 'Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.'));
        p.next();
        const inner = parseSplatEach(p, next.range, false);
        each = { kind: 'splat', source: each, each: inner, range: span(each.range, inner.range) };
        continue;
      }
      if (!full && next.kind !== 'ident' && next.kind !== 'number') {
        return splatEachFailed(p, each, p.error('Invalid attribute name', 'An attribute name is required after a dot.', star));
      }
      each = parseGetAttr(p, each);
    } else if (full && p.isPunct('[')) {
      each = parseIndexOrSplat(p, each);
      if (each.kind === 'splat') return each;
    } else {
      return each;
    }
  }
}

/** A bad step in a `.*` splat; quiet in recovery mode, when HCL just ends the splat there. */
function splatEachFailed(p: Parser, each: Expr, err: SourceError): Expr {
  if (p.settle(err)) throw err;
  return each;
}

/** A number token's value; the scanner takes runs like `1.2.3` that are no number. */
function numberValue(p: Parser, tok: Token): Num {
  const n = parseNumber(tok.text);
  if (n !== undefined) return n;
  // Reported, and parsing goes on as if the number were fine.
  const err = p.soft(p.alwaysError('Invalid number literal', 'Failed to recognize the value of this number literal.', tok.range));
  if (err) throw err;
  return 0;
}

function parsePrimary(p: Parser): Expr {
  const tok = p.peek();
  switch (tok.kind) {
    case 'number':
      p.next();
      return { kind: 'literal', value: numberValue(p, tok), range: tok.range };
    case 'ident':
      return parseIdentTerm(p);
    case 'oquote':
      return parseQuoted(p);
    case 'heredoc':
      return parseHeredoc(p);
    case 'punct':
      if (tok.text === '(') return parseParen(p);
      if (tok.text === '[') return parseTupleOrFor(p);
      if (tok.text === '{') return parseObjectOrFor(p);
      break;
    default:
      break;
  }
  // In recovery mode HCL reports nothing here and parses on with a placeholder, the token unread.
  const err = invalidExpression(p, tok);
  if (p.settle(err)) throw err;
  return { kind: 'literal', value: null, range: tok.range };
}

function parseIdentTerm(p: Parser): Expr {
  const tok = p.next();
  // As in HCL, a call is recognised first: `true(` is a call to a function named "true".
  if (p.isPunct('(')) return parseCall(p, tok);
  if (tok.text === 'true' || tok.text === 'false') {
    return { kind: 'literal', value: tok.text === 'true', range: tok.range };
  }
  if (tok.text === 'null') return { kind: 'literal', value: null, range: tok.range };
  return { kind: 'variable', name: tok.text, range: tok.range };
}

function parseParen(p: Parser): Expr {
  const open = p.next();
  p.pushNewlines(false);
  try {
    let expr: Expr;
    try {
      expr = parseExpr(p);
    } catch (err) {
      bail(p, err, '(', ')');
    }
    // HCL consumes whatever stands in place of the `)`, and reports it even in recovery mode.
    const close = readWhole(p);
    if (close.kind !== 'punct' || close.text !== ')') {
      const err = p.alwaysError('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', close.range);
      p.settle(err);
      throw err;
    }
    return { kind: 'paren', expr, range: span(open.range, close.range) };
  } finally {
    p.popNewlines();
  }
}
