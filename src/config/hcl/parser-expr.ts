// Expressions: conditional, binary operators by precedence, unary operators, and traversals
// (attribute, index, splat) over a primary term. Collections live in parser-collection.ts.
import { formatNumber, parseNumber, type Num } from './number.js';
import type { BinaryOp, Expr } from './ast.js';
import type { Range } from '../../errors.js';
import type { Token } from './lexer.js';
import { parseCall, parseObjectOrFor, parseTupleOrFor } from './parser-collection.js';
import { invalidExpression, span, type Parser } from './parser-state.js';
import { recoverTo } from './parser-recover.js';
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
  p.expect(':', 'Missing false expression in conditional', 'The conditional operator (...?...:...) requires a false expression, delimited by a colon.');
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
  return parseTraversals(p, parsePrimary(p));
}

/** `.name`, `.0`, `[key]`, `[*]` and `.*` after a term. */
function parseTraversals(p: Parser, expr: Expr): Expr {
  for (;;) {
    if (p.isPunct('.')) {
      p.next();
      if (p.isPunct('*')) {
        const star = p.next();
        const each = parseSplatEach(p, star.range, false);
        expr = { kind: 'splat', source: expr, each, range: span(expr.range, each.range) };
        continue;
      }
      expr = parseGetAttr(p, expr);
    } else if (p.isPunct('[')) {
      const splat = parseIndexOrSplat(p, expr);
      if (splat.kind === 'splat') return splat;
      expr = splat;
    } else {
      return expr;
    }
  }
}

function parseGetAttr(p: Parser, object: Expr): Expr {
  const name = p.peek();
  if (name.kind === 'number') {
    p.next();
    // The legacy index `.0`: `.0.1` scans as the number 0.1, which HCL refuses.
    const dot = name.text.indexOf('.');
    if (dot >= 0) {
      const [first, second] = [name.text.slice(0, dot), name.text.slice(dot + 1)];
      throw p.errorAt(name, 'Invalid legacy index syntax', `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${first}][${second}].`);
    }
    const index = numberValue(p, name);
    return { kind: 'getattr', object, name: formatNumber(index), range: span(object.range, name.range), nameRange: name.range };
  }
  if (name.kind !== 'ident') throw p.errorAt(name, 'Invalid attribute name', 'An attribute name is required after a dot.');
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
    const key = parseExpr(p);
    if (!p.isPunct(']')) {
      // HCL reports this at the bracket that closes the index after recovery (or at EOF).
      throw p.errorAt(recoverTo(p, '[', ']'), 'Missing close bracket on index', 'The index operator must end with a closing bracket ("]").');
    }
    const close = p.next();
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
    if (p.isPunct(']')) return span(star.range, p.next().range);
    // Like HCL, reported at the bracket where recovery stops.
    throw p.errorAt(recoverTo(p, '[', ']'), 'Missing close bracket on splat index', 'The star for a full splat operator must be immediately followed by a closing bracket ("]").');
  } finally {
    p.popNewlines();
  }
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
        if (!full) throw p.errorAt(next, 'Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.');
        p.next();
        const inner = parseSplatEach(p, next.range, false);
        each = { kind: 'splat', source: each, each: inner, range: span(each.range, inner.range) };
        continue;
      }
      if (!full && next.kind !== 'ident' && next.kind !== 'number') {
        throw p.error('Invalid attribute name', 'An attribute name is required after a dot.', star);
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

/** A number token's value; the scanner takes runs like `1.2.3` that are no number. */
function numberValue(p: Parser, tok: Token): Num {
  const n = parseNumber(tok.text);
  if (n === undefined) throw p.errorAt(tok, 'Invalid number literal', 'Failed to recognize the value of this number literal.');
  return n;
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
  throw invalidExpression(p, tok);
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
    const expr = parseExpr(p);
    const close = p.expect(')', 'Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.');
    return { kind: 'paren', expr, range: span(open.range, close.range) };
  } finally {
    p.popNewlines();
  }
}
