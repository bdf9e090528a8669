import { describe, expect, it } from 'vitest';
import { State, marshal } from '../../../src/engine/graph/state.js';
import { graphToDot, graphToJson, topoOrder } from '../../../src/engine/graph/print.js';

const linux = { os: 'linux', architecture: 'amd64' };
const exec = (args: string[]) => ({ args, env: [], cwd: '/', user: '', network: 'sandbox' as const, security: 'sandbox' as const });

function sample() {
  const base = State.source({ type: 'image', ref: 'alpine', platform: linux }, { meta: { name: 'FROM "alpine"' } });
  const a = base.run({ exec: exec(['a']), mounts: [], meta: { name: 'RUN a' } }).root;
  const b = base.run({ exec: exec(['b']), mounts: [], meta: { name: 'RUN b' } }).root;
  const def = marshal([a], ['one']);
  marshal([b], ['two'], def);
  return { def, base, a, b };
}

describe('graph print', () => {
  it('orders inputs before users and records who shares each vertex', () => {
    const { def, base } = sample();
    const order = topoOrder(def);
    expect(order.indexOf(base.output()!.vertex)).toBe(0);
    const printed = JSON.parse(graphToJson(def)) as { vertices: { digest: string; targets: string[] }[]; edges: unknown[] };
    expect(printed.vertices[0]).toMatchObject({ digest: base.output()!.vertex, targets: ['one', 'two'] });
    expect(printed.edges).toHaveLength(2);
  });

  it('writes DOT with escaped labels and one edge per input', () => {
    const { def, base, a } = sample();
    const dot = graphToDot(def);
    expect(dot).toMatch(/^digraph bake \{/);
    expect(dot).toContain('FROM \\"alpine\\"');
    expect(dot).toContain(`"${base.output()!.vertex}" -> "${a.output()!.vertex}";`);
    expect(dot.match(/->/g)).toHaveLength(2);
  });
});
