// `validation { condition = ...; error_message = ... }` blocks of a variable, evaluated after every
// variable is resolved so a condition may read other variables.
import type { Diagnostic } from '../../errors.js';
import type { Block } from '../hcl/ast.js';
import { evaluate } from '../hcl/eval.js';
import { coerceBool } from '../hcl/eval-coerce.js';
import { fail } from '../hcl/eval-errors.js';
import { templateString } from '../hcl/eval-template.js';
import type { Scope } from '../hcl/scope.js';
import { attributesByName, checkSchema } from './blocks.js';

const VALIDATION_ATTRS = new Set(['condition', 'error_message']);

/** The failed validations of a variable, as diagnostics (buildx reports them all at once). */
export function failedValidations(variable: Block, scope: Scope): Diagnostic[] {
  const failed: Diagnostic[] = [];
  for (const block of variable.body.blocks) {
    if (block.type !== 'validation') continue;
    checkSchema(block.body, VALIDATION_ATTRS);
    const attrs = attributesByName(block.body);
    const condition = attrs.get('condition');
    if (!condition) {
      fail('Missing required argument', 'The argument "condition" is required, but no definition was found.', block.range);
    }
    const result = coerceBool(evaluate(condition.expr, scope));
    if (!result.ok || result.value === null) {
      const why = result.ok ? 'not null' : `not ${result.message}`;
      fail('Invalid condition result', `Condition expression must return either true or false, ${why}.`, condition.expr.range);
    }
    if (result.value) continue;
    const message = attrs.get('error_message');
    const text = message ? templateString(evaluate(message.expr, scope), message.expr.range) : 'validation failed';
    failed.push({ summary: 'Validation failed', detail: text, range: condition.expr.range });
  }
  return failed;
}
