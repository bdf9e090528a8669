// Evaluates one expression with a small fixed set of globals, for the evaluator's unit tests.
import { evaluate } from '../../../src/config/hcl/eval.js';
import type { HclFunction } from '../../../src/config/hcl/functions/types.js';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { Scope, type Globals } from '../../../src/config/hcl/scope.js';
import type { Value } from '../../../src/config/hcl/value.js';

export function testScope(vars: Record<string, Value> = {}, funcs: Record<string, HclFunction> = {}): Scope {
  const globals: Globals = {
    variable: (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
    variableNames: () => Object.keys(vars),
    func: (name) => funcs[name],
    functionNames: () => Object.keys(funcs),
  };
  return Scope.root(globals);
}

/** Parses `text` as one expression (file `t.hcl`) and evaluates it. */
export function ev(text: string, vars: Record<string, Value> = {}, funcs: Record<string, HclFunction> = {}): Value {
  return evaluate(parseExpression('t.hcl', text), testScope(vars, funcs));
}

/** The message of the error evaluating `text` throws. */
export function evError(text: string, vars: Record<string, Value> = {}, funcs: Record<string, HclFunction> = {}): string {
  try {
    ev(text, vars, funcs);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${text} to fail`);
}
