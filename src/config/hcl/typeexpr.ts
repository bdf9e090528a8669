// Type constraint expressions (`string`, `list(string)`, `object({a=number})`...) read from the
// syntax tree, never evaluated: `type = "string"` is an error in native syntax. In HCL-JSON a type
// can only be written as a string, which is parsed as an expression first (as HCL does).
import type { Range } from '../../errors.js';
import type { CallExpr, Expr } from './ast.js';
import { ConversionError, convertValue } from './convert.js';
import { evaluate } from './eval.js';
import { fail } from './eval-errors.js';
import { parseExpression } from './parser.js';
import { Scope, type Globals } from './scope.js';
import type { HclType } from './types.js';
import type { Value } from './value.js';

const PRIMITIVES = new Set(['string', 'number', 'bool', 'any']);
const COLLECTIONS = new Set(['list', 'set', 'map']);

const INVALID = 'Invalid type specification';

/**
 * A type constraint. `withDefaults` is typeexpr's TypeConstraintWithDefaults: optional(T, default)
 * is allowed (as for variables); without it only optional(T) is (as for `convert()`).
 */
export function parseTypeExpr(expr: Expr, withDefaults = false): HclType {
  const parse = (e: Expr): HclType => parseTypeExpr(e, withDefaults);
  switch (expr.kind) {
    case 'variable':
      if (PRIMITIVES.has(expr.name)) return { kind: expr.name } as HclType;
      return fail(INVALID, `The keyword "${expr.name}" is not a valid type specification.`, expr.range);
    case 'call':
      return parseConstructor(expr, parse, withDefaults);
    case 'paren':
      return parse(expr.expr);
    case 'template': {
      const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
      if (only?.kind === 'literal' && expr.range.filename.endsWith('.json')) {
        return parse(parseExpression(expr.range.filename, only.value, only.range.start));
      }
      break;
    }
    default:
      break;
  }
  return fail(
    INVALID,
    'A type specification is either a primitive type keyword (bool, number, string) or a complex type ' +
      'constructor call, like list(string).',
    expr.range,
  );
}

type Parse = (e: Expr) => HclType;

function parseConstructor(expr: CallExpr, parse: Parse, withDefaults: boolean): HclType {
  const { name } = expr;
  if (COLLECTIONS.has(name)) {
    const element = oneArg(expr, `The ${name} type constructor requires one argument specifying the element type.`);
    return { kind: name as 'list' | 'set' | 'map', element: parse(element) };
  }
  if (name === 'tuple') {
    const arg = oneArg(expr, 'The tuple type constructor requires one argument specifying the element types as a list.');
    if (arg.kind !== 'tuple') fail(INVALID, 'Tuple type constructor requires a list of element types.', arg.range);
    return { kind: 'tuple', elements: arg.items.map(parse) };
  }
  if (name === 'object') {
    const arg = oneArg(expr, 'The object type constructor requires one argument specifying the attribute types as a map.');
    return parseObjectType(arg, parse, withDefaults);
  }
  if (PRIMITIVES.has(name)) {
    return fail(INVALID, `Primitive type keyword "${name}" does not expect arguments.`, expr.range);
  }
  if (name === 'optional') {
    return fail(INVALID, 'Keyword "optional" is valid only as a modifier for object type attributes.', expr.range);
  }
  return fail(INVALID, `Keyword "${name}" is not a valid type constructor.`, expr.nameRange);
}

function oneArg(expr: CallExpr, detail: string): Expr {
  if (expr.args.length !== 1) fail(INVALID, detail, expr.range);
  return expr.args[0]!;
}

function parseObjectType(arg: Expr, parse: Parse, withDefaults: boolean): HclType {
  if (arg.kind !== 'object') {
    return fail(INVALID, 'Object type constructor requires a map whose keys are attribute names.', arg.range);
  }
  const attributes: Record<string, HclType> = Object.create(null) as Record<string, HclType>;
  const optional: string[] = [];
  const defaults: Record<string, Value> = Object.create(null) as Record<string, Value>;
  for (const { key, value } of arg.items) {
    const name = attributeName(key);
    if (value.kind === 'call' && value.name === 'optional') {
      if (value.args.length < 1) {
        fail(INVALID, 'Optional attribute modifier requires the attribute type as its argument.', argsRange(value));
      }
      if (!withDefaults && value.args.length > 1) {
        fail(INVALID, 'Optional attribute modifier expects only one argument: the attribute type.', argsRange(value));
      }
      if (value.args.length > 2) {
        fail(INVALID, 'Optional attribute modifier expects at most two arguments: the attribute type, and a default value.', argsRange(value));
      }
      attributes[name] = parse(value.args[0]!);
      optional.push(name);
      if (value.args[1]) defaults[name] = defaultValue(value.args[1], attributes[name]);
    } else {
      attributes[name] = parse(value);
    }
  }
  if (optional.length === 0) return { kind: 'object', attributes };
  return Object.keys(defaults).length > 0 ? { kind: 'object', attributes, optional, defaults } : { kind: 'object', attributes, optional };
}

/** `(...)` of a call, where HCL points its argument-count diagnostics. */
function argsRange(call: CallExpr): Range {
  return { filename: call.range.filename, start: call.nameRange.end, end: call.range.end };
}

// HCL evaluates an optional attribute's default without a context: no variables, no functions.
const NO_CONTEXT: Globals = {
  variable: (_name, range) => fail('Variables not allowed', 'Variables may not be used here.', range),
  variableNames: () => [],
  func: () => undefined,
  functionNames: () => [],
};

/** optional(T, default): the default converted to T. */
function defaultValue(expr: Expr, type: HclType): Value {
  const value = evaluate(expr, Scope.root(NO_CONTEXT));
  try {
    return convertValue(value, type);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    const detail = `This default value is not compatible with the attribute's type constraint: ${err.message}.`;
    return fail('Invalid default value for optional attribute', detail, expr.range);
  }
}

/** An object type's key: a bare identifier (or, as HCL allows, a quoted literal). */
function attributeName(key: Expr): string {
  if (key.kind === 'variable') return key.name;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'literal') return key.parts[0]!.value;
  if (key.kind === 'template' && key.parts.length === 0) return '';
  return fail(INVALID, 'Object constructor map keys must be attribute names.', key.range);
}
