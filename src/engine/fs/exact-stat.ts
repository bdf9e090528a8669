// The stat record kept per walked node (walk.ts) and per copied source (copy.ts).
import type { BigIntStats } from 'node:fs';
import type { NodeStat } from './copy.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** The fields of an ExactStat. */
export interface ExactFields {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  inode: bigint;
  mtimeNs: bigint;
  /** Unknown (undefined) for a stat recorded in a layer note, which never needs it. */
  ctimeNs?: bigint;
  atimeMs: number;
}

/**
 * A bigint lstat kept small: exact times and the inode as bigints, the rest as numbers, Dates
 * made only when asked. A walk keeps one per entry, and holding 20,000 BigIntStats (four Dates
 * and a dozen bigints each) cost more in garbage collection than the lstat calls themselves.
 */
export class ExactStat implements NodeStat {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly inode: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs?: bigint;
  private readonly atimeMs: number;
  private changeKeyText?: string;

  constructor(f: ExactFields) {
    this.mode = f.mode;
    this.uid = f.uid;
    this.gid = f.gid;
    this.size = f.size;
    this.inode = f.inode;
    this.mtimeNs = f.mtimeNs;
    this.ctimeNs = f.ctimeNs;
    this.atimeMs = f.atimeMs;
  }

  static of(b: BigIntStats): ExactStat {
    const { ino: inode, mtimeNs, ctimeNs } = b;
    return new ExactStat({ mode: Number(b.mode), uid: Number(b.uid), gid: Number(b.gid), size: Number(b.size), inode, mtimeNs, ctimeNs, atimeMs: Number(b.atimeMs) });
  }

  /**
   * What says a node is unchanged since it was last looked at: size, exact mtime and ctime, inode
   * (any write or metadata change moves the ctime). Made once: walks compare it more than once.
   * Without a known ctime it reads `undefined` there and so never equals a recorded one.
   */
  get changeKey(): string {
    return (this.changeKeyText ??= `${this.size} ${this.mtimeNs} ${this.ctimeNs} ${this.inode}`);
  }

  // The Dates BigIntStats would give: whole milliseconds, truncated.
  get atime(): Date {
    return new Date(this.atimeMs);
  }

  get mtime(): Date {
    return new Date(Number(this.mtimeNs / 1_000_000n));
  }

  isDirectory(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }

  isSymbolicLink(): boolean {
    return (this.mode & S_IFMT) === S_IFLNK;
  }

  isFile(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }
}
