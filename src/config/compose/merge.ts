// Merging compose files in order, with compose-go's override rules: mappings merge key by key,
// sequences append, anything else from the later file overrides, and a later null keeps the
// earlier value. `x-*` keys and command/entrypoint are replaced whole; a build given as a string
// is its context; args, labels, contexts, hosts, environment and env files merge as `k=v` lists.
// A later value tagged `!reset` removes the key, one tagged `!override` replaces it.
import { pathMatches as matches, type ModelPath as Path } from './model-path.js';
import { composeError } from './read.js';
import type { YMap, YNode } from './yaml-tree.js';

const matchesAny = (path: Path, patterns: readonly string[]): boolean => patterns.some((p) => matches(path, p));

const TO_SEQUENCE = [
  'services.*.build.args',
  'services.*.build.additional_contexts',
  'services.*.build.extra_hosts',
  'services.*.build.labels',
  'services.*.environment',
  'services.*.env_file',
  'services.*.labels',
];

const REPLACED = ['services.*.command', 'services.*.entrypoint'];

/** Lists whose entries are unique by key (the text before `=`); a later entry takes the earlier one's place. */
const UNIQUE_BY_KEY = [
  'services.*.build.args',
  'services.*.build.additional_contexts',
  'services.*.build.tags',
  'services.*.build.labels',
  'services.*.environment',
  'services.*.labels',
];

function scalarText(node: YNode): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** A mapping as its sorted `k=v` (or `k` for null) list, a string as a one-item list. */
function toSequence(node: YNode): YNode[] {
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar') return node.value === null ? [] : [node];
  const items: { text: string; node: YNode }[] = [];
  for (const [k, e] of node.entries) {
    const values = e.value.kind === 'seq' ? e.value.items : [e.value];
    for (const v of values) {
      const value = scalarText(v);
      const text = value === undefined ? k : `${k}=${value}`;
      items.push({ text, node: { kind: 'scalar', value: text, range: v.range } });
    }
  }
  return items.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)).map((i) => i.node);
}

/** `build: ctx` is `build: {context: ctx}` when merging; a null build is nothing. */
function buildMap(node: YNode): YNode | undefined {
  if (node.kind === 'scalar') return node.value === null ? undefined : { kind: 'map', entries: new Map([['context', { key: node.range, value: node }]]), range: node.range };
  return node;
}

function pathText(path: Path): string {
  return path.join('.');
}

export function mergeTrees(base: YNode, over: YNode, path: Path = []): YNode {
  if (matchesAny(path, TO_SEQUENCE)) return { kind: 'seq', items: [...toSequence(base), ...toSequence(over)], range: over.range };
  if (matchesAny(path, REPLACED)) return over;
  if (matches(path, 'services.*.build')) {
    const b = buildMap(base);
    const o = buildMap(over);
    if (!b || !o) return b ?? over;
    base = b;
    over = o;
  }
  if (over.kind === 'scalar' && over.value === null) return base;
  if (base.kind === 'map') {
    if (over.kind !== 'map') throw composeError(pathText(path), 'cannot be overridden by a value that is not a mapping', over.range);
    return mergeMaps(base, over, path);
  }
  if (base.kind === 'seq') {
    if (over.kind !== 'seq') throw composeError(pathText(path), 'cannot be overridden by a value that is not a list', over.range);
    return { kind: 'seq', items: [...base.items, ...over.items], range: over.range };
  }
  return over;
}

function mergeMaps(base: YMap, over: YMap, path: Path): YMap {
  const entries = new Map(base.entries);
  for (const [k, e] of over.entries) {
    const prev = entries.get(k);
    if (e.value.tag === 'reset') entries.delete(k);
    else if (prev && e.value.tag !== 'override' && !k.startsWith('x-')) entries.set(k, { key: e.key, value: mergeTrees(prev.value, e.value, [...path, k]) });
    else entries.set(k, e);
  }
  return { kind: 'map', entries, range: over.range };
}

function uniqueKey(node: YNode, path: Path): string | undefined {
  if (matches(path, 'services.*.env_file')) {
    const p = node.kind === 'map' ? node.entries.get('path')?.value : node;
    return p && scalarText(p);
  }
  const text = scalarText(node);
  return text === undefined ? undefined : text.split('=', 1)[0];
}

/** compose-go's EnforceUnicity: repeated entries of keyed lists keep the first place and the last value. */
export function enforceUnicity(node: YNode, path: Path = []): YNode {
  if (node.kind === 'map') {
    const entries: YMap['entries'] = new Map();
    for (const [k, e] of node.entries) entries.set(k, { key: e.key, value: enforceUnicity(e.value, [...path, k]) });
    return { ...node, entries };
  }
  if (node.kind !== 'seq' || !(matchesAny(path, UNIQUE_BY_KEY) || matches(path, 'services.*.env_file'))) return node;
  const items: YNode[] = [];
  const at = new Map<string, number>();
  for (const item of node.items) {
    const key = uniqueKey(item, path);
    const i = key === undefined ? undefined : at.get(key);
    if (i !== undefined) items[i] = item;
    else {
      if (key !== undefined) at.set(key, items.length);
      items.push(item);
    }
  }
  return { ...node, items };
}
