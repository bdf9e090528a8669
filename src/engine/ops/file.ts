// The file op (COPY, ADD, WORKDIR, heredoc files): mounts the base writable into a new layer,
// mounts copy sources read-only, and applies the actions in order on the merged root.
import { UserError } from '../../errors.js';
import type { FileAction, InputRef, Vertex } from '../graph/op.js';
import type { ActiveLayer, MountedRoot, Snapshot } from '../snapshot/types.js';
import { runMkdir, runMkfile, runRm } from './file/actions.js';
import { runCopy } from './file/copy.js';
import { LinkTarget } from './file/link.js';
import { isContextLayer, writeLinkedNote } from './sidecar.js';
import type { OpContext, OpRunner } from './types.js';

export interface FileOpOptions {
  /** Link unchanged local-source files instead of copying them (the default); false always copies. */
  link?: boolean;
}

function snapshotOf(ref: InputRef, inputs: Snapshot[]): Snapshot {
  if (ref === 'scratch') return { layers: [] };
  const snap = inputs[ref];
  if (!snap) throw new Error(`file op input ${ref} missing`);
  return snap;
}

interface SourceRoot {
  path: string;
  /** The root is a local-source layer's own dir: its files may be linked. */
  linkable: boolean;
}

/** Read-only roots of copy sources, one per input, released together. */
class SourceMounts {
  private readonly mounts = new Map<InputRef, Promise<MountedRoot>>();
  constructor(
    private readonly inputs: Snapshot[],
    private readonly ctx: OpContext,
  ) {}

  async root(ref: InputRef): Promise<SourceRoot> {
    const snap = snapshotOf(ref, this.inputs);
    // A local-source layer alone holds no whiteouts or overlay xattrs: its dir is what a mount
    // of it would show, without the cost of mounting.
    const only = snap.layers.length === 1 ? snap.layers[0]! : undefined;
    if (only !== undefined && isContextLayer(this.ctx.layers, only)) return { path: this.ctx.layers.diffDir(only), linkable: true };
    let m = this.mounts.get(ref);
    if (!m) {
      m = this.ctx.layers.mount(snap);
      this.mounts.set(ref, m);
    }
    return { path: (await m).path, linkable: false };
  }

  async unmountAll(): Promise<void> {
    const results = await Promise.allSettled([...this.mounts.values()].map(async (m) => (await m).unmount()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

async function applyAction(a: FileAction, root: string, sources: SourceMounts, link: LinkTarget | undefined): Promise<void> {
  switch (a.kind) {
    case 'copy': {
      const src = await sources.root(a.src);
      return runCopy(a, src.path, root, src.linkable ? link : undefined);
    }
    case 'mkdir':
      return runMkdir(a, root);
    case 'mkfile':
      return runMkfile(a, root);
    case 'rm':
      return runRm(a, root);
  }
}

export class FileOpRunner implements OpRunner {
  constructor(private readonly options: FileOpOptions = {}) {}

  async run(vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'file') throw new Error('not a file op');
    const { base, actions } = vertex.op.file;
    const baseSnap = snapshotOf(base, inputs);
    const layer = await ctx.layers.create(ctx.newLayerId);
    const sources = new SourceMounts(inputs, ctx);
    let root: MountedRoot | undefined;
    try {
      root = await ctx.layers.mount(baseSnap, layer);
      const link = this.options.link === false ? undefined : LinkTarget.forMount(ctx.layers, baseSnap, root.path, layer.dir);
      for (const a of actions) {
        if (ctx.signal.aborted) throw new UserError('build cancelled');
        await applyAction(a, root.path, sources, link);
        link?.actionDone();
      }
      if (link && link.linked.length > 0) writeLinkedNote(layer.dir, link.linked);
    } catch (err) {
      await root?.unmount().catch(() => undefined);
      await sources.unmountAll().catch(() => undefined);
      await layer.discard();
      throw err;
    }
    await this.finish(root, sources, layer);
    return [{ layers: [...baseSnap.layers, layer.id] }];
  }

  private async finish(root: MountedRoot, sources: SourceMounts, layer: ActiveLayer): Promise<void> {
    await root.unmount();
    await sources.unmountAll();
    await layer.commit();
  }
}
