// String templates: literals, `${}` interpolations and `%{if}`/`%{for}` directives.
import type { Range } from '../../errors.js';
import type { TemplateExpr, TemplatePart } from './ast.js';
import { coerceBool } from './eval-coerce.js';
import { fail } from './eval-errors.js';
import { iterate } from './eval-for.js';
import type { Evaluate } from './eval.js';
import type { Scope } from './scope.js';
import { formatNumber, isNum } from './number.js';
import type { Value } from './value.js';

/** A template's value: `"${x}"` alone yields x unconverted (HCL's TemplateWrapExpr). */
export function evalTemplate(expr: TemplateExpr, scope: Scope, evaluate: Evaluate): Value {
  const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
  if (only?.kind === 'interp') return evaluate(only.expr, scope);
  return renderParts(expr.parts, scope, evaluate);
}

/** A primitive as a string the way cty converts it; anything else cannot be interpolated. */
export function templateString(v: Value, range: Range): string {
  if (typeof v === 'string') return v;
  if (isNum(v)) return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) {
    return fail(
      'Invalid template interpolation value',
      'The expression result is null. Cannot include a null value in a string template.',
      range,
    );
  }
  return fail(
    'Invalid template interpolation value',
    'Cannot include the given value in a string template: string required.',
    range,
  );
}

function renderParts(parts: TemplatePart[], scope: Scope, evaluate: Evaluate): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) out += renderPart(parts[i]!, scope, evaluate);
  return out;
}

function renderPart(part: TemplatePart, scope: Scope, evaluate: Evaluate): string {
  switch (part.kind) {
    case 'literal':
      return part.value;
    case 'interp':
      return templateString(evaluate(part.expr, scope), part.expr.range);
    case 'if': {
      const take = directiveCondition(evaluate(part.cond, scope), part.cond.range);
      if (take) return renderParts(part.then, scope, evaluate);
      return part.else ? renderParts(part.else, scope, evaluate) : '';
    }
    case 'for': {
      let out = '';
      for (const [key, value] of iterate(evaluate(part.collection, scope), part.collection.range)) {
        const vars: [string, Value][] = [[part.valueVar, value]];
        if (part.keyVar !== undefined) vars.push([part.keyVar, key]);
        out += renderParts(part.body, scope.child(vars), evaluate);
      }
      return out;
    }
  }
}

function directiveCondition(v: Value, range: Range): boolean {
  const c = coerceBool(v);
  if (!c.ok) return fail('Invalid template if condition', 'The condition must be of type bool.', range);
  if (c.value === null) {
    return fail('Invalid template if condition', 'The condition value is null. Conditions must either be true or false.', range);
  }
  return c.value;
}
