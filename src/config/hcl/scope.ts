// The evaluation context of HCL expressions: local names (for iterators, function parameters,
// matrix values) chained over one shared set of globals that resolve lazily, so a variable's
// default is only evaluated when something reads it (buildx's dependency-driven evaluation).
import type { Range } from '../../errors.js';
import type { HclFunction } from './functions/types.js';
import type { HclType } from './types.js';
import type { Value } from './value.js';

/** The roots whose first two traversal steps name another block's attribute. */
export type BlockRoot = 'target' | 'group';

/** What every scope of one evaluation shares: the global names and the functions. */
export interface Globals {
  /** A global value (variable, top-level attribute, builtin), or undefined when unknown. */
  variable(name: string, range: Range): Value | undefined;
  /** Every global name, for "Did you mean" suggestions. */
  variableNames(): string[];
  /** A global's declared type (a typed variable's), which a null value of it keeps in cty. */
  variableType?(name: string): HclType | undefined;
  func(name: string): HclFunction | undefined;
  functionNames(): string[];
  /**
   * `target.<name>.<attr>` / `group.<name>.<attr>`: another block's evaluated attribute, or the
   * whole block as an object when `attr` is undefined. Absent when references are not allowed.
   */
  reference?(root: BlockRoot, name: string, attr: string | undefined, range: Range): Value;
}

/** Local name bound to the current element inside a splat's `each` expression. */
export const ANON_NAME = '*';

export class Scope {
  private constructor(
    readonly globals: Globals,
    private readonly locals: ReadonlyMap<string, Value>,
    private readonly parent: Scope | undefined,
  ) {}

  static root(globals: Globals): Scope {
    return new Scope(globals, new Map(), undefined);
  }

  /** A nested scope whose names shadow this one's (for, function call, matrix combination). */
  child(vars: Iterable<[string, Value]>): Scope {
    return new Scope(this.globals, new Map(vars), this);
  }

  /** Whether `name` is bound locally (so it shadows a global or a block root). */
  hasLocal(name: string): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.locals.has(name)) return true;
    return false;
  }

  lookup(name: string, range: Range): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.locals.has(name)) return s.locals.get(name);
    }
    return this.globals.variable(name, range);
  }

  /** Every visible name, innermost first, for suggestions. */
  names(): string[] {
    const out: string[] = [];
    for (let s: Scope | undefined = this; s; s = s.parent) out.push(...s.locals.keys());
    return [...out.filter((n) => n !== ANON_NAME), ...this.globals.variableNames()];
  }
}
