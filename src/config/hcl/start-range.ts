// HCL's StartRange of an expression: where a diagnostic about an argument points. hclsyntax
// reports a bad function argument at this range (not the whole argument): the opening bracket of
// a tuple or object, a template's first part, the name and parenthesis of a call, the left-most
// operand of an operator, a variable or traversal as written.
import type { Pos, Range } from '../../errors.js';
import type { CallExpr, Expr } from './ast.js';

/** The range of `width` characters from `start` on one line. */
function span(filename: string, start: Pos, width: number): Range {
  return { filename, start, end: { line: start.line, column: start.column + width, byte: start.byte + width } };
}

/** A call's name and its opening parenthesis (FunctionCallExpr.StartRange). */
export function callStart(expr: CallExpr): Range {
  const { filename, start, end } = expr.nameRange;
  return { filename, start, end: { line: end.line, column: end.column + 1, byte: end.byte + 1 } };
}

export function startRange(expr: Expr): Range {
  const { range } = expr;
  switch (expr.kind) {
    case 'tuple':
    case 'object':
    case 'for':
    case 'unary':
      // The opening bracket or the operator symbol.
      return span(range.filename, range.start, 1);
    case 'call':
      return callStart(expr);
    case 'binary':
      return startRange(expr.left);
    case 'conditional':
      return startRange(expr.cond);
    case 'paren':
      return startRange(expr.expr);
    case 'index':
      // `a[0]`, `a["k"]` are traversals written as a whole; `a[k]` an index expression at its bracket.
      return isLiteralKey(expr.key) ? range : span(range.filename, expr.object.range.end, 1);
    case 'splat':
      return { filename: range.filename, start: expr.source.range.end, end: splatStar(expr.each).end };
    case 'template':
      return templateStart(expr.parts, range);
    default:
      return range;
  }
}

function isLiteralKey(key: Expr): boolean {
  return key.kind === 'literal' || (key.kind === 'template' && key.parts.every((p) => p.kind === 'literal'));
}

/** The anonymous element a splat's per-element expression starts from (its range ends the marker). */
function splatStar(each: Expr): Range {
  switch (each.kind) {
    case 'getattr':
    case 'index':
      return splatStar(each.object);
    case 'splat':
      return splatStar(each.source);
    default:
      return each.range;
  }
}

function templateStart(parts: Extract<Expr, { kind: 'template' }>['parts'], range: Range): Range {
  const first = parts[0];
  // `""` holds one empty literal, placed where the string ends.
  if (!first) return { filename: range.filename, start: range.end, end: range.end };
  // `"${x}"` alone wraps x: the whole template.
  if (parts.length === 1 && first.kind === 'interp') return range;
  switch (first.kind) {
    case 'literal':
      return first.range;
    case 'interp':
      return startRange(first.expr);
    case 'if':
      return startRange(first.cond);
    case 'for':
      return first.range;
  }
}
