// Copies files into a layer keeping what an image cares about: type, permission bits (setuid
// and sticky included), owner, mtime and symlink targets. Symlinks are copied as links, never
// followed; that is the caller's choice for the top-level source only.
import type { Stats } from 'node:fs';
import { chmod, copyFile, lchown, lstat, lutimes, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

export interface CopyOptions {
  /** Owner of every copied node; the source's owner when absent. */
  owner?: Owner;
  /** Maps the source's permission bits to the copy's. */
  mode?: (mode: number, isDir: boolean) => number;
  /** Fixed mtime (unix seconds) instead of the source's. */
  timestamp?: number;
}

const PERM_BITS = 0o7777;

/** Sets owner, mode and times on a node just written; owner before mode so setuid bits survive. */
export async function applyMeta(path: string, st: Stats, opts: CopyOptions): Promise<void> {
  const owner = opts.owner ?? { uid: st.uid, gid: st.gid };
  await lchown(path, owner.uid, owner.gid);
  if (!st.isSymbolicLink()) {
    const bits = st.mode & PERM_BITS;
    await chmod(path, opts.mode ? opts.mode(bits, st.isDirectory()) : bits);
  }
  const time = opts.timestamp !== undefined ? new Date(opts.timestamp * 1000) : st.mtime;
  await lutimes(path, opts.timestamp !== undefined ? time : st.atime, time);
}

async function existing(path: string): Promise<Stats | undefined> {
  return lstat(path).catch(() => undefined);
}

/** Copies one node (a directory is created, not filled), replacing a conflicting dest. */
export async function copyNode(src: string, st: Stats, dest: string, opts: CopyOptions): Promise<void> {
  const cur = await existing(dest);
  if (cur && !(cur.isDirectory() && st.isDirectory())) await rm(dest, { recursive: true, force: true });
  if (st.isDirectory()) {
    if (!cur?.isDirectory()) await mkdir(dest);
  } else if (st.isSymbolicLink()) {
    await symlink(await readlink(src), dest);
  } else if (st.isFile()) {
    await copyFile(src, dest);
  } else {
    // Sockets, fifos and devices do not belong in a build context or a COPY: skip them.
    return;
  }
  await applyMeta(dest, st, opts);
}

/** Copies `src` and, for a directory, everything below it, merging into an existing dest dir. */
export async function copyTree(src: string, dest: string, opts: CopyOptions): Promise<void> {
  const st = await lstat(src);
  await copyNode(src, st, dest, opts);
  if (!st.isDirectory()) return;
  for (const name of (await readdir(src)).sort()) {
    await copyTree(join(src, name), join(dest, name), opts);
  }
  // Writing children bumped the dir's mtime; set it again.
  await applyMeta(dest, st, opts);
}
