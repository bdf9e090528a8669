// Object-list fields (`output`, `cache-from`, `secret`, `ssh`, `attest`, ...) are written as
// CLI-style CSV strings or as objects; both become one Entry shape so merging, `--set` and
// `--print` (objects with sorted keys, as buildx prints them) see a single form.
import { UserError } from '../errors.js';
import { parseGoBool } from '../strconv.js';
import type { Entry } from './types.js';

export type EntryField = 'attest' | 'cache-from' | 'cache-to' | 'secret' | 'ssh' | 'output' | 'policy';

/** Splits one CSV record as Go's encoding/csv does: commas separate, `"..."` quotes (`""` escapes). */
export function splitCsv(text: string): string[] {
  // Without quotes a record is its comma-separated fields, found natively.
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') fields.push(cur), (cur = '');
    else cur += c;
  }
  if (quoted) throw new UserError(`failed to parse csv "${text}": extraneous or missing " in quoted-field`);
  fields.push(cur);
  return fields;
}

/** The `key=value` fields of a CSV value, keys as written (each parser trims what buildx trims). */
function pairs(text: string, what: string, fields = splitCsv(text)): [string, string][] {
  return fields.map((field) => {
    const eq = field.indexOf('=');
    if (eq < 0) throw new UserError(`invalid value ${field} for ${what}, expected key=value`);
    return [field.slice(0, eq), field.slice(eq + 1)];
  });
}

/**
 * `type=…,k=v` with keys lower-cased, as buildx parses outputs and caches (output keys are also
 * trimmed, cache keys are not); the type is required.
 */
function typedEntry(list: [string, string][], trim: boolean, missingType: string): Entry {
  const entry: Entry = {};
  for (const [k, v] of list) entry[(trim ? k.trim() : k).toLowerCase()] = v;
  if (typeof entry['type'] !== 'string' || entry['type'] === '') throw new UserError(missingType);
  return entry;
}

/** buildx's ExportEntry text form: one CSV field not starting `type=` is a local dir (`-`: tar on stdout). */
function outputEntry(text: string): Entry {
  const fields = splitCsv(text);
  if (fields.length === 1 && fields[0] === text && !text.startsWith('type=')) {
    return text === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: text };
  }
  return typedEntry(pairs(text, 'output', fields), true, 'type is required for output');
}

type Pair = [string, string];

/** Secret fields as buildx keeps them: `{id, src, env}` (`type=env` moves the source to env). */
function secretEntry(list: Pair[]): Entry {
  const entry: Entry = {};
  let type: string | undefined;
  let value: string | undefined;
  for (const [key, v] of list) {
    const k = key.toLowerCase();
    if (k === 'type') {
      if (v !== 'file' && v !== 'env') throw new UserError(`unsupported secret type "${v}"`);
      type = v;
    } else if (k === 'id') entry['id'] = v;
    else if (k === 'source' || k === 'src') value = v;
    else if (k === 'env') entry['env'] = v;
    else throw new UserError(`unexpected key '${k}' in '${key}=${v}'`);
  }
  // `type=env` takes the source as the variable name unless `env=` names one (empty does not).
  if (value !== undefined) entry[type === 'env' && !entry['env'] ? 'env' : 'src'] = value;
  return entry;
}

function parseSsh(text: string): Entry {
  const eq = text.indexOf('=');
  if (eq < 0) return { id: text };
  // Split as Go's strings.Split: `key=` keeps one empty path, as buildx prints it.
  return { id: text.slice(0, eq), paths: text.slice(eq + 1).split(',') };
}

function attestEntry(list: Pair[]): Entry {
  const entry: Entry = {};
  for (const [k, v] of list) {
    // Only the recognised keys are trimmed; other attributes keep the key as written.
    const key = k.trim().toLowerCase();
    if (key === 'type') entry['type'] = v;
    else if (key === 'disabled') {
      const disabled = parseGoBool(v);
      if (disabled === undefined) throw new UserError(`invalid value ${k}=${v}`);
      if (disabled) entry['disabled'] = true;
    } else entry[k] = v;
  }
  if (typeof entry['type'] !== 'string' || entry['type'] === '') throw new UserError('attestation type not specified');
  return entry;
}

