// Debug output of a build graph: every vertex with its step name, op, inputs and the targets
// sharing it, as JSON or Graphviz DOT. Vertices come in a stable topological order (inputs
// first, ties by digest) so the output diffs cleanly between runs.
import type { Digest } from '../oci/types.js';
import type { Definition } from './definition.js';
import type { Input, Op, Vertex } from './op.js';

export interface PrintedVertex {
  digest: Digest;
  name: string;
  kind: Op['kind'];
  op: Op;
  inputs: { vertex: Digest; index: number }[];
  platform?: Vertex['platform'];
  ignoreCache?: boolean;
  targets: string[];
  source?: { file: string; startLine: number; endLine: number };
}

/** Digests with every input before its users; unknown inputs (outside the definition) are skipped. */
export function topoOrder(def: Definition): Digest[] {
  const order: Digest[] = [];
  const seen = new Set<Digest>();
  const visit = (d: Digest): void => {
    if (seen.has(d) || !def.vertices.has(d)) return;
    seen.add(d);
    for (const input of def.vertices.get(d)!.inputs) visit(input.vertex);
    order.push(d);
  };
  for (const d of [...def.vertices.keys()].sort()) visit(d);
  return order;
}

export function printedVertices(def: Definition): PrintedVertex[] {
  return topoOrder(def).map((digest) => {
    const v = def.vertices.get(digest)!;
    const meta = def.meta.get(digest);
    const out: PrintedVertex = {
      digest,
      name: meta?.name ?? digest,
      kind: v.op.kind,
      op: v.op,
      inputs: v.inputs,
      targets: [...(meta?.targets ?? [])].sort(),
    };
    if (v.platform) out.platform = v.platform;
    if (v.ignoreCache) out.ignoreCache = true;
    if (meta?.source) out.source = meta.source;
    return out;
  });
}

/** What each target's result is: per platform, the output it exports (null = scratch). */
export type GraphRoots = Record<string, { platform: string; root: Input | null }[]>;

export function graphToJson(def: Definition, roots: GraphRoots = {}): string {
  const vertices = printedVertices(def);
  const edges = vertices.flatMap((v) => v.inputs.map((i) => ({ from: i.vertex, to: v.digest, output: i.index })));
  const targets = Object.fromEntries(Object.keys(roots).sort().map((k) => [k, roots[k]]));
  return `${JSON.stringify({ targets, vertices, edges }, null, 2)}\n`;
}

function dotString(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/** Graphviz: one box per vertex labelled with its step and targets; edges from input to user. */
export function graphToDot(def: Definition, roots: GraphRoots = {}): string {
  const lines = ['digraph bake {', '  rankdir=TB;', '  node [shape=box, fontname="monospace"];'];
  for (const name of Object.keys(roots).sort()) {
    for (const r of roots[name]!) {
      if (!r.root) continue;
      const id = dotString(`target:${name}:${r.platform}`);
      lines.push(`  ${id} [label=${dotString(`${name}\n${r.platform}`)}, shape=doubleoctagon];`);
      lines.push(`  ${dotString(r.root.vertex)} -> ${id};`);
    }
  }
  for (const v of printedVertices(def)) {
    const label = `${v.name}\n${v.kind} ${v.digest.slice(7, 19)}${v.targets.length ? `\ntargets: ${v.targets.join(', ')}` : ''}`;
    const shared = v.targets.length > 1 ? ', style=filled, fillcolor="#e0f0ff"' : '';
    lines.push(`  ${dotString(v.digest)} [label=${dotString(label)}${shared}];`);
    for (const i of v.inputs) {
      const attr = i.index === 0 ? '' : ` [label="${i.index}"]`;
      lines.push(`  ${dotString(i.vertex)} -> ${dotString(v.digest)}${attr};`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
