// The fallback where overlayfs cannot be mounted (unprivileged containers, exotic filesystems):
// the layers are copied into a plain directory, applying whiteouts as they go. A writable root
// keeps a second copy as its base, and on unmount the difference is written into the upper dir
// in overlay format, so callers cannot tell the two paths apart.
import { execFile } from 'node:child_process';
import { readdir, lstat, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ActiveLayer, MountedRoot } from './types.js';
import { isWhiteoutStat, readOpaqueDirs } from '../layer/whiteout.js';
import { decodeRaw, fsPath } from '../layer/raw-names.js';
import { writeDiff } from './copy-diff.js';

const run = promisify(execFile);

/** Relative paths of the whiteout devices in a layer dir. */
async function whiteoutsIn(layer: string): Promise<string[]> {
  const entries = await readdir(layer, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isCharacterDevice()) continue;
    const path = join(e.parentPath, e.name);
    if (isWhiteoutStat(await lstat(path))) out.push(path.slice(layer.length + 1));
  }
  return out;
}

async function applyLayer(layer: string, target: string): Promise<void> {
  for (const dir of await readOpaqueDirs(layer)) {
    const inTarget = join(target, dir.slice(layer.length));
    // The dir and its entries by their exact bytes: names need not be UTF-8 (raw-names.ts).
    const names = await readdir(fsPath(inTarget), { encoding: 'buffer' }).catch(() => []);
    for (const name of names) await rm(fsPath(join(inTarget, decodeRaw(name))), { recursive: true, force: true });
  }
  const whiteouts = await whiteoutsIn(layer);
  for (const w of whiteouts) await rm(join(target, w), { recursive: true, force: true });
  await run('cp', ['-a', '--', `${layer}/.`, `${target}/`]);
  for (const w of whiteouts) await rm(join(target, w), { force: true });
}

/** Copies layers (top first) into `target`; with `upper`, changes go into it on unmount. */
export async function copyMount(diffDirs: string[], target: string, upper?: ActiveLayer): Promise<MountedRoot> {
  const bottomUp = [...diffDirs].reverse();
  for (const layer of bottomUp) await applyLayer(layer, target);
  if (!upper) return { path: target, unmount: () => rm(target, { recursive: true, force: true }) };
  const base = `${target}.base`;
  await mkdir(base);
  await run('cp', ['-a', '--', `${target}/.`, `${base}/`]);
  return {
    path: target,
    unmount: async () => {
      await writeDiff(base, target, upper.dir);
      await rm(target, { recursive: true, force: true });
      await rm(base, { recursive: true, force: true });
    },
  };
}
