// Function calls: argument expansion, arity, conversion to parameter types, and the mapping of
// function errors to HCL's diagnostics. `try`, `can` and `convert` live here because they need
// their arguments unevaluated (or as a type expression).
import { formatRange, isUserError, SourceError, type Diagnostic, type Range } from '../../errors.js';
import type { CallExpr, Expr } from './ast.js';
import { ConversionError, convertValue } from './convert.js';
import { fail, HostError, suggestion } from './eval-errors.js';
import type { Evaluate } from './eval.js';
import { nullType } from './eval-null-type.js';
import { FunctionArgError, FunctionCallError, type FunctionParam, type HclFunction, type NullTypes } from './functions/types.js';
import type { Scope } from './scope.js';
import { nfcValue } from './nfc.js';
import { callStart, startRange } from './start-range.js';
import { parseTypeExpr } from './typeexpr.js';
import type { HclType } from './types.js';
import type { Value } from './value.js';

type LazyFunction = (expr: CallExpr, scope: Scope, evaluate: Evaluate) => Value;

const LAZY: Readonly<Record<string, LazyFunction>> = { try: callTry, can: callCan, convert: callConvert };

export function callFunction(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  const lazy = LAZY[expr.name];
  if (lazy) return lazy(expr, scope, evaluate);
  const fn = scope.globals.func(expr.name);
  if (!fn) {
    const names = [...scope.globals.functionNames(), ...Object.keys(LAZY)];
    const hint = suggestion(expr.name, names);
    fail('Call to unknown function', `There is no function named "${expr.name}".${hint}`, expr.nameRange);
  }
  const args = expandArgs(expr, scope, evaluate);
  checkArity(expr, fn, args.length);
  const converted = evaluateArgs(fn, args, scope, evaluate);
  const nullTypes = nullArgTypes(args, converted, scope);
  try {
    return nfcValue(nullTypes ? fn.impl(converted, nullTypes) : fn.impl(converted));
  } catch (err) {
    if (err instanceof FunctionArgError) {
      const at = args[err.argIndex]?.range ?? expr.range;
      return invalidArg(paramAt(fn, err.argIndex).name, err.message, at);
    }
    if (err instanceof FunctionCallError) return callFailed(expr, err.message);
    throw err;
  }
}

/** An argument: still to evaluate, or an element of an expanded `list...`. */
type Arg = ({ expr: Expr } | { value: Value }) & {
  /** Where HCL reports a bad argument: its StartRange, or the whole `list...` it was expanded from. */
  range: Range;
};

/**
 * The arguments, a final `list...` expanded into separate ones. HCL evaluates that list first,
 * and the others only once the arity has been checked.
 */
function expandArgs(expr: CallExpr, scope: Scope, evaluate: Evaluate): Arg[] {
  const args: Arg[] = expr.args.map((e) => ({ expr: e, range: startRange(e) }));
  if (!expr.expandFinal || args.length === 0) return args;
  args.pop();
  const lastExpr = expr.args[expr.args.length - 1]!;
  const last = { value: evaluate(lastExpr, scope), range: lastExpr.range };
  if (last.value === null) {
    fail('Invalid expanding argument value', 'The expanding argument (indicated by ...) must not be null.', last.range);
  }
  if (!Array.isArray(last.value)) {
    fail(
      'Invalid expanding argument value',
      'The expanding argument (indicated by ...) must be of a tuple, list, or set type.',
      last.range,
    );
  }
  return [...args, ...last.value.map((value) => ({ value, range: last.range }))];
}

function checkArity(expr: CallExpr, fn: HclFunction, count: number): void {
  const { params } = fn;
  if (count < params.length) {
    const want = fn.variadic ? `at least ${params.length}` : `${params.length}`;
    fail(
      'Not enough function arguments',
      `Function "${expr.name}" expects ${want} argument(s). Missing value for "${params[count]!.name}".`,
      closeParen(expr),
    );
  }
  if (count > params.length && !fn.variadic) {
    const at = Math.min(params.length, expr.args.length - 1);
    const extra = expr.args[at];
    const expanded = expr.expandFinal && at === expr.args.length - 1;
    fail(
      'Too many function arguments',
      `Function "${expr.name}" expects only ${params.length} argument(s).`,
      extra ? (expanded ? extra.range : startRange(extra)) : expr.range,
    );
  }
}

function paramAt(fn: HclFunction, i: number): FunctionParam {
  return fn.params[i] ?? fn.variadic ?? { name: `arg${i}` };
}

/**
 * The arguments evaluated and converted to their parameters' types. HCL evaluates and converts
 * every argument, reporting each failure in order (a failed argument is unknown, so it does not
 * fail its conversion too); only then does cty reject a null its parameter does not allow.
 */
