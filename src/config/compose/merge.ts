// Merging compose files in order: mappings merge key by key, sequences append (skipping
// scalars already present), and anything else from the later file overrides. A later value
// tagged `!reset` removes the key, one tagged `!override` replaces it without merging.
import type { YNode } from './yaml-tree.js';

function sameScalar(a: YNode, b: YNode): boolean {
  return a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value;
}

export function mergeTrees(base: YNode, over: YNode): YNode {
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [k, e] of over.entries) {
      const prev = entries.get(k);
      if (e.value.tag === 'reset') entries.delete(k);
      else if (prev && e.value.tag !== 'override') entries.set(k, { key: e.key, value: mergeTrees(prev.value, e.value) });
      else entries.set(k, e);
    }
    return { kind: 'map', entries, range: over.range };
  }
  if (base.kind === 'seq' && over.kind === 'seq') {
    const items = [...base.items];
    for (const item of over.items) if (!items.some((x) => sameScalar(x, item))) items.push(item);
    return { kind: 'seq', items, range: over.range };
  }
  return over;
}
