// The `x-bake` extension of a compose build: bake-only fields layered over what the compose
// keys produced. Lists append without duplicates, entries merge, contexts keep compose's value.
import { isObject, makeObject, type Value } from '../hcl/value.js';
import type { TargetAttrs } from './build.js';
import { namedContext } from './build-values.js';
import { composeError } from './read.js';
import { valueKind, type ValueKind, type YNode } from './yaml-tree.js';

type Mode = 'append' | 'bool' | 'contexts';

/** x-bake key → target field and how it combines; unknown keys are ignored, as in buildx. */
const KEYS: Record<string, [field: string, mode: Mode]> = {
  tags: ['tags', 'append'],
  'cache-from': ['cache-from', 'append'],
  'cache-to': ['cache-to', 'append'],
  secret: ['secret', 'append'],
  ssh: ['ssh', 'append'],
  platforms: ['platforms', 'append'],
  output: ['output', 'append'],
  'no-cache-filter': ['no-cache-filter', 'append'],
  pull: ['pull', 'bool'],
  'no-cache': ['no-cache', 'bool'],
  contexts: ['contexts', 'contexts'],
};

/** x-bake contexts are kept as written, except links to a service's target (buildx converts those). */
function linkedService(v: string): string {
  return /^(?:service|target):/.test(v) ? namedContext(v) : v;
}

/*
 * buildx decodes x-bake with go-yaml into typed fields (string lists that also take one string
 * of whitespace-separated items, optional booleans, a string map), so a value of another YAML
 * type fails as go-yaml fails it.
 */

/** go-yaml's tag of a value (after buildx re-marshals it, so interpolated text is a string). */
const YAML_TAG: Record<ValueKind, string> = { map: '!!map', seq: '!!seq', null: '!!null', bool: '!!bool', int: '!!int', float: '!!float', string: '!!str' };

/** go-yaml's type error: scalars show their text, cut to 7 characters past 10. */
function unmarshalError(node: YNode, into: string, path: string): Error {
  let shown = '';
  if (node.kind === 'scalar') {
    const text = String(node.value);
    shown = text.length > 10 ? ` \`${text.slice(0, 7)}...\`` : ` \`${text}\``;
  }
  return composeError(path, `cannot unmarshal ${YAML_TAG[valueKind(node)]}${shown} into ${into}`, node.range);
}

/** A scalar decoded into a Go string: its text, null empty. */
function scalarText(node: YNode, path: string): string {
  if (node.kind !== 'scalar') throw unmarshalError(node, 'string', path);
  return node.value === null ? '' : String(node.value);
}

/** buildx's stringArray: a list of strings, or one string split on whitespace; null is empty. */
function stringArray(node: YNode, path: string): string[] {
  if (node.kind === 'seq' && node.items.every((i) => i.kind === 'scalar')) return node.items.map((i) => scalarText(i, path));
  if (node.kind === 'scalar') return node.value === null ? [] : String(node.value).split(/\s+/).filter((s) => s !== '');
  // Neither a list of strings nor a string: go-yaml's error is the one for the single string.
  throw unmarshalError(node, 'string', path);
}

function optionalBool(node: YNode, path: string): boolean | undefined {
  if (node.kind === 'scalar' && (node.value === null || typeof node.value === 'boolean')) return node.value ?? undefined;
  throw unmarshalError(node, 'bool', path);
}

/** buildx's stringMap; null is empty. */
function stringMap(node: YNode, path: string): [string, string][] {
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'map') throw unmarshalError(node, 'bake.stringMap', path);
  return [...node.entries].map(([k, e]) => [k, scalarText(e.value, `${path}.${k}`)]);
}

function appendUnique(prev: Value | undefined, more: string[]): Value[] {
  const out: Value[] = Array.isArray(prev) ? [...prev] : [];
  for (const m of more) if (!out.includes(m)) out.push(m);
  return out;
}

export function applyXBake(target: TargetAttrs, ext: YNode, path: string): void {
  if (ext.kind === 'scalar' && ext.value === null) return;
  if (ext.kind !== 'map') throw unmarshalError(ext, 'bake.xbake', path);
  for (const [key, e] of ext.entries) {
    if (!Object.hasOwn(KEYS, key)) continue;
    const [field, mode] = KEYS[key]!;
    const p = `${path}.${key}`;
    let value: Value;
    if (mode === 'bool') {
      const b = optionalBool(e.value, p);
      if (b === undefined) continue;
      value = b;
    } else if (mode === 'append') {
      const items = stringArray(e.value, p);
      // buildx merges only a non-empty list.
      if (items.length === 0) continue;
      value = appendUnique(target.attrs[field], items);
      if (field === 'ssh') value.sort();
    } else {
      const entries = stringMap(e.value, p);
      if (entries.length === 0) continue;
      const prev = target.attrs[field];
      const merged = makeObject(entries.map(([k, v]) => [k, linkedService(v)]));
      value = isObject(prev) ? makeObject([...Object.entries(merged), ...Object.entries(prev)]) : merged;
    }
    target.attrs[field] = value;
    target.ranges[field] ??= e.value.range;
  }
}
