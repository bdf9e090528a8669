// Vertex digests: sha256 of a canonical JSON encoding (object keys sorted, undefined dropped),
// so the same op with the same inputs has the same digest in every target and every run.
import { createHash } from 'node:crypto';
import type { Digest } from '../oci/types.js';
import type { Op, Vertex } from './op.js';

/** JSON with object keys sorted recursively; `undefined` members are omitted as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256(data: string | Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The op as hashed: proxy variables reach the process but never identify the step. */
export function hashedOp(op: Op): Op {
  if (op.kind !== 'exec' || op.exec.proxyEnv === undefined) return op;
  const { proxyEnv: _proxy, ...exec } = op.exec;
  return { kind: 'exec', exec };
}

export function vertexDigest(vertex: Vertex): Digest {
  return sha256(canonicalJson({ ...vertex, op: hashedOp(vertex.op) }));
}
