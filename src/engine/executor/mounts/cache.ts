// RUN --mount=type=cache directories: persistent across builds under `$STATE/cache-mounts/`,
// one per cache id. `shared` lets steps use a directory together, `locked` makes them wait for
// each other, `private` gives a step that finds it busy a separate copy (`<dir>.1`, `.2`...).
import { createHash } from 'node:crypto';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Lease } from '../../cache/leases.js';

export interface CacheDir {
  path: string;
  /** True when this call created the directory (a `from=` source then seeds it). */
  created: boolean;
  release(): void;
}

const queues = new Map<string, Promise<void>>();
const privateInUse = new Set<string>();

/** The first private copy of `base` nobody holds, held until `release()`. */
function acquirePrivate(base: string): { path: string; release: () => void } {
  let path = base;
  for (let n = 1; privateInUse.has(path); n++) path = `${base}.${n}`;
  privateInUse.add(path);
  return { path, release: () => privateInUse.delete(path) };
}

/** Waits until no other holder uses `key`, then holds it until `release()`. */
async function acquire(key: string): Promise<() => void> {
  const previous = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const chained = previous.then(() => mine);
  queues.set(key, chained);
  await previous;
  return () => {
    release();
    if (queues.get(key) === chained) queues.delete(key);
  };
}

/** The directory of cache mount `id`, created on first use owned by `uid:gid`. */
export async function cacheMountDir(
  stateDir: string,
  id: string,
  sharing: 'shared' | 'private' | 'locked',
  owner: { uid: number; gid: number } = { uid: 0, gid: 0 },
): Promise<CacheDir> {
  // Ids are free text (often a path): hash them into a safe directory name.
  const name = createHash('sha256').update(id).digest('hex').slice(0, 32);
  const base = join(stateDir, 'cache-mounts', name);
  let path = base;
  let unlock: () => void = () => undefined;
  if (sharing === 'locked') unlock = await acquire(base);
  else if (sharing === 'private') ({ path, release: unlock } = acquirePrivate(base));
  // `bake prune --all` skips a cache dir while a build uses it.
  const lease = new Lease(stateDir);
  lease.add([`cache-mount:${name}`]);
  const release = (): void => {
    lease.release();
    unlock();
  };
  try {
    // mkdir -p names the first directory it made (maybe a parent), undefined when all existed.
    const created = (await mkdir(path, { recursive: true, mode: 0o755 })) !== undefined;
    if (created) await chown(path, owner.uid, owner.gid);
    return { path, created, release };
  } catch (err) {
    release();
    throw err;
  }
}
