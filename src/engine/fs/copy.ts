// Copies files into a layer keeping what an image cares about: type, permission bits (setuid
// and sticky included), owner, mtime and symlink targets. Symlinks are copied as links, never
// followed; that is the caller's choice for the top-level source only.
import type { BigIntStats } from 'node:fs';
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
  /** The destination is a new empty tree: skip looking for nodes to replace. */
  fresh?: boolean;
}

const PERM_BITS = 0o7777;
// Independent nodes written at once: each costs several thread-pool round trips.
const BATCH = 32;

/** What copying needs of a node's lstat (fs.Stats fits; see fromBigInt for BigIntStats). */
export interface NodeStat {
  mode: number;
  uid: number;
  gid: number;
  atime: Date;
  mtime: Date;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFile(): boolean;
}

export function fromBigInt(b: BigIntStats): NodeStat {
  return {
    mode: Number(b.mode), uid: Number(b.uid), gid: Number(b.gid), atime: b.atime, mtime: b.mtime,
    isDirectory: () => b.isDirectory(), isSymbolicLink: () => b.isSymbolicLink(), isFile: () => b.isFile(),
  };
}

export interface CopyEntry {
  src: string;
  dest: string;
  stat: NodeStat;
}

/**
 * Copies a walk's entries (parents listed before children): directories first, then the other
 * nodes in parallel batches, then directory times again, deepest first, since writing children
 * changed them.
 */
export async function copyEntries(entries: readonly CopyEntry[], opts: CopyOptions): Promise<void> {
  const dirs = entries.filter((e) => e.stat.isDirectory());
  for (const d of dirs) await copyNode(d.src, d.stat, d.dest, opts);
  const others = entries.filter((e) => !e.stat.isDirectory());
  for (let i = 0; i < others.length; i += BATCH) {
    await Promise.all(others.slice(i, i + BATCH).map((e) => copyNode(e.src, e.stat, e.dest, opts)));
  }
  for (const d of [...dirs].reverse()) await applyMeta(d.dest, d.stat, opts);
}

/** Sets owner, mode and times on a node just written; owner before mode so setuid bits survive. */
export async function applyMeta(path: string, st: NodeStat, opts: CopyOptions): Promise<void> {
  const owner = opts.owner ?? { uid: st.uid, gid: st.gid };
  await lchown(path, owner.uid, owner.gid);
  if (!st.isSymbolicLink()) {
    const bits = st.mode & PERM_BITS;
    await chmod(path, opts.mode ? opts.mode(bits, st.isDirectory()) : bits);
  }
  const time = opts.timestamp !== undefined ? new Date(opts.timestamp * 1000) : st.mtime;
  await lutimes(path, opts.timestamp !== undefined ? time : st.atime, time);
}

async function existing(path: string): Promise<NodeStat | undefined> {
  return lstat(path).catch(() => undefined);
}

/** Copies one node (a directory is created, not filled), replacing a conflicting dest. */
export async function copyNode(src: string, st: NodeStat, dest: string, opts: CopyOptions): Promise<void> {
  const cur = opts.fresh ? undefined : await existing(dest);
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
