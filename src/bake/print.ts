// `--print`: the resolved definition as buildx prints it (Go's json.MarshalIndent): groups and
// targets keyed by sorted name, target fields in struct order, empty lists/maps omitted, maps and
// entry objects with sorted keys, HTML characters escaped, and `${`/`%{` doubled in the fields
// that would otherwise be re-interpolated when the output is read back as a bake file.
import { RESOURCE_INT_KEYS, TARGET_FIELDS, fieldRecord, type FieldSpec } from './fields.js';
import type { ResolvedTargets } from './read-targets.js';
import type { Entry, FieldKey, Group, Target } from './types.js';

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

function escapeTemplate(s: string): string {
  // Most values hold no brace at all: one native search instead of two replacements.
  if (!s.includes('{')) return s;
  return s.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** A copy with sorted keys, string values escaped when `escape` (null stays null). */
function sortedObject(obj: Record<string, Json>, escape = false): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  const keys = Object.keys(obj).sort();
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!]!;
    out[keys[i]!] = escape && typeof v === 'string' ? escapeTemplate(v) : v;
  }
  return out;
}

function sortedMap<T>(map: Map<string, T>, json: (v: T) => Json): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  const keys = [...map.keys()].sort();
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = json(map.get(keys[i]!)!);
  return out;
}

function fieldJson(spec: FieldSpec, value: unknown): Json | undefined {
  const escape = spec.escape === true;
  switch (spec.kind) {
    case 'string':
      // description and project_id are plain Go strings (omitted when empty); the others are pointers.
      if (spec.plain === true && value === '') return undefined;
      return escape ? escapeTemplate(value as string) : (value as string);
    case 'bool':
      return value as boolean;
    case 'list': {
      const list = value as string[];
      if (list.length === 0) return undefined;
      return escape ? list.map(escapeTemplate) : list;
    }
    case 'map': {
      const map = value as Record<string, string | null>;
      return Object.keys(map).length === 0 ? undefined : sortedObject(map, escape);
    }
    case 'object':
      return resourcesJson(value as Record<string, string | null>);
    case 'entries': {
      const list = value as Entry[];
      if (list.length === 0) return undefined;
      const order = STRUCT_ORDER[spec.key];
      return list.map((e) => (order ? structObject(order, withoutOmitted(spec.key, e)) : sortedObject(withoutOmitted(spec.key, e))));
    }
  }
}

/**
 * buildx's Resources struct: the cpu-* counts are int64, so JSON numbers. It is a pointer, so a
 * `resources` attribute with no value set (`{}`) still prints, as an empty object.
 */
function resourcesJson(map: Record<string, string | null>): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(map).sort()) {
    const v = map[k]!;
    if (v !== null) out[k] = RESOURCE_INT_KEYS.has(k) ? Number(v) : v;
  }
  return out;
}

// Entry keys buildx's JSON leaves out when empty (`omitempty` on Secret and SSH, ExportEntry's
// dest); every other attribute is a map element and printed even when empty.
const OMIT_EMPTY: Partial<Record<FieldKey, readonly string[]>> = { secret: ['id', 'src', 'env'], output: ['dest'], ssh: ['id', 'paths'] };

// Secrets are a Go struct, written in field order; the other entry types marshal as maps (sorted).
const STRUCT_ORDER: Partial<Record<FieldKey, readonly string[]>> = { secret: ['id', 'src', 'env'] };

function structObject(order: readonly string[], e: Entry): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const k of order) if (e[k] !== undefined) out[k] = e[k] as Json;
  return out;
}

function withoutOmitted(field: FieldKey, e: Entry): Entry {
  const keys = OMIT_EMPTY[field];
  if (!keys) return e;
  const out: Entry = {};
  for (const [k, v] of Object.entries(e)) {
    const empty = v === '' || (Array.isArray(v) && v.length === 0);
    if (!(empty && keys.includes(k))) out[k] = v;
  }
  return out;
}

export function targetJson(t: Target): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  const fields = fieldRecord(t);
  // Indexed: a for-of allocates an iterator result per field until the JIT removes it.
  for (let i = 0; i < TARGET_FIELDS.length; i++) {
    const spec = TARGET_FIELDS[i]!;
    const value = fields[spec.key];
    if (value === undefined) continue;
    const json = fieldJson(spec, value);
    if (json !== undefined) out[spec.key] = json;
  }
  return out;
}

function groupJson(g: Group): { [k: string]: Json } {
  const targets = g.targetsNil && g.targets.length === 0 ? null : g.targets;
  return g.description ? { description: g.description, targets } : { targets };
}

const GO_ESCAPED = /[<>&\u2028\u2029]|\\[bf]/;

/** Go writes backspace and form feed as \u0008 and \u000c where JSON.stringify writes \b and \f. */
function goControlEscapes(json: string): string {
  // Walking escape by escape keeps an escaped backslash followed by `b` intact.
  return json.replace(/\\(\\|b|f)/g, (m, c: string) => (c === 'b' ? '\\u0008' : c === 'f' ? '\\u000c' : m));
}

/** Go's encoding/json escapes these even inside MarshalIndent output. */
export function goJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  // One native search first: most documents have none of these, and each replaceAll copies.
  if (!GO_ESCAPED.test(json)) return json;
  return goControlEscapes(json)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** The `--print` document, with its trailing newline. */
export function printDefinition(resolved: ResolvedTargets): string {
  const doc: { [k: string]: Json } = {};
  if (resolved.groups.size > 0) doc['group'] = sortedMap(resolved.groups, groupJson);
  doc['target'] = sortedMap(resolved.targets, targetJson);
  return `${goJson(doc)}\n`;
}
