// Leftovers of builds that were killed (kill -9, power loss): staging dirs and temp blobs in
// `$STATE/tmp/`, mount points in `$STATE/mounts/`. Their names start with the owning process id,
// so a later run removes exactly those whose process is gone, never a concurrent build's.
import { readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { unmountFs } from '../host/syscalls.js';

const OWNER_RE = /^(?:layer-|blob-)?(\d+)-/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names in `dir` owned by a process that no longer exists. */
async function orphans(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  return names.filter((n) => {
    const m = OWNER_RE.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  });
}

function mountPoints(): Set<string> {
  const lines = readFileSync('/proc/mounts', 'utf8').split('\n');
  return new Set(lines.map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' ')));
}

export async function cleanStale(stateDir: string): Promise<void> {
  const mounts = join(stateDir, 'mounts');
  const mounted = mountPoints();
  for (const name of await orphans(mounts)) {
    const path = join(mounts, name);
    // Detach first: removing files through a live overlay would write whiteouts, not free space.
    if (mounted.has(path)) await unmountFs(path, true);
    await rm(path, { recursive: true, force: true });
  }
  const tmp = join(stateDir, 'tmp');
  for (const name of await orphans(tmp)) await rm(join(tmp, name), { recursive: true, force: true });
}
