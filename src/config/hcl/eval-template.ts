// String templates: literals, `${}` interpolations and `%{if}`/`%{for}` directives.
import type { Range } from '../../errors.js';
import type { TemplateExpr, TemplatePart } from './ast.js';
import { conditionValue } from './eval-coerce.js';
import { attempt, fail } from './eval-errors.js';
import { iterate } from './eval-for.js';
import type { Evaluate } from './eval.js';
import type { Scope } from './scope.js';
import { nfc } from './nfc.js';
import { formatNumber, isNum } from './number.js';
import type { Value } from './value.js';

/** A template's value: `"${x}"` alone yields x unconverted (HCL's TemplateWrapExpr). */
export function evalTemplate(expr: TemplateExpr, scope: Scope, evaluate: Evaluate): Value {
  const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
  if (only?.kind === 'interp') return evaluate(only.expr, scope);
  return nfc(renderParts(expr.parts, scope, evaluate));
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
    case 'if':
      return renderIf(part, scope, evaluate);
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

/**
 * `%{if}` is a conditional in HCL: both branches are rendered first and the errors of the one not
 * taken are dropped; the condition's errors come before the taken branch's.
 */
function renderIf(part: TemplatePart & { kind: 'if' }, scope: Scope, evaluate: Evaluate): string {
  const then = attempt(() => renderParts(part.then, scope, evaluate));
  const otherwise = attempt(() => (part.else ? renderParts(part.else, scope, evaluate) : ''));
  const take = conditionValue(evaluate(part.cond, scope), part.cond.range);
  const taken = take ? then : otherwise;
  if (taken.error) throw taken.error;
  return taken.value;
}
