// A committed layer as an image layer: the reproducible tar of its dir (tar-tree.ts), gzipped
// into the content store. The result is cached in the layer's `layer.json`, so a layer shared
// by many images is compressed once; layers imported from an image keep their original blob.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TransformOptions } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ZlibOptions } from 'node:zlib';
import { recordDiffUsage } from '../cache/records.js';
import type { ContentStore } from '../content/store.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, Digest } from '../oci/types.js';
import type { LayerStore } from '../snapshot/types.js';
import { packTree } from './tar-tree.js';
import { CHUNK } from './tar-writer.js';

/** Tar chunks are 1 MiB: room for several lets the walk run ahead while zlib compresses on the
 *  thread pool (zlib streams take Transform options; their typings omit them). */
const GZIP_OPTIONS: ZlibOptions & Pick<TransformOptions, 'writableHighWaterMark'> = {
  writableHighWaterMark: 8 * CHUNK,
  chunkSize: 256 * 1024,
};

export interface LayerExport {
  diffId: Digest;
  blob: Descriptor;
}

/** `layer.json`: the blob a layer came from (if pulled), and the blobs built per SOURCE_DATE_EPOCH. */
interface LayerInfo {
  imported?: LayerExport;
  built?: Record<string, LayerExport>;
}

function infoPath(layers: LayerStore, id: string): string {
  return join(dirname(layers.diffDir(id)), 'layer.json');
}

async function readInfo(layers: LayerStore, id: string): Promise<LayerInfo> {
  try {
    return JSON.parse(await readFile(infoPath(layers, id), 'utf8')) as LayerInfo;
  } catch {
    return {};
  }
}

async function updateInfo(layers: LayerStore, id: string, change: (info: LayerInfo) => void): Promise<void> {
  const info = await readInfo(layers, id);
  change(info);
  await writeFileAtomic(infoPath(layers, id), JSON.stringify(info));
}

/** Records the blob a layer was extracted from, so exporting it reuses that exact blob. */
export function recordImportedLayer(layers: LayerStore, id: string, exported: LayerExport): Promise<void> {
  return updateInfo(layers, id, (info) => {
    info.imported = exported;
  });
}

/** The diffID and the gzip blob (in `store`) of layer `id`. */
export async function layerBlob(
  store: ContentStore,
  layers: LayerStore,
  id: string,
  opts?: { sourceDateEpoch?: number },
): Promise<LayerExport> {
  const key = opts?.sourceDateEpoch === undefined ? 'default' : `epoch-${opts.sourceDateEpoch}`;
  const info = await readInfo(layers, id);
  const cached = info.imported ?? info.built?.[key];
  if (cached && store.has(cached.blob.digest)) return cached;

  const diffHash = createHash('sha256');
  async function* hashed(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      diffHash.update(chunk);
      yield chunk;
    }
  }
  const usage = { bytes: 0 };
  const tar = packTree(layers.diffDir(id), { layer: true, sourceDateEpoch: opts?.sourceDateEpoch, usage });
  const ref = await pipeline(hashed(tar), createGzip(GZIP_OPTIONS), (gz: AsyncIterable<Buffer>) => store.write(gz));
  // The walk has stat'ed the whole (immutable) layer: `du` and cache collection need not again.
  recordDiffUsage(dirname(layers.diffDir(id)), usage.bytes);
  const result: LayerExport = {
    diffId: `sha256:${diffHash.digest('hex')}`,
    blob: { mediaType: MediaType.ociLayerGzip, digest: ref.digest, size: ref.size },
  };
  await updateInfo(layers, id, (i) => {
    i.built = { ...i.built, [key]: result };
  });
  return result;
}
