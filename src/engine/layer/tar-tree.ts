// Packs a directory as a reproducible tar: entries sorted by name, numeric uid/gid only, no
// atime/ctime, mtimes clamped to SOURCE_DATE_EPOCH when given, hard links kept as links. For a
// layer, overlay whiteouts become OCI `.wh.<name>` entries and opaque dirs `.wh..wh..opq`.
// Each directory is listed, stat'ed and read synchronously (a promise per file would cost a
// thread-pool round trip each); the walk yields to the event loop between directories and
// whenever a 1 MiB chunk of output is ready. A name the listing says is a regular file is
// opened first and fstat'ed through its descriptor: one path lookup per file instead of two.
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { encodeRaw, hasEscapes, readdirExact, readlinkExact, type ExactDirent } from './raw-names.js';
import type { TarHeader } from './tar-header.js';
import { TarWriter } from './tar-writer.js';
import { OPAQUE_MARKER, WHITEOUT_PREFIX, isWhiteoutStat, opaqueAmong } from './whiteout.js';

export interface PackOptions {
  /** A layer dir (overlay whiteouts translated) rather than a plain root filesystem. */
  layer: boolean;
  sourceDateEpoch?: number;
  /** Prepended to every entry name (`linux_amd64/` for multi-platform tars). */
  prefix?: string;
  /** Grows by the allocated bytes of every path walked, root included (what `du` counts). */
  usage?: { bytes: number };
}

interface Frame {
  rel: string;
  entries: ExactDirent[];
  next: number;
  /** Some path below holds a name that is not UTF-8: fs calls take its exact bytes. */
  raw: boolean;
}

// Non-blocking so that a FIFO swapped in after the listing cannot hang the open.
const OPEN_FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** An open regular file and its fstat, or undefined when it is not one (any more). */
function openRegular(path: string | Buffer): { fd: number; st: Stats } | undefined {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FILE);
  } catch {
    return undefined;
  }
  const st = fstatSync(fd);
  if (st.isFile()) return { fd, st };
  closeSync(fd);
  return undefined;
}

