// Turns "a copied root before and after a step" into an overlay-format upper dir: changed and
// new paths are copied up with their parents, deleted ones become whiteouts. Used only by the
// copy fallback (copy-mount.ts); with overlayfs the kernel writes the upper dir itself.
import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { chmod, lchown, lstat, lutimes, mkdir, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeWhiteouts } from '../layer/whiteout.js';

const run = promisify(execFile);

async function statOrNull(path: string): Promise<Stats | null> {
  return lstat(path).catch(() => null);
}

async function sameEntry(a: Stats, b: Stats, pa: string, pb: string): Promise<boolean> {
  const kind = (s: Stats): number => s.mode & 0o170000;
  if (kind(a) !== kind(b) || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return false;
  if (a.isDirectory()) return a.mtimeMs === b.mtimeMs;
  if (a.isSymbolicLink()) return (await readlink(pa)) === (await readlink(pb));
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.rdev === b.rdev;
}

async function copyMeta(st: Stats, path: string): Promise<void> {
  await lchown(path, st.uid, st.gid);
  await chmod(path, st.mode & 0o7777);
  await lutimes(path, st.atime, st.mtime);
}

class DiffWriter {
  private readonly dirs = new Map<string, Stats>();
  private readonly whiteouts: string[] = [];

  constructor(
    private readonly base: string,
    private readonly merged: string,
    private readonly upper: string,
  ) {}

  /** Creates `rel`'s directory chain in the upper dir with the merged root's metadata. */
  private async ensureDir(rel: string): Promise<void> {
    if (rel === '' || this.dirs.has(rel)) return;
    await this.ensureDir(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
    const st = await lstat(join(this.merged, rel));
    await mkdir(join(this.upper, rel));
    this.dirs.set(rel, st);
  }

  async walk(rel: string): Promise<void> {
    const names = await readdir(join(this.merged, rel));
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const now = await lstat(join(this.merged, r));
      const before = await statOrNull(join(this.base, r));
      const same = before !== null && (await sameEntry(before, now, join(this.base, r), join(this.merged, r)));
      if (now.isDirectory()) {
        if (!same) await this.ensureDir(r);
        await this.walk(r);
      } else if (!same) {
        await this.ensureDir(rel);
        await run('cp', ['-a', '--', join(this.merged, r), join(this.upper, r)]);
      }
    }
    for (const name of await readdir(join(this.base, rel)).catch(() => [])) {
      const r = rel ? `${rel}/${name}` : name;
      if ((await statOrNull(join(this.merged, r))) !== null) continue;
      await this.ensureDir(rel);
      this.whiteouts.push(join(this.upper, r));
    }
  }

  async finish(): Promise<void> {
    await makeWhiteouts(this.whiteouts);
    const deepestFirst = [...this.dirs.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [rel, st] of deepestFirst) await copyMeta(st, join(this.upper, rel));
  }
}

export async function writeDiff(base: string, merged: string, upper: string): Promise<void> {
  const w = new DiffWriter(base, merged, upper);
  await w.walk('');
  await w.finish();
}
