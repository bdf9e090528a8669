// COPY by hard link: a file of a local-source layer is linked into the new layer instead of
// copied when the copy would carry the inode's own owner, mode and mtime.
//
// Where the links go. The destination root is an overlay mount whose upper dir is the new layer;
// link(2) cannot cross into it from another layer, so links are made in the upper dir directly.
// Changing an overlay's upper dir behind its back is only safe where the overlay has nothing
// cached and nothing to merge:
//   - a directory this very action created through the mount, because it did not exist in the
//     merged view. It is "pure upper" (no lower has it, or a lower's entry is hidden by a
//     whiteout and the new dir is opaque): overlay passes every lookup and listing below it
//     straight to the upper dir, and never looked up a name inside it.
//   - an existing directory (`WORKDIR /app` then `COPY . .`) when the copy is the op's first
//     action (the fresh mount has looked up nothing below it) and the directory is absent or
//     empty in every layer, upper included: nothing below it to merge, hide or replace. It is
//     copied up through the mount first (a chown to its own owner), exactly as creating its
//     first child through the mount would, so the layer gets the same entry.
// Anything else is copied through the mount.
//
// Which inodes may be linked. Tar writers (ours for layers, `type=tar` on a merged root, `cp -a`)
// turn two paths sharing an inode into a hard link entry, which a copy would never give, so:
//   - one inode at most once per layer (two sources sharing an inode are copied apart);
//   - never an inode some layer of the base stack already shares: each linking layer lists its
//     linked inodes in a note (sidecar.ts), and no base layer may be a local-source layer itself;
//   - never onto scratch: a scratch-based copy (COPY --link) is merged onto other stacks later,
//     out of sight of these checks.
import { lchownSync, lstatSync, readdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { CopyOptions, LinkHook } from '../../fs/copy.js';
import { copyKeepsMeta } from '../../fs/copy-file.js';
import { ExactStat } from '../../fs/exact-stat.js';
import { linkFile } from '../../fs/link.js';
import type { LayerStore, Snapshot } from '../../snapshot/types.js';
import { isContextLayer, readContextNoteOf, readLinkedNote } from '../sidecar.js';

const OVERLAYFS_MAGIC = 0x794c7630;

/** Whether layer dir `layer` holds nothing below in-root path `rel` (absent, or an empty dir). */
function nothingBelow(layer: string, rel: string): boolean {
  let path = layer;
  for (const seg of rel.split('/').filter((x) => x !== '')) {
    path = join(path, seg);
    // A missing or non-directory component (a file, a symlink, a whiteout) holds nothing below.
    if (!lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) return true;
  }
  return readdirSync(path).length === 0;
}

export class LinkTarget {
  /** Inodes linked into the new layer, for its note. */
  readonly linked: bigint[] = [];
  /** No action of the op has run yet: the mount has looked up nothing. */
  private pristine = true;

  private constructor(
    private readonly merged: string,
    private readonly upper: string,
    private readonly lowers: string[],
    private readonly taken: Set<bigint>,
  ) {}

  /**
   * The link target of a file op writing `merged` (a mount of `base` into `upper`), or undefined
   * when nothing may be linked there. A root that is the upper dir itself (no mount) qualifies.
   */
  static forMount(layers: LayerStore, base: Snapshot, merged: string, upper: string): LinkTarget | undefined {
    if (base.layers.length === 0 || base.layers.some((id) => isContextLayer(layers, id))) return undefined;
    if (merged !== upper && statfsSync(merged).type !== OVERLAYFS_MAGIC) return undefined;
    const taken = new Set(base.layers.flatMap((id) => readLinkedNote(layers, id)));
    const lowers = merged === upper ? [] : base.layers.map((id) => layers.diffDir(id));
    return new LinkTarget(merged, upper, lowers, taken);
  }

  /** Called after each action of the op. */
  actionDone(): void {
    this.pristine = false;
  }

  /**
   * The upper-dir path to write the contents of directory `dir` (a host path in the mount) into,
   * or undefined when they must go through the mount; `created` when this action created it.
   */
  writableDir(dir: string, created: boolean): string | undefined {
    if (dir !== this.merged && !dir.startsWith(`${this.merged}/`)) return undefined;
    const rel = dir.slice(this.merged.length);
    if (!created) {
      if (!this.pristine || rel === '' || this.merged === this.upper) return undefined;
      if (![this.upper, ...this.lowers].every((l) => nothingBelow(l, rel))) return undefined;
      const st = lstatSync(dir);
      lchownSync(dir, st.uid, st.gid);
    }
    const path = join(this.upper, rel);
    return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ? path : undefined;
  }

  /** Links a source file in place of its copy when the copy would not change its metadata. */
  hook(opts: CopyOptions): LinkHook {
    return (src, dest, st) => {
      if (st.inode === undefined || this.taken.has(st.inode) || !copyKeepsMeta(st, opts)) return false;
      if (!linkFile(src, dest)) return false;
      this.taken.add(st.inode);
      this.linked.push(st.inode);
      return true;
    };
  }
}

/**
 * The stats of the regular files below `dir` (a host path in `root`, a context layer's diff dir)
 * as the layer's note records them, by path relative to `dir`: a walk of the source of a COPY
 * then lstats only its directories (the layer is immutable, its note written with it). The atime,
 * which no note keeps, is taken to be the mtime. Undefined when the layer has no usable note.
 */
export function noteStats(root: string, dir: string): ((rel: string) => ExactStat | undefined) | undefined {
  if (dir !== root && !dir.startsWith(`${root}/`)) return undefined;
  const note = readContextNoteOf(root);
  if (!note) return undefined;
  const prefix = dir === root ? '' : `${dir.slice(root.length + 1)}/`;
  return (rel) => {
    const f = note.file(prefix + rel);
    if (!f) return undefined;
    const { mode, uid, gid, size, ino: inode, mtimeNs } = f;
    return new ExactStat({ mode, uid, gid, size, inode, mtimeNs, atimeMs: Number(mtimeNs / 1_000_000n) });
  };
}
