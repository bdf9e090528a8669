// `cache-to/cache-from type=registry,ref=REPO:TAG`: the same cache export as type=local (see
// local-cache.ts), its manifest pushed under the tag with its config and layer blobs, and pulled
// back into a temporary layout to import. A cache ref that does not exist yet is skipped.
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentStore } from '../content/store.js';
import type { Descriptor, Digest } from '../oci/types.js';
import { registryClient } from '../registry/client.js';
import { formatReference, parseReference } from '../registry/reference.js';
import type { LayerStore } from '../snapshot/types.js';
import type { CacheStore } from '../solver/cache-store.js';
import { CONFIG_TYPE, blobPath, exportLocalCache, importLocalCache } from './local-cache.js';

interface CacheManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

async function withTempLayout<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bake-cache-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function exportRegistryCache(refText: string, keys: Digest[], cache: CacheStore, layers: LayerStore, store: ContentStore): Promise<void> {
  const ref = parseReference(refText);
  const what = formatReference(ref);
  const client = registryClient(ref.registry);
  await withTempLayout(async (dir) => {
    await exportLocalCache(dir, keys, cache, layers);
    const top = (JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: Descriptor[] }).manifests[0]!;
    const bytes = await readFile(blobPath(dir, top.digest));
    const manifest = JSON.parse(bytes.toString('utf8')) as CacheManifest;
    for (const d of [manifest.config, ...manifest.layers]) {
      await store.write(createReadStream(blobPath(dir, d.digest)), { digest: d.digest, size: d.size });
      await client.pushBlob(ref.repository, d, store, what);
    }
    await client.putManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest', manifest.mediaType, bytes, what);
  });
}

export async function importRegistryCache(refText: string, cache: CacheStore, layers: LayerStore, store: ContentStore): Promise<number> {
  const ref = parseReference(refText);
  const what = formatReference(ref);
  const client = registryClient(ref.registry);
  let fetched;
  try {
    fetched = await client.manifest(ref.repository, ref.digest ?? ref.tag ?? 'latest', what);
  } catch {
    return 0;
  }
  const manifest = JSON.parse(fetched.bytes.toString('utf8')) as CacheManifest;
  if (manifest.config?.mediaType !== CONFIG_TYPE) return 0;
  return withTempLayout(async (dir) => {
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    for (const d of [manifest.config, ...manifest.layers]) {
      if (!store.has(d.digest)) await client.fetchBlob(ref.repository, d, store, what);
      await symlink(store.path(d.digest), blobPath(dir, d.digest));
    }
    await writeFile(blobPath(dir, fetched.descriptor.digest as Digest), fetched.bytes);
    await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [fetched.descriptor] }));
    return importLocalCache(dir, cache, layers);
  });
}
