// The one table of target fields: which attributes a target accepts, their value kind, how two
// definitions of a target merge, and how `--set` overrides them. Schema validation, merging,
// `--set` and `--print` are all driven from here, so a new field is added in one place.
import type { FieldKey, TargetFields } from './types.js';

/**
 * Value kinds:
 * - string / bool: scalars; args-like values given as numbers or bools print as strings.
 * - list: list of strings.
 * - map: string → string|null (null = unset, skipped when merging).
 * - entries: list of CSV strings or objects (outputs, cache entries, secrets, ssh, attest).
 * - object: a fixed-key object (resources).
 */
export type FieldKind = 'string' | 'bool' | 'list' | 'map' | 'entries' | 'object';

/** How a later definition of the same target combines with an earlier one. */
export type MergeRule = 'replace' | 'append' | 'merge-keys' | 'merge-dedup';

/**
 * How `--set pattern.KEY…=value` changes the field (absent: the key cannot be set):
 * - value: replaces a scalar; bool: Go ParseBool then replaces.
 * - list: repeated `--set`s accumulate; `=` replaces the field, `+=` appends to it.
 * - append: always appended.
 * - map: `KEY.NAME=value` sets one entry.
 */
export type OverrideRule = 'value' | 'bool' | 'list' | 'append' | 'map';

export interface FieldSpec {
  /** The attribute name in HCL/JSON and in `--print` output. */
  key: FieldKey;
  kind: FieldKind;
  merge: MergeRule;
  override?: OverrideRule;
  /** The `--set` key when it differs from the attribute name (`platform`, `secrets`). */
  setKey?: string;
  /** `--print` writes `$${`/`%%{` so the printed value reads back as the same HCL. */
  escape?: boolean;
  /** A plain Go string, not a pointer: an empty value neither replaces an earlier one nor prints. */
  plain?: boolean;
}

/** In `--print` order (buildx's Target struct order). */
export const TARGET_FIELDS: readonly FieldSpec[] = [
  { key: 'description', kind: 'string', merge: 'replace', plain: true },
  { key: 'annotations', kind: 'list', merge: 'append', override: 'append', escape: true },
  { key: 'attest', kind: 'entries', merge: 'merge-dedup', override: 'append' },
  { key: 'context', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'contexts', kind: 'map', merge: 'merge-keys', override: 'map' },
  { key: 'dockerfile', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'dockerfile-inline', kind: 'string', merge: 'replace', escape: true },
  { key: 'args', kind: 'map', merge: 'merge-keys', override: 'map', escape: true },
  { key: 'labels', kind: 'map', merge: 'merge-keys', override: 'map', escape: true },
  { key: 'tags', kind: 'list', merge: 'replace', override: 'list' },
  { key: 'cache-from', kind: 'entries', merge: 'merge-dedup', override: 'list' },
  { key: 'cache-to', kind: 'entries', merge: 'replace', override: 'list' },
  { key: 'target', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'secret', kind: 'entries', merge: 'merge-dedup', override: 'list', setKey: 'secrets' },
  { key: 'ssh', kind: 'entries', merge: 'merge-dedup', override: 'list' },
  { key: 'platforms', kind: 'list', merge: 'replace', override: 'list', setKey: 'platform' },
  { key: 'output', kind: 'entries', merge: 'replace', override: 'list' },
  { key: 'pull', kind: 'bool', merge: 'replace', override: 'bool' },
  { key: 'no-cache', kind: 'bool', merge: 'replace', override: 'bool' },
  { key: 'network', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'no-cache-filter', kind: 'list', merge: 'append', override: 'list' },
  { key: 'shm-size', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'ulimits', kind: 'list', merge: 'append', override: 'list' },
  { key: 'resources', kind: 'object', merge: 'merge-keys', override: 'map' },
  { key: 'call', kind: 'string', merge: 'replace', override: 'value' },
  { key: 'entitlements', kind: 'list', merge: 'append', override: 'append' },
  { key: 'extra-hosts', kind: 'map', merge: 'merge-keys', override: 'map', escape: true },
  { key: 'policy', kind: 'entries', merge: 'append', override: 'list' },
  // The reference `--print` generator (depot's bake) takes a Depot project per target and prints it
  // after every other field; `--set` does not know it.
  { key: 'project_id', kind: 'string', merge: 'replace', plain: true },
];

/** Attributes a target block accepts besides the fields: consumed while evaluating or resolving. */
export const TARGET_META_ATTRIBUTES = ['inherits', 'matrix', 'name'] as const;

export const FIELD_BY_KEY: ReadonlyMap<string, FieldSpec> = new Map(TARGET_FIELDS.map((f) => [f.key, f]));

/** Fields by their `--set` key. */
export const FIELD_BY_SET_KEY: ReadonlyMap<string, FieldSpec> = new Map(
  TARGET_FIELDS.filter((f) => f.override !== undefined).map((f) => [f.setKey ?? f.key, f]),
);

/** The `resources` object's keys (buildx's Resources struct). */
export const RESOURCE_KEYS = ['memory', 'memory-swap', 'cpu-shares', 'cpu-period', 'cpu-quota', 'cpuset-cpus', 'cpuset-mems'] as const;

/** The `resources` keys buildx holds as int64: whole numbers, printed as JSON numbers. */
export const RESOURCE_INT_KEYS: ReadonlySet<string> = new Set(['cpu-shares', 'cpu-period', 'cpu-quota']);

/** Whether `value` is a whole number as Go's strconv.ParseInt reads one (base 10, 64 bits). */
export function isInt64(value: string): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false;
  const n = BigInt(value);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** Table-driven code reads and writes fields by key; this is the one place that view is taken. */
export function fieldRecord(t: TargetFields): Record<string, unknown> {
  return t as unknown as Record<string, unknown>;
}
