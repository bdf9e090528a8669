// The file op (COPY, ADD, WORKDIR, heredoc files): mounts the base writable into a new layer,
// mounts copy sources read-only, and applies the actions in order on the merged root.
import { UserError } from '../../errors.js';
import type { FileAction, InputRef, Vertex } from '../graph/op.js';
import type { MountedRoot, Snapshot } from '../snapshot/types.js';
import { runMkdir, runMkfile, runRm } from './file/actions.js';
import { runCopy } from './file/copy.js';
import type { OpContext, OpRunner } from './types.js';

function snapshotOf(ref: InputRef, inputs: Snapshot[]): Snapshot {
  if (ref === 'scratch') return { layers: [] };
  const snap = inputs[ref];
  if (!snap) throw new Error(`file op input ${ref} missing`);
  return snap;
}

/** Read-only mounts of copy sources, one per input, unmounted together. */
class SourceMounts {
  private readonly mounts = new Map<InputRef, Promise<MountedRoot>>();
  constructor(
    private readonly inputs: Snapshot[],
    private readonly ctx: OpContext,
  ) {}

  path(ref: InputRef): Promise<string> {
    let m = this.mounts.get(ref);
    if (!m) {
      m = this.ctx.layers.mount(snapshotOf(ref, this.inputs));
      this.mounts.set(ref, m);
    }
    return m.then((r) => r.path);
  }

  async unmountAll(): Promise<void> {
    const results = await Promise.allSettled([...this.mounts.values()].map(async (m) => (await m).unmount()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

async function applyAction(a: FileAction, root: string, sources: SourceMounts): Promise<void> {
  switch (a.kind) {
    case 'copy':
      return runCopy(a, await sources.path(a.src), root);
    case 'mkdir':
      return runMkdir(a, root);
    case 'mkfile':
      return runMkfile(a, root);
    case 'rm':
      return runRm(a, root);
  }
}

export class FileOpRunner implements OpRunner {
  async run(vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'file') throw new Error('not a file op');
    const { base, actions } = vertex.op.file;
    const baseSnap = snapshotOf(base, inputs);
    const layer = await ctx.layers.create(ctx.newLayerId);
    const sources = new SourceMounts(inputs, ctx);
    let root: MountedRoot | undefined;
    try {
      root = await ctx.layers.mount(baseSnap, layer);
      for (const a of actions) {
        if (ctx.signal.aborted) throw new UserError('build cancelled');
        await applyAction(a, root.path, sources);
      }
    } catch (err) {
      await root?.unmount().catch(() => undefined);
      await sources.unmountAll().catch(() => undefined);
      await layer.discard();
      throw err;
    }
    await root.unmount();
    await sources.unmountAll();
    await layer.commit();
    return [{ layers: [...baseSnap.layers, layer.id] }];
  }
}
