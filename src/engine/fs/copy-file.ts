// The per-node calls of a copy, synchronous (copy.ts batches them). A regular file is written
// through one descriptor opened O_EXCL|O_NOFOLLOW, and gets its owner, mode and times through
// that descriptor: no path is looked up again, and nothing is ever written through a symlink.
import { closeSync, constants, copyFileSync, fchmodSync, fchownSync, futimesSync, lchownSync, chmodSync, lutimesSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fsPath } from '../layer/raw-names.js';
import type { CopyOptions, NodeStat } from './copy.js';

const PERM_BITS = 0o7777;
// Up to this size a file is read whole and written: fewer calls than copyFileSync (which probes
// for clones and sendfile). Bigger files go through the kernel copy.
const SMALL_FILE = 256 * 1024;
const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

interface Meta {
  uid: number;
  gid: number;
  mode?: number;
  atime: Date;
  mtime: Date;
}

/**
 * Whether this libuv truncates the times it sets to whole microseconds: it did until 1.52, which
 * keeps every nanosecond of the double (libuv#4951; Node 24 ships it, Node 20 and 22 do not).
 */
const UV_TRUNCATES_TO_MICROSECONDS = libuvBefore(1, 52);

function libuvBefore(major: number, minor: number): boolean {
  const [uvMajor = 0, uvMinor = 0] = (process.versions.uv ?? '').split('.').map(Number);
  return uvMajor < major || (uvMajor === major && uvMinor < minor);
}

/**
 * The ns mtime a time of `ms` milliseconds gets on disk: Node passes seconds as a double and
 * libuv (uv__fs_to_timespec) truncates the fraction to nanoseconds, before 1.52 to whole
 * microseconds, so many values land just below the millisecond (a test pins this against the
 * kernel).
 */
export function settableNs(ms: number, toMicroseconds = UV_TRUNCATES_TO_MICROSECONDS): bigint {
  const t = ms / 1000;
  const sec = Math.trunc(t);
  let ns = Math.trunc((t - sec) * 1e9);
  if (toMicroseconds) ns -= ns % 1000;
  return BigInt(sec) * 1_000_000_000n + BigInt(ns);
}

/**
 * The time to set on a copy of a node with mtime `ns`: the millisecond that gives `ns` back when
 * there is one (the node was itself written through a Date, e.g. a file in a layer), so copies
 * of copies keep their time; else the millisecond below, the closest a Date can do.
 */
function mtimeFor(st: NodeStat): Date {
  if (st.mtimeNs === undefined) return st.mtime;
  const up = Number((st.mtimeNs + 999_999n) / 1_000_000n);
  return settableNs(up) === st.mtimeNs ? new Date(up) : st.mtime;
}

/** The owner, permission bits and times a copy of `st` gets under `opts`. */
function metaOf(st: NodeStat, opts: CopyOptions): Meta {
  const owner = opts.owner ?? { uid: st.uid, gid: st.gid };
  const bits = st.mode & PERM_BITS;
  const mode = st.isSymbolicLink() ? undefined : opts.mode ? opts.mode(bits, st.isDirectory()) : bits;
  if (opts.timestamp === undefined) return { ...owner, mode, atime: st.atime, mtime: mtimeFor(st) };
  const t = new Date(opts.timestamp * 1000);
  return { ...owner, mode, atime: t, mtime: t };
}

/** Sets owner, mode and times by path; owner before mode so setuid bits survive. */
export function setMeta(path: string, st: NodeStat, opts: CopyOptions): void {
  const m = metaOf(st, opts);
  const p = fsPath(path);
  lchownSync(p, m.uid, m.gid);
  if (m.mode !== undefined) chmodSync(p, m.mode);
  lutimesSync(p, m.atime, m.mtime);
}

function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
}

function readSource(src: string): Buffer {
  // O_NOFOLLOW: the source was lstat'ed as a regular file; never read a link swapped in since.
  const fd = openSync(fsPath(src), O_RDONLY | O_NOFOLLOW);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies a regular file's data to the new path `dest` with the metadata `opts` gives it. */
export function copyFileData(src: string, dest: string, st: NodeStat, opts: CopyOptions): void {
  const small = st.size !== undefined && st.size <= SMALL_FILE;
  let fd: number;
  if (small) {
    const data = readSource(src);
    fd = openSync(fsPath(dest), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      writeAll(fd, data);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  } else {
    copyFileSync(fsPath(src), fsPath(dest), constants.COPYFILE_EXCL);
    fd = openSync(fsPath(dest), O_WRONLY | O_NOFOLLOW);
  }
  try {
    const m = metaOf(st, opts);
    fchownSync(fd, m.uid, m.gid);
    fchmodSync(fd, m.mode!);
    futimesSync(fd, m.atime, m.mtime);
  } finally {
    closeSync(fd);
  }
}

/** What a linked inode must match: NodeStat and a bigint lstat converted by fromBigInt both fit. */
type InodeMeta = Pick<NodeStat, 'uid' | 'gid' | 'mode' | 'mtimeNs' | 'isFile'>;

/** The owner, permission bits and exact mtime of the inode a copy of regular file `st` gets. */
export interface CopiedInode {
  uid: number;
  gid: number;
  mode: number;
  mtimeNs: bigint;
}

/**
 * What a copy of regular file `st` under `opts` carries, computed without Dates: link checks ask
 * it once per file of a 20,000-file COPY. Same values as metaOf then the kernel's rounding.
 */
export function copiedInode(st: NodeStat, opts: CopyOptions): CopiedInode {
  const owner = opts.owner ?? st;
  const bits = st.mode & PERM_BITS;
  return { uid: owner.uid, gid: owner.gid, mode: opts.mode ? opts.mode(bits, false) : bits, mtimeNs: copiedMtimeNs(st, opts) };
}

function copiedMtimeNs(st: NodeStat, opts: CopyOptions): bigint {
  if (opts.timestamp !== undefined) return settableNs(Math.trunc(opts.timestamp * 1000));
  if (st.mtimeNs === undefined) return settableNs(st.mtime.getTime());
  // mtimeFor without its Date: the millisecond above when it gives the time back, else below.
  const atUp = settableNs(Number((st.mtimeNs + 999_999n) / 1_000_000n));
  return atUp === st.mtimeNs ? atUp : settableNs(Number(st.mtimeNs / 1_000_000n));
}

/** Whether `inode` has exactly the owner, permission bits and mtime a copy of `st` under `opts` gets. */
export function copyWouldMatch(inode: InodeMeta, st: NodeStat, opts: CopyOptions): boolean {
  if (!inode.isFile() || !st.isFile()) return false;
  const m = copiedInode(st, opts);
  return inode.uid === m.uid && inode.gid === m.gid && (inode.mode & PERM_BITS) === m.mode && inode.mtimeNs === m.mtimeNs;
}

/**
 * Whether a copy of `st` made under `opts` would carry `st`'s own owner, permission bits and
 * mtime: only then may the source inode be linked in place of a copy.
 */
export function copyKeepsMeta(st: NodeStat, opts: CopyOptions): boolean {
  return copyWouldMatch(st, st, opts);
}
