// overlayfs mounts. Layer paths are given relative to the state dir (the mount is made from
// there): the kernel caps mount options at one page, and short relative paths keep deep stacks
// under it.
import { mkdir, rm, symlink } from 'node:fs/promises';
import { release } from 'node:os';
import { join, resolve } from 'node:path';
import { mountFs, unmountFs } from '../host/syscalls.js';

export interface OverlaySpec {
  /** Lower dirs, top first, relative to `cwd`. */
  lowers: string[];
  upper?: { dir: string; work: string };
}

/** Whether a kernel `release` string is Linux 5.10 or newer, where overlayfs has `volatile`. */
export function kernelHasVolatile(kernelRelease: string): boolean {
  const [major = 0, minor = 0] = kernelRelease.split(/[.-]/).map(Number);
  return major > 5 || (major === 5 && minor >= 10);
}

let volatile: boolean | undefined;
function volatileSupported(): boolean {
  return (volatile ??= kernelHasVolatile(release()));
}

export function overlayOptions(spec: OverlaySpec): string {
  const opts = [`lowerdir=${spec.lowers.join(':')}`];
  if (spec.upper) opts.push(`upperdir=${spec.upper.dir}`, `workdir=${spec.upper.work}`);
  // An upper dir must be a plain diff: renamed dirs copied up whole (no redirects), and a chmod
  // copies the data too (no metacopy stubs), so it can be tarred and stacked as a lower later.
  opts.push('redirect_dir=off', 'metacopy=off');
  // Without `volatile` every unmount of a writable overlay syncs the whole upper filesystem
  // (~50-70 ms while other steps write); a layer is synced once, batched, when it is committed.
  if (spec.upper && volatileSupported()) opts.push('volatile');
  return opts.join(',');
}

/** Mount data is capped at one page (4096 bytes); stay clear of it. */
const MAX_OPTIONS = 3500;

export async function mountOverlay(spec: OverlaySpec, target: string, cwd: string): Promise<void> {
  if (overlayOptions(spec).length <= MAX_OPTIONS) {
    await mountFs('overlay', 'overlay', target, overlayOptions(spec), cwd);
    return;
  }
  // Deep stacks: name each lower by a numbered symlink, resolved by the kernel at mount time.
  const links = `${target}.lowers`;
  await mkdir(links);
  try {
    const lowers = spec.lowers.map((_, i) => String(i));
    await Promise.all(spec.lowers.map((l, i) => symlink(resolve(cwd, l), join(links, lowers[i]!))));
    await mountFs('overlay', 'overlay', target, overlayOptions({ ...spec, lowers }), links);
  } finally {
    await rm(links, { recursive: true, force: true });
  }
}

export async function unmount(target: string): Promise<void> {
  try {
    await unmountFs(target);
  } catch {
    // Busy (a process still holds it): detach now, the kernel frees it when the last user goes.
    await unmountFs(target, true);
  }
}
