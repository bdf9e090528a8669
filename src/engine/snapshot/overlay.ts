// overlayfs mounts through `mount(8)`. Layer paths are given relative to the state dir (the
// command runs there): the kernel caps mount options at one page, and short relative paths
// keep deep stacks under it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OverlaySpec {
  /** Lower dirs, top first, relative to `cwd`. */
  lowers: string[];
  upper?: { dir: string; work: string };
}

export function overlayOptions(spec: OverlaySpec): string {
  const opts = [`lowerdir=${spec.lowers.join(':')}`];
  if (spec.upper) opts.push(`upperdir=${spec.upper.dir}`, `workdir=${spec.upper.work}`);
  // Renamed directories are copied up whole, so an upper dir is a plain diff without redirects.
  opts.push('redirect_dir=off');
  return opts.join(',');
}

export async function mountOverlay(spec: OverlaySpec, target: string, cwd: string): Promise<void> {
  await run('mount', ['-t', 'overlay', 'overlay', '-o', overlayOptions(spec), target], { cwd });
}

export async function unmount(target: string): Promise<void> {
  try {
    await run('umount', [target]);
  } catch {
    // Busy (a process still holds it): detach now, the kernel frees it when the last user goes.
    await run('umount', ['-l', target]);
  }
}
