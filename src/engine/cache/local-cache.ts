// `cache-to type=local,dest=DIR[,mode=min|max]` and `cache-from type=local,src=DIR`: the cache
// records of a build and their layers as an OCI layout. The manifest's config blob maps each
// cache key to its outputs (layer ids) and each layer id to a layer blob: the tar of the
// layer's directory (overlay diff with its xattrs, plus layer.json). Importing extracts the
// layers a state dir lacks and writes the records, so the build finds every step cached.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../errors.js';
import type { Digest } from '../oci/types.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';
import type { CacheStore } from '../solver/cache-store.js';

const run = promisify(execFile);
export const CONFIG_TYPE = 'application/vnd.bake.cache.config.v1+json';
const LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar';
const TAR_XATTRS = ['--xattrs', '--xattrs-include=trusted.*', '--xattrs-include=user.*', '--numeric-owner'];

interface CacheConfig {
  records: Record<string, Snapshot[]>;
  layers: Record<string, Digest>;
}

interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
}

async function sha256File(path: string): Promise<Digest> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

export function blobPath(dir: string, d: Digest): string {
  // Digests come from files a user hands us: never let one name a path outside blobs/.
  if (!/^sha256:[0-9a-f]{64}$/.test(d)) throw new UserError(`cache: invalid digest ${JSON.stringify(d)}`);
  return join(dir, 'blobs', 'sha256', d.slice('sha256:'.length));
}

async function writeBlob(dir: string, data: string, mediaType: string): Promise<Descriptor> {
  const digest: Digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  await writeFile(blobPath(dir, digest), data);
  return { mediaType, digest, size: Buffer.byteLength(data) };
}

/** Tars one layer dir into the layout (once per content), returns its blob digest. */
async function exportLayer(dir: string, layers: LayerStore, id: string): Promise<Descriptor> {
  const tmp = join(dir, 'blobs', `tmp-${process.pid}-${id}`);
  await run('tar', [...TAR_XATTRS, '-C', dirname(layers.diffDir(id)), '-cf', tmp, '.']);
  const digest = await sha256File(tmp);
  await rename(tmp, blobPath(dir, digest));
  return { mediaType: LAYER_TYPE, digest, size: (await stat(blobPath(dir, digest))).size };
}

/** Writes the records of `keys` (those the state dir still has) and their layers to `dest`. */
export async function exportLocalCache(dest: string, keys: Digest[], cache: CacheStore, layers: LayerStore): Promise<void> {
  await mkdir(join(dest, 'blobs', 'sha256'), { recursive: true });
  const config: CacheConfig = { records: {}, layers: {} };
  const layerDescs: Descriptor[] = [];
  for (const key of new Set(keys)) {
    const outputs = cache.get(key);
    if (!outputs) continue;
    config.records[key] = outputs;
    for (const id of outputs.flatMap((s) => s.layers)) {
      if (config.layers[id]) continue;
      const desc = await exportLayer(dest, layers, id);
      config.layers[id] = desc.digest;
      layerDescs.push(desc);
    }
  }
  const configDesc = await writeBlob(dest, JSON.stringify(config), CONFIG_TYPE);
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDesc, layers: layerDescs };
  const manifestDesc = await writeBlob(dest, JSON.stringify(manifest), manifest.mediaType);
  await writeFile(join(dest, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dest, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [manifestDesc] }));
}

async function readConfig(src: string): Promise<CacheConfig> {
  const index = JSON.parse(await readFile(join(src, 'index.json'), 'utf8')) as { manifests?: Descriptor[] };
  const top = index.manifests?.[0];
  if (!top) throw new UserError(`cache-from ${src}: index.json lists no manifest`);
  const manifest = JSON.parse(await readFile(blobPath(src, top.digest), 'utf8')) as { config?: Descriptor };
  if (manifest.config?.mediaType !== CONFIG_TYPE) throw new UserError(`cache-from ${src}: not a bake cache export`);
  return JSON.parse(await readFile(blobPath(src, manifest.config.digest), 'utf8')) as CacheConfig;
}

async function importLayer(src: string, layers: LayerStore, id: string, blob: Digest): Promise<void> {
  if (layers.has(id)) return;
  const active = await layers.create(id);
  try {
    // The staging dir holds diff/ (and work/, removed on commit): the tar restores diff/ and layer.json.
    const staging = dirname(active.dir);
    await rm(active.dir, { recursive: true, force: true });
    await run('tar', [...TAR_XATTRS, '-p', '-C', staging, '-xf', blobPath(src, blob)]);
    if (!existsSync(active.dir)) throw new Error(`cache layer ${id} has no diff directory`);
    await active.commit();
  } catch (err) {
    await active.discard();
    throw err;
  }
}

/** Imports the records of a cache export at `src` whose layers all come along. A missing dir is skipped, as buildx does. */
export async function importLocalCache(src: string, cache: CacheStore, layers: LayerStore): Promise<number> {
  if (!existsSync(join(src, 'index.json'))) return 0;
  const config = await readConfig(src);
  let imported = 0;
  for (const [key, outputs] of Object.entries(config.records)) {
    if (cache.get(key as Digest)) continue;
    const ids = outputs.flatMap((s) => s.layers);
    if (!ids.every((id) => config.layers[id])) continue;
    for (const id of ids) await importLayer(src, layers, id, config.layers[id]!);
    await cache.put(key as Digest, outputs);
    imported++;
  }
  return imported;
}
