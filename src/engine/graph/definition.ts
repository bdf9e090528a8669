// A build graph: vertices keyed by digest, with display metadata kept beside them (never hashed).
// Graphs of several targets merge by digest, so a step shared by targets is one vertex.
import type { Digest } from '../oci/types.js';
import type { Vertex, VertexMeta } from './op.js';

export interface Definition {
  vertices: Map<Digest, Vertex>;
  meta: Map<Digest, VertexMeta>;
}

export function emptyDefinition(): Definition {
  return { vertices: new Map(), meta: new Map() };
}

/** Adds every vertex of `from` into `into`; metadata of a shared vertex records both targets. */
export function mergeDefinitions(into: Definition, from: Definition): Definition {
  for (const [digest, vertex] of from.vertices) {
    if (!into.vertices.has(digest)) into.vertices.set(digest, vertex);
    const incoming = from.meta.get(digest);
    const existing = into.meta.get(digest);
    if (!existing) {
      if (incoming) into.meta.set(digest, { ...incoming, targets: [...(incoming.targets ?? [])] });
    } else if (incoming?.targets) {
      const targets = new Set([...(existing.targets ?? []), ...incoming.targets]);
      existing.targets = [...targets];
    }
  }
  return into;
}
