// `variable` blocks: typed, overridable from `--var` and the environment, lazily evaluated
// defaults that may reference each other, and validations checked once all are known.
import { SourceError } from '../../errors.js';
import type { Attribute, Block, Expr } from '../hcl/ast.js';
import { ConversionError, convertValue } from '../hcl/convert.js';
import { evaluate } from '../hcl/eval.js';
import { HostError } from '../hcl/eval-errors.js';
import { nfcValue } from '../hcl/nfc.js';
import { templateString } from '../hcl/eval-template.js';
import type { Scope } from '../hcl/scope.js';
import { applyDefaults } from '../hcl/type-defaults.js';
import { parseTypeExpr } from '../hcl/typeexpr.js';
import { formatType, type HclType } from '../hcl/types.js';
import type { Value } from '../hcl/value.js';
import type { EvalOptions, VariableInfo } from '../types.js';
import { attributesByName, blockLabel } from './blocks.js';
import type { LazyValues } from './lazy.js';
import { OverrideError, parseTypedOverride, parseUntypedOverride, type Override } from './overrides.js';
import { failedValidations } from './validation.js';

interface VariableDef {
  name: string;
  block: Block;
  attrs: Map<string, Attribute>;
  type: HclType | undefined;
  default: Attribute | undefined;
}

/** A variable that cannot be resolved: buildx reports `Invalid value` where its body starts. */
function invalidValue(def: VariableDef, message: string): never {
  const { filename, start } = def.block.body.range;
  throw new HostError({ summary: 'Invalid value', detail: message, range: { filename, start, end: start } });
}

export class Variables {
  /** By name; a later definition replaces an earlier one but keeps its place in the order. */
  private readonly defs = new Map<string, VariableDef>();

  /**
   * `reserved` names (builtins, block types) cannot be declared: such blocks are ignored. Other
   * attributes and blocks in a variable are ignored too (buildx decodes the rest into a remainder).
   * A top-level attribute of a variable's name replaces its default and type (buildx reads the
   * attribute first), but the variable stays overridable. `memo` is shared with the top-level
   * attributes (one namespace, as in buildx), so a cycle through both is seen whole.
   */
  constructor(
    blocks: Block[],
    reserved: ReadonlySet<string>,
    globalAttrs: ReadonlyMap<string, Attribute>,
    private readonly opts: EvalOptions,
    private readonly scope: () => Scope,
    private readonly memo: LazyValues,
    private readonly onCycle: (name: string, cycle: string[]) => never,
  ) {
    for (const block of blocks) {
      const name = blockLabel(block);
      if (reserved.has(name)) continue;
      const attrs = attributesByName(block.body);
      const global = globalAttrs.get(name);
      const typeAttr = global ? undefined : attrs.get('type');
      const type = typeAttr ? parseTypeExpr(typeAttr.expr, true) : undefined;
      this.defs.set(name, { name, block, attrs, type, default: global ?? attrs.get('default') });
    }
  }

  declares(name: string): boolean {
    return this.defs.has(name);
  }

  /** The variable's `type`, when it has one. */
  declaredType(name: string): HclType | undefined {
    return this.defs.get(name)?.type;
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  /** The variable's value, computing it (and what it depends on) on first use. */
  get(name: string): Value | undefined {
    const def = this.defs.get(name);
    if (!def) return undefined;
    return this.memo.get(
      name,
      () => this.compute(def),
      (cycle) => this.onCycle(name, cycle),
    );
  }

  /** The expression giving a variable's default (a same-named top-level attribute's, if any). */
  defaultExpr(name: string): Expr | undefined {
    return this.defs.get(name)?.default?.expr;
  }

  /** Resolves every variable, then checks every validation block (buildx's order). */
  resolveAll(): void {
    for (const name of this.defs.keys()) this.get(name);
    const failed = [...this.defs.values()].flatMap((def) => failedValidations(def.block, this.scope()));
    if (failed.length > 0) throw new SourceError(failed);
  }

  info(): VariableInfo[] {
    return [...this.defs.values()].map((def) => {
      const description = def.attrs.get('description');
      return {
        name: def.name,
        ...(def.type ? { type: formatType(def.type) } : {}),
        value: this.get(def.name)!,
        ...(description ? { description: templateString(evaluate(description.expr, this.scope()), description.expr.range) } : {}),
      };
    });
  }

  private compute(def: VariableDef): Value {
    const override = this.override(def.name, def.type !== undefined);
    if (override) return this.fromOverride(def, override);
    const attr = def.default;
    if (!attr) return def.type ? null : '';
    const value = evaluate(attr.expr, this.scope());
    if (!def.type || value === null) return value;
    try {
      return convertValue(applyDefaults(value, def.type), def.type);
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      const t = formatType(def.type);
      return invalidValue(def, `invalid type ${t} for variable ${def.name} default value: ${err.message}`);
    }
  }

  private fromOverride(def: VariableDef, o: Override): Value {
    try {
      if (!def.type) {
        const attr = def.default;
        return nfcValue(parseUntypedOverride(def.name, o, attr ? evaluate(attr.expr, this.scope()) : undefined));
      }
      return convertValue(applyDefaults(nfcValue(parseTypedOverride(def.name, o, def.type)), def.type), def.type);
    } catch (err) {
      if (err instanceof OverrideError) return invalidValue(def, err.message);
      if (err instanceof ConversionError) {
        const what = o.json ? `failed to convert ${o.key} from JSON` : `invalid type ${formatType(def.type!)} for variable ${def.name} value from ${o.key}`;
        return invalidValue(def, `${what}: ${err.message}`);
      }
      throw err;
    }
  }

  /**
   * The text value given for a variable: `--var` before the environment; `N_JSON` first for typed
   * variables, only after `N` for untyped ones, and never when a variable `N_JSON` exists.
   */
  private override(name: string, typed: boolean): Override | undefined {
    const jsonKey = `${name}_JSON`;
    const jsonAllowed = !this.defs.has(jsonKey);
    for (const source of [this.opts.vars, this.opts.env]) {
      const plain = source[name];
      const json = jsonAllowed ? source[jsonKey] : undefined;
      if (typed && json !== undefined) return { key: jsonKey, text: json, json: true };
      if (plain !== undefined) return { key: name, text: plain, json: false };
      if (json !== undefined) return { key: jsonKey, text: json, json: true };
    }
    return undefined;
  }
}
