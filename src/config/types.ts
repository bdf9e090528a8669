// What the config layer hands to the bake layer: evaluated blocks as plain values, with the
// ranges needed to report type errors. No HCL AST types leak past this boundary.
import type { Range } from '../errors.js';
import type { Value } from './hcl/value.js';

/** A definition file as read from disk or stdin. `name` is what errors print. */
export interface ConfigFile {
  name: string;
  data: string;
}

/** One evaluated `target` block (one per matrix combination), in source order. */
export interface RawTarget {
  name: string;
  /** Attribute values as evaluated; `matrix` and `name` are consumed and absent. */
  attrs: Record<string, Value>;
  /** Where each attribute was written, for "Unsuitable value type" style errors. */
  ranges: Record<string, Range>;
  /** The block's label (or first matrix name position). */
  range?: Range;
}

export interface RawGroup {
  name: string;
  targets: string[];
  description?: string;
  range?: Range;
  /** A matrix target's group of its generated targets: a user group of that name wins over it. */
  implicit?: boolean;
  /** buildx never filled this group's target list (a Compose file where no service builds). */
  targetsNil?: true;
}

/** One declared variable, as `--list variables` shows it. */
export interface VariableInfo {
  name: string;
  /** The declared type constraint as written (`list(string)`), absent when untyped. */
  type?: string;
  value: Value;
  description?: string;
}

export interface EvaluatedConfig {
  targets: RawTarget[];
  groups: RawGroup[];
  variables: VariableInfo[];
}

export interface EvalOptions {
  /** The process environment used for variable overrides (empty when lookups are disabled). */
  env: Record<string, string | undefined>;
  /** `--var name=value` values; they beat the environment. */
  vars: Record<string, string>;
  /** Built-in read-only variables: BAKE_CMD_CONTEXT, BAKE_LOCAL_PLATFORM. */
  builtins: Record<string, string>;
}
