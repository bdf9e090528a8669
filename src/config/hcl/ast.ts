// The syntax tree of HCL's native syntax (and of HCL-JSON, which the JSON reader maps onto the
// same nodes). Every node carries its Range so evaluation errors can point at file:line:col.
import type { Range } from '../../errors.js';
import type { Value } from './value.js';

/** A file's or a block's body. Attributes and blocks each keep source order. */
export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  range: Range;
}

export interface Attribute {
  name: string;
  expr: Expr;
  /** The whole `name = expr` span. */
  range: Range;
  nameRange: Range;
}

export interface Block {
  type: string;
  labels: string[];
  labelRanges: Range[];
  body: Body;
  /** From the type keyword to the closing brace. */
  range: Range;
  typeRange: Range;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '!' | '-';

/** A number, bool or null literal (strings are templates, even plain ones). */
export interface LiteralExpr {
  kind: 'literal';
  value: Value;
  range: Range;
}

/**
 * A quoted string or heredoc. A template whose only part is one interpolation (`"${x}"`) yields
 * x's value unconverted, as HCL's TemplateWrapExpr does; otherwise the parts are concatenated
 * as strings. Strip markers (`~`) have already been applied to neighbouring literals.
 */
export interface TemplateExpr {
  kind: 'template';
  parts: TemplatePart[];
  range: Range;
}

export type TemplatePart =
  | { kind: 'literal'; value: string; range: Range }
  | { kind: 'interp'; expr: Expr; range: Range }
  | { kind: 'if'; cond: Expr; then: TemplatePart[]; else?: TemplatePart[]; range: Range }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[]; range: Range };

/** A bare name: a variable, a function parameter, a for/matrix iterator, or a root like `target`. */
export interface VariableExpr {
  kind: 'variable';
  name: string;
  range: Range;
}

/** `obj.name` (also `list.0`, which HCL treats as an index: `name` is then "0"). */
export interface GetAttrExpr {
  kind: 'getattr';
  object: Expr;
  name: string;
  range: Range;
  nameRange: Range;
}

/** `obj[key]`. */
export interface IndexExpr {
  kind: 'index';
  object: Expr;
  key: Expr;
  range: Range;
}

/**
 * `src[*].a.b` (full splat) or `src.*.a` (attribute-only splat). `each` is evaluated once per
 * element with the element bound to an `anon` node; a non-list source is wrapped in a
 * one-element tuple (null becomes an empty tuple), as HCL does.
 */
export interface SplatExpr {
  kind: 'splat';
  source: Expr;
  each: Expr;
  range: Range;
}

/** The current element inside a splat's `each` expression. */
export interface AnonExpr {
  kind: 'anon';
  range: Range;
}

export interface CallExpr {
  kind: 'call';
  name: string;
  args: Expr[];
  /** `f(a, list...)`: the last argument is expanded into separate arguments. */
  expandFinal: boolean;
  range: Range;
  nameRange: Range;
}

export interface TupleExpr {
  kind: 'tuple';
  items: Expr[];
  range: Range;
}

/** An object constructor. A bare identifier key (`{ a = 1 }`) is a literal string template. */
export interface ObjectExpr {
  kind: 'object';
  items: { key: Expr; value: Expr }[];
  range: Range;
}

export interface ConditionalExpr {
  kind: 'conditional';
  cond: Expr;
  then: Expr;
  else: Expr;
  range: Range;
}

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  range: Range;
}

export interface UnaryExpr {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
  range: Range;
}

/** `[for k, v in coll : val if cond]` or `{for k, v in coll : key => val... if cond}`. */
export interface ForExpr {
  kind: 'for';
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  /** Present only for the object form. */
  keyExpr?: Expr;
  valueExpr: Expr;
  cond?: Expr;
  /** The `...` grouping mode of the object form. */
  group: boolean;
  range: Range;
}

/** `( expr )`: kept so that `(a) = 1` object keys are evaluated, not taken literally. */
export interface ParenExpr {
  kind: 'paren';
  expr: Expr;
  range: Range;
}

export type Expr =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | AnonExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ForExpr
  | ParenExpr;
