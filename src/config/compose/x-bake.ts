// The `x-bake` extension of a compose build: bake-only fields layered over what the compose
// keys produced. Lists append without duplicates, entries merge, contexts keep compose's value.
import { isObject, makeObject, type Value } from '../hcl/value.js';
import type { TargetAttrs } from './build.js';
import { namedContext } from './build-values.js';
import { asBool, asKeyValues, asListOrFields, asMap } from './read.js';
import type { YNode } from './yaml-tree.js';

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

function appendUnique(prev: Value | undefined, more: string[]): Value[] {
  const out: Value[] = Array.isArray(prev) ? [...prev] : [];
  for (const m of more) if (!out.includes(m)) out.push(m);
  return out;
}

export function applyXBake(target: TargetAttrs, ext: YNode, path: string): void {
  for (const [key, e] of asMap(ext, path).entries) {
    if (!Object.hasOwn(KEYS, key)) continue;
    const [field, mode] = KEYS[key]!;
    const p = `${path}.${key}`;
    let value: Value;
    if (mode === 'bool') {
      value = asBool(e.value, p);
    } else if (mode === 'append') {
      value = appendUnique(target.attrs[field], asListOrFields(e.value, p));
      if (field === 'ssh') value.sort();
    } else {
      const prev = target.attrs[field];
      // buildx decodes x-bake contexts into a string map: a list is refused.
      const merged = makeObject([...asKeyValues(asMap(e.value, p), p)].map(([k, v]) => [k, linkedService(v ?? '')]));
      value = isObject(prev) ? makeObject([...Object.entries(merged), ...Object.entries(prev)]) : merged;
    }
    target.attrs[field] = value;
    target.ranges[field] ??= e.value.range;
  }
}