function evaluateArgs(fn: HclFunction, args: Arg[], scope: Scope, evaluate: Evaluate): Value[] {
  const failures: Diagnostic[] = [];
  const values: Value[] = [];
  const converted = args.map((arg, i) => {
    let value: Value;
    try {
      value = 'value' in arg ? arg.value : evaluate(arg.expr, scope);
    } catch (err) {
      if (!(err instanceof SourceError) || err instanceof HostError) throw err;
      failures.push(...err.diagnostics);
      values.push(null);
      return null;
    }
    values.push(value);
    const { range } = arg;
    const { type, name } = paramAt(fn, i);
    if (value === null || !type) return value;
    try {
      return convertValue(value, type);
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      failures.push({ summary: 'Invalid function argument', detail: `Invalid value for "${name}" parameter: ${err.message}.`, range });
      return value;
    }
  });
  if (failures.length > 0) throw new SourceError(failures);
  values.forEach((value, i) => {
    const param = paramAt(fn, i);
    if (value === null && !param.allowNull) invalidArg(param.name, 'argument must not be null', args[i]!.range);
  });
  return converted;
}

/** The declared types of the null arguments that have one (typed nulls); undefined when none has. */
function nullArgTypes(args: Arg[], values: Value[], scope: Scope): NullTypes | undefined {
  let types: (HclType | undefined)[] | undefined;
  values.forEach((value, i) => {
    const arg = args[i]!;
    if (value !== null || !('expr' in arg)) return;
    const type = nullType(arg.expr, scope);
    if (type) (types ??= [])[i] = type;
  });
  return types;
}

/** HCL points arity errors at the closing parenthesis. */
function closeParen(expr: CallExpr): Range {
  const e = expr.range.end;
  return { filename: expr.range.filename, start: { line: e.line, column: e.column - 1, byte: e.byte - 1 }, end: e };
}

function invalidArg(param: string, message: string, range: Range): never {
  return fail('Invalid function argument', `Invalid value for "${param}" parameter: ${message}.`, range);
}

function callFailed(expr: CallExpr, message: string): never {
  return fail('Error in function call', `Call to function "${expr.name}" failed: ${message}.`, callStart(expr));
}

/** `try(a, b, ...)`: the first argument that evaluates without an error. */
function callTry(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  // tryfunc has only a variadic parameter: no arity error, its type check fails the call.
  if (expr.args.length === 0) callFailed(expr, 'at least one argument is required');
  let failures = '';
  for (const arg of expr.args) {
    try {
      return evaluate(arg, scope);
    } catch (err) {
      if (!isUserError(err) || err instanceof HostError) throw err;
      failures += describeFailure(err);
    }
  }
  return callFailed(
    expr,
    `no expression succeeded:\n${failures}\nAt least one expression must produce a successful result`,
  );
}

/** One failed `try` argument, listed the way cty's try lists diagnostics. */
function describeFailure(err: Error): string {
  if (!(err instanceof SourceError)) return `- ${err.message}\n`;
  return err.diagnostics
    .map((d) => `- ${d.summary}${d.range ? ` (at ${formatRange(d.range)})` : ''}\n  ${d.detail ?? ''}\n`)
    .join('');
}

/** `can(expr)`: whether the argument evaluates without an error. */
function callCan(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  const arg = exactlyArgs(expr, ['expression'])[0]!;
  try {
    evaluate(arg, scope);
    return true;
  } catch (err) {
    if (!isUserError(err) || err instanceof HostError) throw err;
    return false;
  }
}

/** `convert(value, type)`: the value converted to a type written as a type expression. */
function callConvert(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  const [valueExpr, typeExpr] = exactlyArgs(expr, ['value', 'type']) as [Expr, Expr];
  const type = parseTypeExpr(typeExpr);
  const value = evaluate(valueExpr, scope);
  if (value === null) return null;
  try {
    return convertValue(value, type);
  } catch (err) {
    if (err instanceof ConversionError) return invalidArg('value', err.message, startRange(valueExpr));
    throw err;
  }
}

/** The arguments of a function with the named parameters, checked as HCL checks any call's arity. */
function exactlyArgs(expr: CallExpr, params: string[]): Expr[] {
  const n = params.length;
  if (expr.args.length < n) {
    const missing = params[expr.args.length]!;
    fail(
      'Not enough function arguments',
      `Function "${expr.name}" expects ${n} argument(s). Missing value for "${missing}".`,
      closeParen(expr),
    );
  }
  if (expr.args.length > n) {
    fail('Too many function arguments', `Function "${expr.name}" expects only ${n} argument(s).`, startRange(expr.args[n]!));
  }
  return expr.args;
}
