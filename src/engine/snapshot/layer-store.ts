// Layers on disk: `$STATE/layers/<id>/diff/` holds a committed layer in overlay format. A new
// layer is staged under `$STATE/tmp/` (its overlay work dir beside it) and renamed into place on
// commit once flushed to disk (durable-tree.ts): a crash leaves either no layer or a complete one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ActiveLayer, LayerStore, MountedRoot, Snapshot } from './types.js';
import { copyMount } from './copy-mount.js';
import { makeTreeDurable } from './durable-tree.js';
import { mountOverlay, unmount } from './overlay.js';
import { cleanStale } from './stale.js';
import { SyncBatcher } from '../host/sync-batcher.js';

const ID_RE = /^[a-z0-9_.-]{1,80}$/;

function checkId(id: string): void {
  if (!ID_RE.test(id) || id === '.' || id === '..') throw new Error(`invalid layer id "${id}"`);
}

/** A layer listed twice: overlayfs refuses duplicate lowers, and the upper copy decides anyway. */
function topmostOnce(layers: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    if (seen.has(layers[i]!)) continue;
    seen.add(layers[i]!);
    out.push(layers[i]!);
  }
  return out;
}

export class DiskLayerStore implements LayerStore {
  readonly stateDir: string;
  private cleaning?: Promise<void>;
  /** Commits of big layers finishing together share one filesystem sync. */
  private readonly syncs: SyncBatcher;

  constructor(stateDir: string) {
    // Absolute: mounts run with the state dir as cwd, and upper dirs must resolve from there too.
    this.stateDir = resolve(stateDir);
    // `empty` stays empty: overlay needs a lowerdir for scratch, and two for a read-only mount.
    for (const d of ['layers', 'tmp', 'mounts', 'empty']) mkdirSync(join(this.stateDir, d), { recursive: true });
    this.syncs = new SyncBatcher(join(this.stateDir, 'tmp'));
  }

  /** Removes what killed builds left behind, once per store; a failure there must not fail a build. */
  private cleanOnce(): Promise<void> {
    this.cleaning ??= cleanStale(this.stateDir).catch(() => undefined);
    return this.cleaning;
  }

  diffDir(id: string): string {
    checkId(id);
    return join(this.stateDir, 'layers', id, 'diff');
  }

  has(id: string): boolean {
    return existsSync(this.diffDir(id));
  }

  async create(id: string): Promise<ActiveLayer> {
    checkId(id);
    await this.cleanOnce();
    const staging = join(this.stateDir, 'tmp', `layer-${process.pid}-${randomBytes(4).toString('hex')}-${id}`);
    await mkdir(join(staging, 'diff'), { recursive: true, mode: 0o755 });
    await mkdir(join(staging, 'work'));
    const final = dirname(this.diffDir(id));
    return {
      id,
      dir: join(staging, 'diff'),
      commit: async () => {
        await rm(join(staging, 'work'), { recursive: true, force: true });
        await makeTreeDurable(staging, () => this.syncs.flush());
        try {
          await rename(staging, final);
        } catch (err) {
          // Another build committed the same id first: same key, same content; keep theirs.
          if (!existsSync(final)) throw err;
          await rm(staging, { recursive: true, force: true });
        }
      },
      discard: () => rm(staging, { recursive: true, force: true }),
    };
  }

  async mount(snapshot: Snapshot, upper?: ActiveLayer): Promise<MountedRoot> {
    const ids = topmostOnce(snapshot.layers);
    for (const id of ids) if (!this.has(id)) throw new Error(`layer ${id} is missing from the layer store`);
    await this.cleanOnce();
    const target = join(this.stateDir, 'mounts', `${process.pid}-${randomBytes(6).toString('hex')}`);
    await mkdir(target);
    if (!upper && ids.length === 0) return { path: target, unmount: () => rmdir(target) };
    const lowers = ids.map((id) => join('layers', id, 'diff'));
    if (lowers.length < (upper ? 1 : 2)) lowers.push('empty');
    const spec = { lowers, upper: upper && { dir: upper.dir, work: join(dirname(upper.dir), 'work') } };
    try {
      await mountOverlay(spec, target, this.stateDir);
    } catch {
      // No overlayfs here: copying is slower but gives the same root and the same upper dir.
      return copyMount(ids.map((id) => this.diffDir(id)), target, upper);
    }
    return {
      path: target,
      unmount: async () => {
        await unmount(target);
        await rmdir(target);
      },
    };
  }
}