function major(rdev: number): number {
  return ((rdev >> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
}

class TreePacker {
  private readonly links = new Map<string, string>();
  /** Directories being listed, innermost last. */
  private readonly stack: Frame[] = [];
  private readonly base: string;
  private readonly prefix: string;

  constructor(
    root: string,
    private readonly out: TarWriter,
    private readonly opts: PackOptions,
    private readonly opaque: Set<string>,
  ) {
    this.base = join(root, '/');
    this.prefix = opts.prefix ?? '';
  }

  async *run(): AsyncGenerator<Buffer> {
    if (this.opts.usage) this.opts.usage.bytes += lstatSync(this.base).blocks * 512;
    const { stack } = this;
    stack.push(this.list(''));
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const entry = frame.entries[frame.next++];
      if (entry === undefined) {
        stack.pop();
        continue;
      }
      const { name } = entry;
      const rel = frame.rel ? `${frame.rel}/${name}` : name;
      const path = this.base + rel;
      const at = frame.raw ? encodeRaw(path) : path;
      const open = entry.isFile() ? openRegular(at) : undefined;
      if (open) {
        try {
          if (this.opts.usage) this.opts.usage.bytes += open.st.blocks * 512;
          if (this.leaf(rel, open.st)) yield* this.file(rel, open.fd, path, open.st);
        } finally {
          closeSync(open.fd);
        }
      } else {
        yield* this.other(frame, name, rel, path, lstatSync(at));
      }
      if (this.out.pending) yield* this.out.take();
    }
  }

  /** Any entry but an already open regular file. */
  private async *other(frame: Frame, name: string, rel: string, path: string, st: Stats): AsyncGenerator<Buffer> {
    if (this.opts.usage) this.opts.usage.bytes += st.blocks * 512;
    if (this.opts.layer && isWhiteoutStat(st)) {
      this.out.header(this.header(`${frame.rel ? `${frame.rel}/` : ''}${WHITEOUT_PREFIX}${name}`, st, { mode: 0, uid: 0, gid: 0 }));
    } else if (st.isDirectory()) {
      this.out.header(this.header(`${rel}/`, st, { type: 'directory' }));
      if (this.opaque.has(path)) this.out.header(this.header(`${rel}/${OPAQUE_MARKER}`, st, { mode: 0, uid: 0, gid: 0 }));
      this.stack.push(this.list(rel));
      await nextTurn();
    } else if (this.leaf(rel, st)) {
      const fd = openSync(frame.raw ? encodeRaw(path) : path, 'r');
      try {
        yield* this.file(rel, fd, path, st);
      } finally {
        closeSync(fd);
      }
    }
  }

  private list(rel: string): Frame {
    const entries = readdirExact(this.base + rel).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { rel, entries, next: 0, raw: hasEscapes(rel) || entries.some((e) => hasEscapes(e.name)) };
  }

  private header(name: string, st: Stats, extra: Partial<TarHeader>): TarHeader {
    let mtime = Math.floor(st.mtimeMs / 1000);
    if (this.opts.sourceDateEpoch !== undefined) mtime = Math.min(mtime, this.opts.sourceDateEpoch);
    return { name: this.prefix + name, type: 'file', size: 0, mode: st.mode & 0o7777, mtime, uid: st.uid, gid: st.gid, ...extra };
  }


  /** Writes a non-directory entry's header; true for a regular file whose body must follow. */
  private leaf(rel: string, st: Stats): boolean {
    const key = `${st.dev}:${st.ino}`;
    const first = st.nlink > 1 ? this.links.get(key) : undefined;
    if (first !== undefined) {
      this.out.header(this.header(rel, st, { type: 'link', linkname: this.prefix + first }));
      return false;
    }
    if (st.nlink > 1) this.links.set(key, rel);
    if (st.isFile()) return true;
    const dev = { devmajor: major(st.rdev), devminor: minor(st.rdev) };
    if (st.isSymbolicLink()) this.out.header(this.header(rel, st, { type: 'symlink', linkname: readlinkExact(this.base + rel) }));
    else if (st.isFIFO()) this.out.header(this.header(rel, st, { type: 'fifo' }));
    else if (st.isCharacterDevice()) this.out.header(this.header(rel, st, { type: 'character-device', ...dev }));
    else if (st.isBlockDevice()) this.out.header(this.header(rel, st, { type: 'block-device', ...dev }));
    // Sockets have no tar representation; they are skipped, as BuildKit does.
    return false;
  }

  private *file(rel: string, fd: number, path: string, st: Stats): Generator<Buffer> {
    this.out.header(this.header(rel, st, { size: st.size }));
    yield* this.out.body(fd, st.size, path);
  }
}

/** Every directory below `dir` (absolute paths): a readdir per directory, no stat per file. */
function subdirs(dir: string, out: string[] = []): string[] {
  // Names kept exact: both xattr readers (the host helper, getfattr) take a name's bytes.
  for (const e of readdirExact(dir)) {
    if (!e.isDirectory()) continue;
    const path = join(dir, e.name);
    out.push(path);
    subdirs(path, out);
  }
  return out;
}

/** Absolute paths of the opaque dirs of a layer; only dirs below the root can be opaque entries. */
async function opaqueDirs(dir: string, opts: PackOptions): Promise<Set<string>> {
  if (!opts.layer) return new Set();
  const dirs = subdirs(dir);
  return dirs.length === 0 ? new Set() : opaqueAmong(dirs);
}

/** Appends the entries of `dir` to `out` (several trees can share one tar), yielding full chunks. */
export async function* packDirInto(out: TarWriter, dir: string, opts: PackOptions): AsyncGenerator<Buffer> {
  const packer = new TreePacker(dir, out, opts, await opaqueDirs(dir, opts));
  yield* packer.run();
}

/** The tar bytes of `dir`, in chunks of about 1 MiB. */
export async function* packTree(dir: string, opts: PackOptions): AsyncGenerator<Buffer> {
  const out = new TarWriter();
  yield* packDirInto(out, dir, opts);
  yield* out.finish();
}
