// Cache keys: what makes a vertex's result reusable across runs. Unlike the vertex digest, a key
// is built from the inputs' *keys* (so a changed context file changes every key downstream) and
// leaves out what must not invalidate results: proxy variables, and for local sources the
// directory's location (their key is the content hash of the files they select). An http
// source's key adds what the server serves now (see ops/http.ts).
import type { Digest } from '../oci/types.js';
import type { Vertex } from '../graph/op.js';
import { canonicalJson, hashedOp, sha256 } from '../graph/digest.js';

/** The op as it enters the key: proxy env dropped, local sources keyed by content instead. */
function keyedOp(vertex: Vertex): unknown {
  const op = hashedOp(vertex.op);
  if (op.kind === 'source' && op.source.type === 'local') {
    // The name is where the files live; the content hash passed in `contentKey` is what counts.
    const { name: _name, ...rest } = op.source;
    return { kind: 'source', source: rest };
  }
  return op;
}

export function cacheKey(vertex: Vertex, inputKeys: Digest[], contentKey?: Digest): Digest {
  return sha256(
    canonicalJson({
      op: keyedOp(vertex),
      platform: vertex.platform,
      inputs: vertex.inputs.map((input, i) => ({ key: inputKeys[i], index: input.index })),
      content: contentKey,
    }),
  );
}
