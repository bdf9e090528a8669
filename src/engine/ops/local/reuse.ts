// Incremental context transfer: files unchanged since the previous transfer of the same
// selection are hard-linked from that transfer's layer instead of copied. A file is linked only
// when its current content digest (from the hash cache, valid for its current stat identity)
// equals the one recorded for the old layer's file, and the old inode's owner, mode and mtime,
// as its layer's note records them, are exactly what a copy would get; anything else is copied.
// The note is trusted as the layer is: layers are immutable, and link(2) changes no metadata
// the note holds (an lstat per linked file to check it cost ~15% of a 20,000-file transfer).
import { lstatSync } from 'node:fs';
import { fsPath } from '../../layer/raw-names.js';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerStore } from '../../snapshot/types.js';
import type { LocalDir } from '../../session.js';
import type { CopyOptions, LinkHook } from '../../fs/copy.js';
import { copiedInode } from '../../fs/copy-file.js';
import { linkFile } from '../../fs/link.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { sha256 } from '../../graph/digest.js';
import { entryPath, type WalkEntry } from '../../fs/walk.js';
import { contextRecord, readContextNote, recordBlocks, type ContextNote } from '../sidecar.js';
import type { LocalSource } from './select.js';

/** Where the id of the last layer transferred for this dir and selection is kept. */
export function lastLayerPath(stateDir: string, dir: LocalDir, src: LocalSource): string {
  const selection = { dir: dir.dir, excludes: dir.excludes, include: src.include, exclude: src.exclude, follow: src.followPaths };
  return join(stateDir, 'local-hash', `${sha256(JSON.stringify(selection)).slice('sha256:'.length)}.layer`);
}

export async function recordLastLayer(path: string, id: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFileAtomic(path, id);
}

export interface PreviousLayer {
  dir: string;
  note: ContextNote;
}

/** The previous transfer's layer, when it is still in the store (it may be collected any time). */
export async function previousLayer(layers: LayerStore, path: string): Promise<PreviousLayer | undefined> {
  const id = await readFile(path, 'utf8').catch(() => undefined);
  if (id === undefined || !layers.has(id)) return undefined;
  const note = readContextNote(layers, id);
  return note && { dir: layers.diffDir(id), note };
}

/**
 * The link hook of a transfer into `root`: `digests` gives the current digest of each file by
 * path (undefined when unknown), `prev` the old layer. Each file linked gets its old note record
 * in `linked`. A link that fails (the old layer was collected meanwhile) falls back to a copy.
 */
export function reuseHook(
  prev: PreviousLayer,
  root: string,
  digests: (rel: string) => string | undefined,
  opts: CopyOptions,
  linked: Map<string, string>,
): LinkHook {
  const prefix = entryPath(root, '');
  return (_src, dest, st) => {
    const rel = dest.slice(prefix.length);
    const digest = digests(rel);
    if (digest === undefined || !st.isFile() || !prev.note.holds(rel, digest, copiedInode(st, opts))) return false;
    if (!linkFile(entryPath(prev.dir, rel), dest)) return false;
    linked.set(rel, prev.note.records.get(rel)!);
    return true;
  };
}

export interface LayerDescription {
  /** The note's records by path. */
  records: Map<string, string>;
  /** Bytes the layer's tree uses as `du` counts them (allocated blocks of every node, root included). */
  bytes: number;
}

/**
 * What a new context layer in `root` records beside itself: its note (a linked file keeps its
 * old record, other nodes are lstat'ed; files without a known digest are left out, and so never
 * linked later), and its disk usage, so cache accounting never walks its files.
 */
export function describeLayer(
  entries: readonly WalkEntry[],
  root: string,
  digests: ReadonlyMap<string, string>,
  linked: ReadonlyMap<string, string>,
): LayerDescription {
  const records = new Map<string, string>();
  let blocks = lstatSync(root).blocks;
  for (const { rel, stat } of entries) {
    // Sockets, fifos and devices were not copied.
    if (!stat.isFile() && !stat.isDirectory() && !stat.isSymbolicLink()) continue;
    const old = linked.get(rel);
    if (old !== undefined) {
      records.set(rel, old);
      blocks += recordBlocks(old);
      continue;
    }
    const st = lstatSync(fsPath(entryPath(root, rel)), { bigint: true });
    blocks += Number(st.blocks);
    const digest = stat.isFile() ? digests.get(rel) : undefined;
    if (digest === undefined) continue;
    const { mode, uid, gid, mtimeNs, ino, size } = st;
    const file = { digest, mode: Number(mode), uid: Number(uid), gid: Number(gid), mtimeNs, ino, size: Number(size), blocks: Number(st.blocks) };
    records.set(rel, contextRecord(file));
  }
  return { records, bytes: blocks * 512 };
}
