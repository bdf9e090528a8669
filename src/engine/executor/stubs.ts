// Mount points the runtime creates in the root (`/etc/hosts` in a scratch image, a cache mount
// target) are not part of the step's result: BuildKit removes them after the run when they are
// still empty. Paths are looked up inside the root only.
import { chmod, lstat, mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { resolveInRoot } from '../fs/resolve.js';

/** The in-root paths, outermost first, that `dests` would create in `root`. */
export async function missingStubs(root: string, dests: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const dest of dests) {
    const segs = dest.split('/').filter(Boolean);
    for (let i = 1; i <= segs.length; i++) {
      const p = '/' + segs.slice(0, i).join('/');
      if (out.has(p)) continue;
      if (!(await lstat(await resolveInRoot(root, p)).catch(() => undefined))) out.add(p);
    }
  }
  return [...out];
}

/** Removes the stubs that are still empty, innermost first. */
export async function removeStubs(root: string, stubs: readonly string[]): Promise<void> {
  for (const p of [...stubs].reverse()) {
    const host = await resolveInRoot(root, p, false);
    const st = await lstat(host).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) {
      if ((await readdir(host)).length === 0) await rmdir(host);
    } else if (st.isFile() && st.size === 0) {
      await rm(host);
    }
  }
}

/**
 * Makes the missing mount points of `points` (and the dirs above them) as runc does: dirs and
 * file stubs 0755, root-owned. Left to crun, the dirs would be 1755, a mode that stays in the
 * layer for any dir the step then writes into.
 */
export async function makeMountpoints(root: string, points: readonly { dest: string; file: boolean }[]): Promise<void> {
  for (const { dest, file } of points) {
    const segs = dest.split('/').filter(Boolean);
    for (let i = 1; i <= segs.length; i++) {
      const host = await resolveInRoot(root, '/' + segs.slice(0, i).join('/'));
      if (await lstat(host).catch(() => undefined)) continue;
      if (file && i === segs.length) await writeFile(host, '', { mode: 0o755 });
      else await mkdir(host, { mode: 0o755 });
      await chmod(host, 0o755);
    }
  }
}
