// `target.<name>.<attr>` and `group.<name>.<attr>`: another block's attribute, evaluated once on
// demand and shared with the evaluation of that block itself, so a reference cycle is detected
// whichever block is evaluated first.
import type { Range } from '../../errors.js';
import { TARGET_FIELDS, TARGET_META_ATTRIBUTES } from '../../bake/fields.js';
import type { Attribute, Block } from '../hcl/ast.js';
import { evaluate } from '../hcl/eval.js';
import { fail } from '../hcl/eval-errors.js';
import type { BlockRoot, Scope } from '../hcl/scope.js';
import { makeObject, type Value } from '../hcl/value.js';
import { LazyValues } from './lazy.js';

/** The attributes a target block accepts. */
export const TARGET_ATTRS: ReadonlySet<string> = new Set([...TARGET_FIELDS.map((f) => f.key), ...TARGET_META_ATTRIBUTES]);
/** The attributes a group block accepts. */
export const GROUP_ATTRS: ReadonlySet<string> = new Set(['targets', 'description']);

export class BlockReferences {
  private readonly memo = new LazyValues();
  private readonly blocks: Record<BlockRoot, Block[]>;
  /** Memo keys name blocks by position: same-named blocks are distinct until merged. */
  private readonly ids = new Map<Block, string>();

  constructor(
    targets: Block[],
    groups: Block[],
    private readonly scope: () => Scope,
  ) {
    this.blocks = { target: targets, group: groups };
    targets.forEach((b, i) => this.ids.set(b, `target#${i}`));
    groups.forEach((b, i) => this.ids.set(b, `group#${i}`));
  }

  /** A block's attribute evaluated in the global scope, memoised by block and attribute. */
  attribute(root: BlockRoot, block: Block, attr: Attribute): Value {
    return this.memo.get(
      `${this.ids.get(block)}.${attr.name}`,
      () => evaluate(attr.expr, this.scope()),
      () => fail(`reference cycle not allowed for ${root}.${block.labels[0]}.${attr.name}`, undefined, attr.expr.range),
    );
  }

  /** The value of `root.name.attr` (or of the whole block as an object when attr is undefined). */
  resolve(root: BlockRoot, name: string, attr: string | undefined, range: Range): Value {
    const blocks = this.blocks[root].filter((b) => b.labels.length === 1 && b.labels[0] === name);
    if (blocks.length === 0) {
      return fail('Unsupported attribute', `This object does not have an attribute named "${name}".`, range);
    }
    if (attr === undefined) return this.wholeBlock(root, blocks);
    const valid = root === 'target' ? TARGET_ATTRS : GROUP_ATTRS;
    if (!valid.has(attr)) {
      return fail('Unsupported attribute', `This object does not have an attribute named "${attr}".`, range);
    }
    // Same-named blocks merge in order, so the last one that sets the attribute decides.
    for (const block of [...blocks].reverse()) {
      const found = block.body.attributes.find((a) => a.name === attr);
      if (found) return this.attribute(root, block, found);
    }
    return null;
  }

  private wholeBlock(root: BlockRoot, blocks: Block[]): Value {
    const obj = makeObject();
    for (const block of blocks) {
      for (const a of block.body.attributes) obj[a.name] = this.attribute(root, block, a);
    }
    return obj;
  }
}
