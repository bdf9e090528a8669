// `target` blocks: every attribute evaluated to a plain value; matrix targets expand to one
// RawTarget per combination plus an implicit group named after the block listing them.
import type { Attribute, Block } from '../hcl/ast.js';
import { evaluate } from '../hcl/eval.js';
import { fail } from '../hcl/eval-errors.js';
import { templateString } from '../hcl/eval-template.js';
import type { Scope } from '../hcl/scope.js';
import type { Value } from '../hcl/value.js';
import type { RawGroup, RawTarget } from '../types.js';
import { attributesByName, blockLabel, checkName, checkSchema } from './blocks.js';
import { matrixCombinations, type Combination } from './matrix.js';
import { TARGET_ATTRS, type BlockReferences } from './references.js';

export interface TargetsResult {
  targets: RawTarget[];
  groups: RawGroup[];
}

export function evaluateTargets(blocks: Block[], refs: BlockReferences, scope: Scope): TargetsResult {
  const result: TargetsResult = { targets: [], groups: [] };
  for (const block of blocks) {
    const label = blockLabel(block);
    checkName(label, block.labelRanges[0]);
    checkSchema(block.body, TARGET_ATTRS);
    const attrs = attributesByName(block.body);
    const matrix = attrs.get('matrix');
    const nameAttr = attrs.get('name');
    if (!matrix) {
      if (nameAttr) fail('name requires matrix', undefined, nameAttr.nameRange);
      result.targets.push(rawTarget(label, block, (a) => refs.attribute('target', block, a)));
      continue;
    }
    const expanded = expandMatrix(block, label, matrixCombinations(matrix, scope, label), scope);
    result.targets.push(...expanded);
    const names = expanded.map((t) => t.name);
    if (names.length !== 1 || names[0] !== label) {
      result.groups.push({ name: label, targets: names, ...(block.labelRanges[0] ? { range: block.labelRanges[0] } : {}) });
    }
  }
  return result;
}

function expandMatrix(block: Block, label: string, combos: Combination[], scope: Scope): RawTarget[] {
  const nameAttr = block.body.attributes.find((a) => a.name === 'name');
  const seen = new Set<string>();
  return combos.map((combo) => {
    const local = scope.child(combo);
    const name = nameAttr ? targetName(nameAttr, local) : label;
    if (seen.has(name)) fail(`duplicate name "${name}"`, undefined, nameAttr?.expr.range ?? block.labelRanges[0]);
    seen.add(name);
    return rawTarget(name, block, (a) => evaluate(a.expr, local));
  });
}

function targetName(attr: Attribute, scope: Scope): string {
  const value = evaluate(attr.expr, scope);
  const name = templateString(value, attr.expr.range);
  checkName(name, attr.expr.range);
  return name;
}

/** The block's attributes (without the consumed `matrix` and `name`) as evaluated by `value`. */
function rawTarget(name: string, block: Block, value: (a: Attribute) => Value): RawTarget {
  const target: RawTarget = { name, attrs: {}, ranges: {} };
  if (block.labelRanges[0]) target.range = block.labelRanges[0];
  for (const attr of block.body.attributes) {
    if (attr.name === 'matrix' || attr.name === 'name') continue;
    target.attrs[attr.name] = value(attr);
    target.ranges[attr.name] = attr.expr.range;
  }
  return target;
}
