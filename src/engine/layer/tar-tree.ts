// Packs a directory as a reproducible tar: entries sorted by name, numeric uid/gid only, no
// atime/ctime, mtimes clamped to SOURCE_DATE_EPOCH when given, hard links kept as links. For a
// layer, overlay whiteouts become OCI `.wh.<name>` entries and opaque dirs `.wh..wh..opq`.
import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import type { Header, Pack } from 'tar-stream';
import { OPAQUE_MARKER, WHITEOUT_PREFIX, isWhiteoutStat, readOpaqueDirs } from './whiteout.js';

export interface PackOptions {
  /** A layer dir (overlay whiteouts translated) rather than a plain root filesystem. */
  layer: boolean;
  sourceDateEpoch?: number;
  /** Prepended to every entry name (`linux_amd64/` for multi-platform tars). */
  prefix?: string;
}

const EMPTY = Buffer.alloc(0);

async function hasSubdir(dir: string): Promise<boolean> {
  return (await readdir(dir, { withFileTypes: true })).some((e) => e.isDirectory());
}

function major(rdev: number): number {
  return ((rdev >> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
}

class TreePacker {
  private readonly links = new Map<string, string>();
  private opaque = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly out: Pack,
    private readonly opts: PackOptions,
  ) {}

  private header(name: string, st: Stats, extra: Partial<Header>): Header {
    let mtime = Math.floor(st.mtimeMs / 1000);
    if (this.opts.sourceDateEpoch !== undefined) mtime = Math.min(mtime, this.opts.sourceDateEpoch);
    return {
      name: (this.opts.prefix ?? '') + name,
      size: 0,
      mode: st.mode & 0o7777,
      mtime: new Date(mtime * 1000),
      type: 'file',
      linkname: '',
      uid: st.uid,
      gid: st.gid,
      uname: '',
      gname: '',
      devmajor: 0,
      devminor: 0,
      ...extra,
    };
  }

  private add(header: Header, body?: Readable): Promise<void> {
    if (!body) return new Promise((resolve, reject) => this.out.entry(header, EMPTY, (err) => (err ? reject(err) : resolve())));
    return pipeline(body, this.out.entry(header));
  }

  async run(): Promise<void> {
    // Only directories below the root are ever opaque entries: without one, skip the getfattr walk.
    if (this.opts.layer && (await hasSubdir(this.root))) this.opaque = await readOpaqueDirs(this.root);
    await this.walk('');
  }

  private async walk(rel: string): Promise<void> {
    const names = (await readdir(join(this.root, rel))).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const path = join(this.root, r);
      const st = await lstat(path);
      if (this.opts.layer && isWhiteoutStat(st)) {
        const wh = rel ? `${rel}/${WHITEOUT_PREFIX}${name}` : `${WHITEOUT_PREFIX}${name}`;
        await this.add(this.header(wh, st, { mode: 0, uid: 0, gid: 0 }));
      } else if (st.isDirectory()) {
        await this.add(this.header(`${r}/`, st, { type: 'directory' }));
        if (this.opaque.has(path)) await this.add(this.header(`${r}/${OPAQUE_MARKER}`, st, { mode: 0, uid: 0, gid: 0 }));
        await this.walk(r);
      } else {
        await this.leaf(r, path, st);
      }
    }
  }

  private async leaf(r: string, path: string, st: Stats): Promise<void> {
    const key = `${st.dev}:${st.ino}`;
    const first = st.nlink > 1 ? this.links.get(key) : undefined;
    if (first !== undefined) return this.add(this.header(r, st, { type: 'link', linkname: (this.opts.prefix ?? '') + first }));
    if (st.nlink > 1) this.links.set(key, r);
    if (st.isFile()) return this.add(this.header(r, st, { size: st.size }), createReadStream(path));
    if (st.isSymbolicLink()) return this.add(this.header(r, st, { type: 'symlink', linkname: await readlink(path) }));
    if (st.isFIFO()) return this.add(this.header(r, st, { type: 'fifo' }));
    const dev = { devmajor: major(st.rdev), devminor: minor(st.rdev) };
    if (st.isCharacterDevice()) return this.add(this.header(r, st, { type: 'character-device', ...dev }));
    if (st.isBlockDevice()) return this.add(this.header(r, st, { type: 'block-device', ...dev }));
    // Sockets have no tar representation; they are skipped, as BuildKit does.
  }
}

/** Appends the entries of `dir` to `out` (several trees can share one tar). */
export function packDirInto(out: Pack, dir: string, opts: PackOptions): Promise<void> {
  return new TreePacker(dir, out, opts).run();
}

/** The tar bytes of `dir`; read errors surface as errors of the returned stream. */
export function packTree(dir: string, opts: PackOptions): Readable {
  const out = pack();
  packDirInto(out, dir, opts).then(
    () => out.finalize(),
    (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out as unknown as Readable;
}
