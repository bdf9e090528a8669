// The global names of a bake definition, shared by every expression: builtins (read-only),
// variables, top-level attributes, the stdlib plus user functions, and block references.
import type { Range } from '../../errors.js';
import type { Attribute, Block, Body } from '../hcl/ast.js';
import { evaluate } from '../hcl/eval.js';
import { HostError } from '../hcl/eval-errors.js';
import { lazyFunctions, stdlib } from '../hcl/functions/index.js';
import type { HclFunction } from '../hcl/functions/types.js';
import { Scope, type BlockRoot, type Globals } from '../hcl/scope.js';
import type { HclType } from '../hcl/types.js';
import type { Value } from '../hcl/value.js';
import type { EvalOptions } from '../types.js';
import { checkTopLevel } from './blocks.js';
import { checkFunctionDeps } from './function-deps.js';
import { userFunctions, type UserFunction } from './functions.js';
import { LazyValues } from './lazy.js';
import { BlockReferences } from './references.js';
import { Variables } from './variables.js';

const BLOCK_TYPES = ['variable', 'function', 'target', 'group'] as const;
type BlockType = (typeof BLOCK_TYPES)[number];
/** Roots a function body may read besides variables: references to other blocks. */
const BLOCK_ROOTS: readonly BlockRoot[] = ['target', 'group'];

export class BakeGlobals implements Globals {
  readonly scope: Scope = Scope.root(this);
  readonly variables: Variables;
  readonly refs: BlockReferences;
  private readonly functions: Map<string, UserFunction>;
  private readonly attrs = new Map<string, Attribute>();
  /** Variables and top-level attributes, one namespace as in buildx. */
  private readonly memo = new LazyValues();

  constructor(
    body: Body,
    private readonly opts: EvalOptions,
  ) {
    checkTopLevel(body, new Set(BLOCK_TYPES));
    const blocks: Record<BlockType, Block[]> = { variable: [], function: [], target: [], group: [] };
    for (const block of body.blocks) blocks[block.type as BlockType].push(block);
    // A top-level `function` attribute is ignored, as in buildx; a later file's attribute wins.
    for (const attr of body.attributes) if (attr.name !== 'function') this.attrs.set(attr.name, attr);
    const reserved = new Set([...Object.keys(opts.builtins), ...BLOCK_TYPES]);
    const scope = (): Scope => this.scope;
    const onCycle = (name: string, cycle: string[]): never => this.cycleError(name, cycle);
    this.variables = new Variables(blocks.variable, reserved, this.attrs, opts, scope, this.memo, onCycle);
    this.functions = userFunctions(blocks.function, scope);
    this.refs = new BlockReferences(blocks.target, blocks.group, scope);
  }

  /** Builtins, then variables (which take a same-named attribute as their value), then attributes. */
  variable(name: string): Value | undefined {
    if (Object.hasOwn(this.opts.builtins, name)) return this.opts.builtins[name]!;
    if (this.variables.declares(name)) return this.variables.get(name);
    return this.attribute(name);
  }

  variableType(name: string): HclType | undefined {
    if (Object.hasOwn(this.opts.builtins, name)) return undefined;
    return this.variables.declaredType(name);
  }

  variableNames(): string[] {
    return [...Object.keys(this.opts.builtins), ...this.variables.names(), ...this.attrs.keys()];
  }

  func(name: string): HclFunction | undefined {
    return this.functions.get(name)?.fn ?? (Object.hasOwn(stdlib, name) ? stdlib[name] : undefined);
  }

  functionNames(): string[] {
    return [...this.functions.keys(), ...Object.keys(stdlib)];
  }

  reference(root: BlockRoot, name: string, attr: string | undefined, range: Range): Value {
    return this.refs.resolve(root, name, attr, range);
  }

  /** Follows every user function's calls and reads, as buildx does when it resolves them. */
  checkFunctions(): void {
    const names = new Set([...this.variableNames(), ...BLOCK_ROOTS]);
    checkFunctionDeps(this.functions, {
      isFunction: (name) => Object.hasOwn(stdlib, name) || lazyFunctions.has(name),
      isName: (name) => names.has(name),
    });
  }

  /** Evaluates every top-level attribute, so an error in one is reported even if unused. */
  resolveAttributes(): void {
    for (const name of this.attrs.keys()) this.attribute(name);
  }

  private attribute(name: string): Value | undefined {
    const attr = this.attrs.get(name);
    if (!attr) return undefined;
    return this.memo.get(
      name,
      () => evaluate(attr.expr, this.scope),
      (cycle) => this.cycleError(name, cycle),
    );
  }

  /** As buildx reports a cycle of names: at the expression that read `name` again (the last entered). */
  private cycleError(name: string, cycle: string[]): never {
    const reader = cycle[cycle.length - 1]!;
    const range = (this.variables.defaultExpr(reader) ?? this.attrs.get(reader)?.expr)?.range;
    throw new HostError({ summary: 'Invalid expression', detail: `variable cycle not allowed for ${name}`, ...(range ? { range } : {}) });
  }
}
