// Incremental context transfer: files unchanged since the previous transfer of the same
// selection are hard-linked from that transfer's layer instead of copied. A file is linked only
// when its current content digest (from the hash cache, valid for its current stat identity)
// equals the one recorded for the old layer's file, and the linked inode carries exactly the
// owner, mode and mtime a copy would get; anything else is copied.
import { lstatSync, unlinkSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerStore } from '../../snapshot/types.js';
import type { LocalDir } from '../../session.js';
import { fromBigInt, type CopyOptions, type LinkHook } from '../../fs/copy.js';
import { copyWouldMatch } from '../../fs/copy-file.js';
import { linkFile } from '../../fs/link.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { sha256 } from '../../graph/digest.js';
import { readContextNote } from '../sidecar.js';
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
  files: Record<string, string>;
}

/** The previous transfer's layer, when it is still in the store (it may be collected any time). */
export async function previousLayer(layers: LayerStore, path: string): Promise<PreviousLayer | undefined> {
  const id = await readFile(path, 'utf8').catch(() => undefined);
  if (id === undefined || !layers.has(id)) return undefined;
  const note = readContextNote(layers, id);
  return note && { dir: layers.diffDir(id), files: note.files };
}

/**
 * The link hook of a transfer into `root`: `digests` gives the current digest of each file by
 * path (undefined when unknown), `prev` the old layer. Verified after linking, since the old
 * layer is only read, never locked: a mismatch unlinks and copies.
 */
export function reuseHook(prev: PreviousLayer, root: string, digests: (rel: string) => string | undefined, opts: CopyOptions): LinkHook {
  return (_src, dest, st) => {
    const rel = dest.slice(root.length + 1);
    const digest = digests(rel);
    if (digest === undefined || prev.files[rel] !== digest) return false;
    if (!linkFile(join(prev.dir, rel), dest)) return false;
    if (copyWouldMatch(fromBigInt(lstatSync(dest, { bigint: true })), st, opts)) return true;
    unlinkSync(dest);
    return false;
  };
}
