// The one table of target fields: which attributes a target accepts, their value kind, how two
// definitions of a target merge, and how `--set` overrides them. Schema validation, merging,
// `--set` and `--print` are all driven from here, so a new field is added in one place.

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

export interface FieldSpec {
  /** The attribute name in HCL/JSON and in `--print` output. */
  key: string;
  kind: FieldKind;
  merge: MergeRule;
}

/** In `--print` order (buildx's Target struct order). */
export const TARGET_FIELDS: readonly FieldSpec[] = [
  { key: 'description', kind: 'string', merge: 'replace' },
  { key: 'annotations', kind: 'list', merge: 'append' },
  { key: 'attest', kind: 'entries', merge: 'merge-dedup' },
  { key: 'context', kind: 'string', merge: 'replace' },
  { key: 'contexts', kind: 'map', merge: 'merge-keys' },
  { key: 'dockerfile', kind: 'string', merge: 'replace' },
  { key: 'dockerfile-inline', kind: 'string', merge: 'replace' },
  { key: 'args', kind: 'map', merge: 'merge-keys' },
  { key: 'labels', kind: 'map', merge: 'merge-keys' },
  { key: 'tags', kind: 'list', merge: 'replace' },
  { key: 'cache-from', kind: 'entries', merge: 'merge-dedup' },
  { key: 'cache-to', kind: 'entries', merge: 'replace' },
  { key: 'target', kind: 'string', merge: 'replace' },
  { key: 'secret', kind: 'entries', merge: 'merge-dedup' },
  { key: 'ssh', kind: 'entries', merge: 'merge-dedup' },
  { key: 'platforms', kind: 'list', merge: 'replace' },
  { key: 'output', kind: 'entries', merge: 'replace' },
  { key: 'pull', kind: 'bool', merge: 'replace' },
  { key: 'no-cache', kind: 'bool', merge: 'replace' },
  { key: 'network', kind: 'string', merge: 'replace' },
  { key: 'no-cache-filter', kind: 'list', merge: 'append' },
  { key: 'shm-size', kind: 'string', merge: 'replace' },
  { key: 'ulimits', kind: 'list', merge: 'append' },
  { key: 'resources', kind: 'object', merge: 'merge-keys' },
  { key: 'call', kind: 'string', merge: 'replace' },
  { key: 'entitlements', kind: 'list', merge: 'append' },
  { key: 'extra-hosts', kind: 'map', merge: 'merge-keys' },
  { key: 'policy', kind: 'entries', merge: 'append' },
];

/** Attributes a target block accepts besides the fields: consumed while evaluating or resolving. */
export const TARGET_META_ATTRIBUTES = ['inherits', 'matrix', 'name'] as const;

export const FIELD_BY_KEY: ReadonlyMap<string, FieldSpec> = new Map(TARGET_FIELDS.map((f) => [f.key, f]));
