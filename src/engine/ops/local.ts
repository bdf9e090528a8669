// The local context source: copies only the selected paths of a session directory into a new
// layer, and computes the content key the solver uses for it (local/hash.ts), so a COPY's cache
// depends on the files it reads and nothing else in the context. A transfer links the files
// unchanged since the previous transfer of the same selection from that layer (local/reuse.ts).
import { dirname } from 'node:path';
import { recordDiffUsage } from '../cache/records.js';
import type { Vertex } from '../graph/op.js';
import type { LocalDir } from '../session.js';
import type { Snapshot } from '../snapshot/types.js';
import { copyEntries, type CopyOptions } from '../fs/copy.js';
import { entryPath, type WalkEntry } from '../fs/walk.js';
import { digestsOfWalk } from './local/hash.js';
import { HashCache, hashCachePath } from './local/hash-cache.js';
import { describeLayer, lastLayerPath, previousLayer, recordLastLayer, reuseHook } from './local/reuse.js';
import { selectedEntriesOnce, type LocalSource } from './local/select.js';
import { writeSpecialEntries } from './local/special.js';
import { writeContextNote } from './sidecar.js';
import type { OpContext, OpRunner } from './types.js';

export { hashLocalSource } from './local/hash.js';

export interface LocalSourceOptions {
  /** Link unchanged files from the previous transfer (the default); false always copies. */
  reuse?: boolean;
}

/** Current digests of the selected regular files whose stat identity the hash cache knows. */
async function knownDigests(ctx: OpContext, dir: LocalDir, entries: readonly WalkEntry[]): Promise<Map<string, string>> {
  const hashed = digestsOfWalk(entries);
  if (hashed) return hashed;
  const cache = await HashCache.load(hashCachePath(ctx.stateDir, dir.dir));
  const out = new Map<string, string>();
  for (const e of entries) {
    const d = cache.digest(e);
    if (d !== undefined) out.set(e.rel, d);
  }
  return out;
}

export class LocalSourceRunner implements OpRunner {
  constructor(private readonly options: LocalSourceOptions = {}) {}

  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'source' || vertex.op.source.type !== 'local') throw new Error('not a local source');
    const src: LocalSource = vertex.op.source;
    const dir = ctx.session.localDir(src.name);
    const entries = await selectedEntriesOnce(ctx.session, dir, src);
    const digests = await knownDigests(ctx, dir, entries);
    const lastPath = lastLayerPath(ctx.stateDir, dir, src);
    const prev = this.options.reuse === false ? undefined : await previousLayer(ctx.layers, lastPath);
    const layer = await ctx.layers.create(ctx.newLayerId);
    try {
      // Context files belong to root in the image whatever their owner on the client.
      const opts: CopyOptions = { owner: { uid: 0, gid: 0 }, fresh: true };
      const linked = new Map<string, string>();
      if (prev) opts.link = reuseHook(prev, layer.dir, (rel) => digests.get(rel), opts, linked);
      await copyEntries(entries.map((e) => ({ src: e.abs, dest: entryPath(layer.dir, e.rel), stat: e.stat })), opts);
      await writeSpecialEntries(entries, layer.dir);
      const { records, bytes } = describeLayer(entries, layer.dir, digests, linked);
      writeContextNote(layer.dir, records);
      recordDiffUsage(dirname(layer.dir), bytes);
      await layer.commit();
    } catch (err) {
      await layer.discard();
      throw err;
    }
    await recordLastLayer(lastPath, layer.id);
    return [{ layers: [layer.id] }];
  }
}
