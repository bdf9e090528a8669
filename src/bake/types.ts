// The bake layer's model: a target as merged and resolved (typed fields keyed like the files and
// `--print`), and a group. Raw evaluated values (src/config/types.ts) are converted into these once.

/** One entry of an object-list field (output, cache-from/to, secret, ssh, attest, policy). */
export type EntryValue = string | boolean | string[];
export type Entry = Record<string, EntryValue>;

/** A map field's values; `null` means "not set here", skipped when merging. */
export type StringMap = Record<string, string | null>;

/** The fields of a target, keyed by their attribute name (see fields.ts for kinds and order). */
export interface TargetFields {
  description?: string;
  annotations?: string[];
  attest?: Entry[];
  context?: string;
  contexts?: StringMap;
  dockerfile?: string;
  'dockerfile-inline'?: string;
  args?: StringMap;
  labels?: StringMap;
  tags?: string[];
  'cache-from'?: Entry[];
  'cache-to'?: Entry[];
  target?: string;
  secret?: Entry[];
  ssh?: Entry[];
  platforms?: string[];
  output?: Entry[];
  pull?: boolean;
  'no-cache'?: boolean;
  network?: string;
  'no-cache-filter'?: string[];
  'shm-size'?: string;
  ulimits?: string[];
  resources?: StringMap;
  call?: string;
  entitlements?: string[];
  'extra-hosts'?: StringMap;
  policy?: Entry[];
  project_id?: string;
}

export type FieldKey = keyof TargetFields;

export interface Target extends TargetFields {
  name: string;
  /** Parents, consumed by resolution; never printed. */
  inherits?: string[];
}

export interface Group {
  name: string;
  targets: string[];
  description?: string;
  /** Go's nil slice: printed `"targets": null` while still empty (see RawGroup.targetsNil). */
  targetsNil?: true;
}