/** Parses one CSV string of an entry field into its object form. */
export function parseEntry(field: EntryField, text: string): Entry {
  switch (field) {
    case 'secret':
      return secretEntry(pairs(text, field));
    case 'ssh':
      return parseSsh(text);
    case 'attest':
      return attestEntry(pairs(text, field));
    case 'cache-from':
    case 'cache-to':
      // A bare reference is a registry cache.
      return text.includes('=') ? typedEntry(pairs(text, field), false, `type required for ${JSON.stringify(text)}`) : { type: 'registry', ref: text };
    case 'output':
      return outputEntry(text);
    case 'policy':
      return Object.fromEntries(pairs(text, field).map(([k, v]) => [k.trim(), v]));
  }
}

/**
 * The entries one string stands for: a cache value of bare references (no `=`) lists one
 * registry cache per CSV field, as buildx's ParseCacheEntry reads it; other values are one entry.
 */
export function parseEntries(field: EntryField, text: string): Entry[] {
  if (field.startsWith('cache-') && !text.includes('=')) return splitCsv(text).map((ref) => parseEntry(field, ref));
  return [parseEntry(field, text)];
}

/**
 * An entry written as an object. A secret object is converted to buildx's `{id, src, env}` type,
 * which drops any other attribute (`type` included); attest objects read like their CSV form.
 */
export function entryFromObject(field: EntryField, obj: Entry): Entry {
  if (field === 'secret') {
    const out: Entry = {};
    for (const k of ['id', 'src', 'env']) if (obj[k] !== undefined && obj[k] !== '') out[k] = String(obj[k]);
    return out;
  }
  if (field === 'output' || field.startsWith('cache-')) {
    // buildx validates the object form as its CSV form: the type is required.
    if (typeof obj['type'] !== 'string' || obj['type'] === '') {
      throw new UserError(field === 'output' ? 'type is required for output' : `type required for ${JSON.stringify(JSON.stringify(obj))}`);
    }
    return obj;
  }
  if (field !== 'attest') return obj;
  return attestObject(obj);
}

/** An attest object as buildx decodes it: `type` and `disabled` by exact name, and no type required. */
function attestObject(obj: Entry): Entry {
  const entry: Entry = { type: '' };
  for (const [k, v] of Object.entries(obj)) {
    const text = Array.isArray(v) ? v.join(',') : String(v);
    if (k === 'type') entry['type'] = text;
    else if (k === 'disabled') {
      const disabled = parseGoBool(text);
      if (disabled === undefined) throw new UserError(`strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
      if (disabled) entry['disabled'] = true;
    } else entry[k] = text;
  }
  return entry;
}

/** buildx's `CanonicalizeAttest`: `--sbom true` → `type=sbom`, `false` → disabled, else attrs. */
export function canonicalizeAttest(type: string, value: string): string {
  if (value === '') return '';
  const on = parseGoBool(value);
  if (on !== undefined) return `type=${type},disabled=${String(!on)}`;
  return `type=${type},${value}`;
}

/** A stable identity for dedup: JSON of the pairs with sorted keys (each part self-delimiting). */
function entryKey(e: Entry): string {
  let key = '';
  for (const k of Object.keys(e).sort()) key += `${JSON.stringify(k)}:${JSON.stringify(e[k])},`;
  return key;
}

/** Whether two entries have the same keys and values (the same entryKey), without building keys. */
function sameEntry(a: Entry, b: Entry): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (!Object.hasOwn(b, k) || typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/**
 * Drops duplicates as buildx's removeDupes does: walking back from the second-to-last entry, an
 * entry equal to a later one swaps that later one with the last entry and drops it, so a list
 * with duplicates can come out reordered ([a, a, b, c] → [a, c, b]). Lists are short (a target's
 * caches, outputs, secrets): pairwise comparison is cheaper than a key per entry, which only
 * long lists build.
 */
export function dedupEntries(list: Entry[]): Entry[] {
  const s = [...list];
  const keys = s.length > 8 ? s.map(entryKey) : undefined;
  const equal = keys ? (i: number, j: number) => keys[i] === keys[j] : (i: number, j: number) => sameEntry(s[i]!, s[j]!);
  let n = s.length;
  for (let i = n - 2; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) {
      if (!equal(i, j)) continue;
      n--;
      s[j] = s[n]!;
      if (keys) keys[j] = keys[n]!;
      break;
    }
  }
  return n === s.length ? s : s.slice(0, n);
}
