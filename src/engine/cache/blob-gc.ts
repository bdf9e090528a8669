// Garbage collection of the content store (`$STATE/blobs/sha256/`). A blob stays while something
// can still need it: an image in the local image store (its index, manifests, config and layers),
// a layer that exists (the blob it was imported from or exported as, in its layer.json), or a
// remembered registry pin (the manifest and config a rerun resolves offline). Everything else is
// removed; while builds run, blobs written in the last minutes are spared, since a running
// export may have written them before recording the image.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { layerIds } from './records.js';

const FRESH_MS = 10 * 60 * 1000;

interface Referencing {
  digest?: string;
  config?: { digest: string };
  layers?: { digest: string }[];
  manifests?: { digest: string }[];
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function blobPath(stateDir: string, digest: string): string {
  return join(stateDir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
}

/** Marks `digest` and, for an index or manifest, everything it points at. */
function markTree(stateDir: string, digest: string, keep: Set<string>): void {
  if (keep.has(digest)) return;
  keep.add(digest);
  const doc = readJson<Referencing>(blobPath(stateDir, digest));
  if (!doc || typeof doc !== 'object') return;
  for (const d of [doc.config, ...(doc.layers ?? []), ...(doc.manifests ?? [])]) {
    if (d && typeof d.digest === 'string') markTree(stateDir, d.digest, keep);
  }
}

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Every digest something in the state dir still refers to. */
function referenced(stateDir: string): Set<string> {
  const keep = new Set<string>();
  for (const file of listJson(join(stateDir, 'images'))) {
    const record = readJson<{ descriptor?: { digest?: string } }>(file);
    if (record?.descriptor?.digest) markTree(stateDir, record.descriptor.digest, keep);
  }
  for (const id of layerIds(stateDir)) {
    const info = readJson<{ imported?: { blob: { digest: string } }; built?: Record<string, { blob: { digest: string } }> }>(
      join(stateDir, 'layers', id, 'layer.json'),
    );
    if (info?.imported) keep.add(info.imported.blob.digest);
    for (const b of Object.values(info?.built ?? {})) keep.add(b.blob.digest);
  }
  for (const file of listJson(join(stateDir, 'registry', 'pins'))) {
    const digest = readJson<{ digest?: string }>(file)?.digest;
    if (typeof digest === 'string') markTree(stateDir, digest, keep);
  }
  return keep;
}

/**
 * Removes unreferenced blobs older than `minAgeMs` (prune's `until`); while builds run, fresh ones
 * are spared whatever the filter. Returns the bytes freed.
 */
export function collectBlobs(stateDir: string, buildsRunning: boolean, minAgeMs = 0): number {
  const dir = join(stateDir, 'blobs', 'sha256');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const keep = referenced(stateDir);
  let freed = 0;
  for (const name of names) {
    if (keep.has(`sha256:${name}`)) continue;
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    // Date.now() is whole milliseconds and mtimeMs is not: a blob written this millisecond has
    // a negative age, which no filter (0 = none) must read as "too young".
    const age = st ? Date.now() - st.mtimeMs : 0;
    if (!st || (minAgeMs > 0 && age < minAgeMs) || (buildsRunning && age < FRESH_MS)) continue;
    freed += st.blocks * 512;
    rmSync(path, { force: true });
  }
  return freed;
}
