// The stat record kept per walked node (walk.ts) and per copied source (copy.ts).
import type { BigIntStats } from 'node:fs';
import type { NodeStat } from './copy.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

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
  readonly ctimeNs: bigint;
  private readonly atimeMs: number;

  constructor(b: BigIntStats) {
    this.mode = Number(b.mode);
    this.uid = Number(b.uid);
    this.gid = Number(b.gid);
    this.size = Number(b.size);
    this.inode = b.ino;
    this.mtimeNs = b.mtimeNs;
    this.ctimeNs = b.ctimeNs;
    this.atimeMs = Number(b.atimeMs);
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
