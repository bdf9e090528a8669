// Copies files into a layer keeping what an image cares about: type, permission bits (setuid
// and sticky included), owner, mtime and symlink targets. Symlinks are copied as links, never
// followed; that is the caller's choice for the top-level source only.
//
// The work is done with synchronous calls, a batch of nodes at a time, yielding to the event loop
// between batches: each promise-fs call is a thread-pool round trip, and a small file costs four
// or five of them, which made a 20,000-file copy cost about twice the time of the same calls made
// synchronously (see copy-file.ts for the per-file calls).
import type { BigIntStats } from 'node:fs';
import { lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { UserError } from '../../errors.js';
import { fsPath, readlinkExact } from '../layer/raw-names.js';
import { copyFileData, setMeta } from './copy-file.js';
import { ExactStat } from './exact-stat.js';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Called for each regular file before it is copied; returns true when it put `dest` in place
 * itself (a hard link to an identical immutable inode), so the copy is skipped.
 */
export type LinkHook = (src: string, dest: string, st: NodeStat) => boolean;

export interface CopyOptions {
  /** Owner of every copied node; the source's owner when absent. */
  owner?: Owner;
  /** Maps the source's permission bits to the copy's. */
  mode?: (mode: number, isDir: boolean) => number;
  /** Fixed mtime (unix seconds) instead of the source's. */
  timestamp?: number;
  /** The destination is a new empty tree: skip looking for nodes to replace. */
  fresh?: boolean;
  /**
   * BuildKit's COPY conflicts: a directory over an existing non-directory (a symlink included)
   * or anything else over an existing directory fails instead of replacing it.
   */
  failOnTypeConflict?: boolean;
  link?: LinkHook;
}

// Nodes written between two turns of the event loop (~20-40 ms of small-file work).
const BATCH = 200;

/** What copying needs of a node's lstat (fs.Stats fits; see fromBigInt for BigIntStats). */
export interface NodeStat {
  mode: number;
  uid: number;
  gid: number;
  atime: Date;
  mtime: Date;
  size?: number;
  /** Inode number and exact mtime, known when the stat came from a bigint lstat. */
  inode?: bigint;
  mtimeNs?: bigint;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFile(): boolean;
}

/** The NodeStat of a bigint lstat; a walk entry's stat is one already and is returned as is. */
export function fromBigInt(b: BigIntStats | ExactStat): ExactStat {
  return b instanceof ExactStat ? b : ExactStat.of(b);
}

export interface CopyEntry {
  src: string;
  dest: string;
  stat: NodeStat;
}

async function inBatches<T>(items: readonly T[], fn: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    await nextTurn();
    for (const item of items.slice(i, i + BATCH)) fn(item);
  }
}

/**
 * Copies a walk's entries (parents listed before children): directories first, then the other
 * nodes, then directory metadata, deepest first, since writing children changed their times.
 */
export async function copyEntries(entries: readonly CopyEntry[], opts: CopyOptions): Promise<void> {
  const dirs = entries.filter((e) => e.stat.isDirectory());
  await inBatches(dirs, (d) => writeNode(d.src, d.stat, d.dest, opts));
  await inBatches(
    entries.filter((e) => !e.stat.isDirectory()),
    (e) => copyNodeSync(e.src, e.stat, e.dest, opts),
  );
  await inBatches([...dirs].reverse(), (d) => setMeta(d.dest, d.stat, opts));
}

/** Sets owner, mode and times on a node just written; owner before mode so setuid bits survive. */
export async function applyMeta(path: string, st: NodeStat, opts: CopyOptions): Promise<void> {
  setMeta(path, st, opts);
}

function existing(path: string): NodeStat | undefined {
  return lstatSync(fsPath(path), { throwIfNoEntry: false });
}

/**
 * Creates one node (a directory is created, not filled), replacing a conflicting dest. Returns
 * whether its metadata is still to be set by path: regular files get theirs through their open
 * descriptor (copy-file.ts) or come linked with it, and skipped nodes have none.
 */
function writeNode(src: string, st: NodeStat, dest: string, opts: CopyOptions): boolean {
  const cur = opts.fresh ? undefined : existing(dest);
  if (cur && opts.failOnTypeConflict) checkConflict(cur, st, dest);
  if (cur && !(cur.isDirectory() && st.isDirectory())) rmSync(fsPath(dest), { recursive: true, force: true });
  if (st.isDirectory()) {
    if (!cur?.isDirectory()) mkdirSync(fsPath(dest));
    return true;
  }
  if (st.isSymbolicLink()) {
    symlinkSync(fsPath(readlinkExact(src)), fsPath(dest));
    return true;
  }
  // A device becomes an empty regular file with its permission bits, as from BuildKit's copier
  // (it mknods with Go's mode bits, whose file type reads as a regular file).
  if (isDevice(st)) {
    writeFileSync(fsPath(dest), '', { flag: 'wx' });
    return true;
  }
  // Sockets and fifos are skipped, as BuildKit's copier does.
  if (!st.isFile()) return false;
  if (!opts.link?.(src, dest, st)) copyFileData(src, dest, st, opts);
  return false;
}

const S_IFMT = 0o170000;

function isDevice(st: NodeStat): boolean {
  const type = st.mode & S_IFMT;
  return type === 0o020000 || type === 0o060000;
}

function checkConflict(cur: NodeStat, st: NodeStat, dest: string): void {
  if (st.isDirectory() && !cur.isDirectory()) throw new UserError(`cannot copy to non-directory: ${dest}`);
  if (!st.isDirectory() && cur.isDirectory()) throw new UserError(`cannot replace to directory ${dest} with file`);
}

function copyNodeSync(src: string, st: NodeStat, dest: string, opts: CopyOptions): void {
  if (writeNode(src, st, dest, opts)) setMeta(dest, st, opts);
}

/** Copies one node (a directory is created, not filled), replacing a conflicting dest. */
export async function copyNode(src: string, st: NodeStat, dest: string, opts: CopyOptions): Promise<void> {
  copyNodeSync(src, st, dest, opts);
}
