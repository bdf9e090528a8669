// Mount points the runtime creates in the root (`/etc/hosts` in a scratch image, a cache mount
// target) are not part of the step's result: BuildKit removes them after the run when they are
// still empty. Paths are looked up inside the root only.
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
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
