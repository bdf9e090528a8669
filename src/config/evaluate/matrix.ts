// `matrix = { k = [..], ... }`: the cartesian product of its value lists, one set of local names
// per combination. The first key (in cty's sorted order) varies fastest, as depot's bake does.
import type { Attribute, Block } from '../hcl/ast.js';
import { evaluate } from '../hcl/eval.js';
import { sortedKeys } from '../hcl/eval-for.js';
import type { Scope } from '../hcl/scope.js';
import { isObject, type Value } from '../hcl/value.js';
import { invalidName } from './blocks.js';

/** More combinations than this is almost certainly a mistake; refuse instead of hanging. */
export const MAX_MATRIX_COMBINATIONS = 10_000;

export type Combination = [string, Value][];

export function matrixCombinations(block: Block, attr: Attribute, scope: Scope): Combination[] {
  const matrix = evaluate(attr.expr, scope);
  if (!isObject(matrix)) return invalidName(block, 'matrix must be a map');
  const axes: [string, Value[]][] = sortedKeys(matrix).map((key) => {
    const values = matrix[key]!;
    if (!Array.isArray(values)) invalidName(block, 'matrix values must be a list');
    return [key, values];
  });
  const total = axes.reduce((n, [, values]) => n * values.length, 1);
  if (total > MAX_MATRIX_COMBINATIONS) {
    invalidName(block, `matrix has ${total} combinations; at most ${MAX_MATRIX_COMBINATIONS} are allowed`);
  }
  const out: Combination[] = [];
  for (let n = 0; n < total; n++) {
    let rest = n;
    out.push(
      axes.map(([key, values]) => {
        const value = values[rest % values.length]!;
        rest = Math.floor(rest / values.length);
        return [key, value];
      }),
    );
  }
  return out;
}
