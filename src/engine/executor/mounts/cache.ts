// RUN --mount=type=cache directories: persistent across builds under `$STATE/cache-mounts/`,
// one per cache id. `locked` (and `private`, which has no separate copies here) lets one step
// at a time use a directory; `shared` lets them run together.
import { createHash } from 'node:crypto';
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheDir {
  path: string;
  /** True when this call created the directory (a `from=` source then seeds it). */
  created: boolean;
  release(): void;
}

const queues = new Map<string, Promise<void>>();

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
  const path = join(stateDir, 'cache-mounts', name);
  const release = sharing === 'shared' ? () => undefined : await acquire(path);
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
