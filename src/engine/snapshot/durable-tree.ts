// Making a staged layer durable before it is renamed into place. syncfs(2) flushes every dirty
// page of the whole filesystem, other steps' and other programs' included: ~50 ms with 30 MiB
// of unrelated writes pending, where fsyncing a small layer's own files and dirs takes ~2 ms.
// Small trees get their own fsyncs; big ones (a 20,000-file context) one shared syncfs.
import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { lossy } from '../layer/raw-names.js';

/** Above this many entries one syncfs is cheaper than an fsync each. */
export const SMALL_TREE = 64;

/**
 * The dirs and regular files under `root` (root included), or undefined once there are more than
 * `limit`. Other entries (symlinks, whiteout devices) are made durable by their dir's fsync.
 */
export function smallTree(root: string, limit = SMALL_TREE): string[] | undefined {
  const out = [root];
  const dirs = [root];
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      // A name that is not UTF-8 cannot be opened by its decoded path: one syncfs covers it.
      if (lossy(e.name)) return undefined;
      if (!e.isDirectory() && !e.isFile()) continue;
      const path = join(dir, e.name);
      out.push(path);
      if (out.length > limit) return undefined;
      if (e.isDirectory()) dirs.push(path);
    }
  }
  return out;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes `root`'s tree to disk: its own fsyncs when small, else `syncFilesystem()`. */
export async function makeTreeDurable(root: string, syncFilesystem: () => Promise<void>): Promise<void> {
  const paths = smallTree(root);
  if (!paths) return syncFilesystem();
  await Promise.all(paths.map(fsyncPath));
}
