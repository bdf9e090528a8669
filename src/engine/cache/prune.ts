// Garbage collection of the build cache: removes cache records (oldest use first, honouring
// `until` and `keepStorage`), then every layer no remaining record names, then the blobs nothing
// refers to any more (blob-gc.ts), then — with `all` — the cache mount directories. Names leased by a running build are never touched, and the GC
// lock is held throughout so a build leasing meanwhile waits (see leases.ts).
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireGcLock, isLeased, leasedNames } from './leases.js';
import { collectBlobs } from './blob-gc.js';
import type { RecordInfo } from './records.js';
import { layerIds, listRecords, treeSize } from './records.js';

export interface PruneOptions {
  /** Also remove cache mount directories. */
  all?: boolean;
  /** Only records last used longer ago than this many milliseconds. */
  untilMs?: number;
  /** Stop once the cache takes at most this many bytes. */
  keepStorage?: number;
}

export interface PruneResult {
  removed: RecordInfo[];
  /** Bytes freed on disk (layers and cache mounts). */
  freed: number;
}

/** Total bytes the cache takes: every layer plus the cache mount dirs. */
export function cacheUsage(stateDir: string): number {
  return layerIds(stateDir).reduce((n, id) => n + treeSize(join(stateDir, 'layers', id)), 0) + treeSize(join(stateDir, 'cache-mounts'));
}

function pickRecords(stateDir: string, opts: PruneOptions, leased: Set<string>): RecordInfo[] {
  const now = Date.now();
  const candidates = listRecords(stateDir)
    .filter((r) => !leased.has(r.id) && !r.layers.some((l) => isLeased(leased, l)))
    .filter((r) => opts.untilMs === undefined || now - r.lastUsed.getTime() > opts.untilMs)
    .sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime());
  if (opts.keepStorage === undefined) return candidates;
  let usage = cacheUsage(stateDir);
  const picked: RecordInfo[] = [];
  for (const r of candidates) {
    if (usage <= opts.keepStorage) break;
    picked.push(r);
    usage -= r.size;
  }
  return picked;
}

/** While a build runs, an image layer it just extracted has no record yet (nor a lease by id). */
const FRESH_MS = 10 * 60 * 1000;

function fresh(dir: string): boolean {
  const st = statSync(dir, { throwIfNoEntry: false });
  return st !== undefined && Date.now() - st.mtimeMs < FRESH_MS;
}

/** Layers no record names and nobody leases. */
function collectLayers(stateDir: string, leased: Set<string>): number {
  const named = new Set(listRecords(stateDir).flatMap((r) => r.layers));
  const buildsRunning = leased.size > 0;
  let freed = 0;
  for (const id of layerIds(stateDir)) {
    if (named.has(id) || isLeased(leased, id)) continue;
    const dir = join(stateDir, 'layers', id);
    if (buildsRunning && fresh(dir)) continue;
    freed += treeSize(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  return freed;
}

function collectCacheMounts(stateDir: string, leased: Set<string>): number {
  const dir = join(stateDir, 'cache-mounts');
  let freed = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (leased.has(`cache-mount:${name.split('.')[0]}`)) continue;
    freed += treeSize(join(dir, name));
    rmSync(join(dir, name), { recursive: true, force: true });
  }
  return freed;
}

export async function prune(stateDir: string, opts: PruneOptions = {}): Promise<PruneResult> {
  const release = await acquireGcLock(stateDir);
  try {
    const leased = leasedNames(stateDir);
    const removed = pickRecords(stateDir, opts, leased);
    for (const r of removed) rmSync(r.file, { force: true });
    let freed = collectLayers(stateDir, leased);
    // --keep-storage measures layers and cache mounts only, so it leaves blobs alone.
    if (opts.keepStorage === undefined) freed += collectBlobs(stateDir, leased.size > 0, opts.untilMs);
    if (opts.all) freed += collectCacheMounts(stateDir, leased);
    return { removed, freed };
  } finally {
    release();
  }
}

/** Measuring walks every layer file: after builds it is done at most this often. */
const CHECK_EVERY_MS = 10 * 60 * 1000;

/** After a build: collects the oldest records while the cache is over `limit` bytes. */
export async function autoCollect(stateDir: string, limit: number): Promise<void> {
  const stamp = join(stateDir, 'gc-checked');
  const last = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (Date.now() - last < CHECK_EVERY_MS) return;
  writeFileSync(stamp, '');
  if (cacheUsage(stateDir) <= limit) return;
  await prune(stateDir, { keepStorage: limit });
}
