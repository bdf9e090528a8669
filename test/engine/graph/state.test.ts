import { describe, expect, it } from 'vitest';
import { State, marshal } from '../../../src/engine/graph/state.js';

const linux = { os: 'linux', architecture: 'amd64' };
const img = (ref: string): State =>
  State.source({ type: 'image', ref, platform: linux }, { meta: { name: `FROM ${ref}` }, platform: linux });
const exec = (args: string[]) => ({ args, env: [], cwd: '/', user: '', network: 'sandbox' as const, security: 'sandbox' as const });

describe('State', () => {
  it('gives identical steps identical digests, whatever their names', () => {
    const a = img('alpine').run({ exec: exec(['make']), mounts: [], meta: { name: '[a 2/2] RUN make' } }).root;
    const b = img('alpine').run({ exec: exec(['make']), mounts: [], meta: { name: '[b 2/2] RUN make' } }).root;
    expect(a.output()).toEqual(b.output());
    const c = img('alpine').run({ exec: exec(['make', 'x']), mounts: [], meta: { name: 'x' } }).root;
    expect(c.output()).not.toEqual(a.output());
  });

  it('never changes the state it derives from', () => {
    const base = img('alpine');
    const before = base.output();
    base.run({ exec: exec(['true']), mounts: [], meta: { name: 'RUN true' } });
    expect(base.output()).toEqual(before);
  });

  it('numbers exec outputs: root 0, then rw mounts', () => {
    const r = img('alpine').run({
      exec: exec(['sh']),
      mounts: [
        { type: 'bind', state: img('busybox'), dest: '/src', readonly: true, output: false },
        { type: 'bind', state: State.scratch(), dest: '/out', readonly: false, output: true },
      ],
      meta: { name: 'RUN sh' },
    });
    expect(r.mount('/out').output()?.index).toBe(1);
    const def = marshal([r.root]);
    const vertex = def.vertices.get(r.root.output()!.vertex)!;
    expect(vertex.inputs).toHaveLength(2);
    if (vertex.op.kind !== 'exec') throw new Error('not exec');
    expect(vertex.op.exec.mounts.map((m) => [m.dest, m.input, m.output])).toEqual([
      ['/', 0, 0],
      ['/src', 1, -1],
      ['/out', 'scratch', 1],
    ]);
  });

  it('file copies reference their source states as inputs; scratch base is not an input', () => {
    const ctx = State.source({ type: 'local', name: 'context', include: ['a'] }, { meta: { name: 'context' } });
    const s = State.scratch().file(
      [{ kind: 'copy', src: ctx, srcPath: '/a', destPath: '/a', followSymlink: true, dirCopyContents: true,
        attemptUnpackDockerCompatibility: false, createDestPath: true, allowWildcard: true, allowEmptyWildcard: true }],
      { meta: { name: 'COPY a /a' } },
    );
    const def = marshal([s], ['t']);
    const v = def.vertices.get(s.output()!.vertex)!;
    expect(v.op.kind === 'file' && v.op.file.base).toBe('scratch');
    expect(v.inputs).toEqual([ctx.output()]);
    expect(def.meta.get(s.output()!.vertex)?.targets).toEqual(['t']);
  });

  it('merge skips scratch and collapses a single input', () => {
    const a = img('a');
    expect(State.merge([State.scratch(), a], { meta: { name: 'merge' } }).output()).toEqual(a.output());
    const m = State.merge([a, img('b')], { meta: { name: 'merge' } });
    expect(marshal([m]).vertices.size).toBe(3);
  });

  it('marshal records every target sharing a vertex, and fromDefinition rebuilds a state', () => {
    const shared = img('alpine');
    const def = marshal([shared.run({ exec: exec(['a']), mounts: [], meta: { name: 'a' } }).root], ['one']);
    marshal([shared.run({ exec: exec(['b']), mounts: [], meta: { name: 'b' } }).root], ['two'], def);
    expect(def.meta.get(shared.output()!.vertex)?.targets).toEqual(['one', 'two']);
    const again = State.fromDefinition(def, shared.output());
    expect(marshal([again]).vertices.size).toBe(1);
  });
});
