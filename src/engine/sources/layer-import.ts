// Turning an image's layer blobs into layer-store layers, shared by every image source (OCI
// layouts, registries): each layer is extracted once under an id derived from its diffID, so
// images sharing a base share its layers, and the blob it came from is recorded for re-export.
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';
import { digestHex } from '../content/store.js';
import type { ContentStore } from '../content/store.js';
import { recordImportedLayer } from '../layer/diff.js';
import { extractTar } from '../layer/extract.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, Digest, ImageConfig, ImageManifest } from '../oci/types.js';
import type { LayerStore } from '../snapshot/types.js';

/** The layer store id of an image layer: its diffID, which names its content. */
export function importedLayerId(diffId: Digest): string {
  return `sha256-${digestHex(diffId)}`;
}

/** Docker media types become their OCI equivalents when the layer is exported again. */
function ociLayerType(mediaType: string): string {
  return mediaType === MediaType.dockerLayerGzip ? MediaType.ociLayerGzip : mediaType;
}

/** Puts a blob into the content store (verified); called only for layers not yet extracted. */
export type BlobFetcher = (blob: Descriptor) => Promise<void>;

/**
 * Where a blob can be read locally before the store has it (an OCI layout on disk): the layer is
 * then extracted from there while the store copies it, instead of after.
 */
export type LocalBlobPath = (blob: Descriptor) => string;

async function importLayer(
  store: ContentStore,
  layers: LayerStore,
  blob: Descriptor,
  diffId: Digest,
  fetchBlob: BlobFetcher,
  localBlob?: LocalBlobPath,
): Promise<string> {
  const id = importedLayerId(diffId);
  if (layers.has(id)) return id;
  const overlap = localBlob !== undefined && !store.has(blob.digest);
  if (!overlap && !store.has(blob.digest)) await fetchBlob(blob);
  const active = await layers.create(id);
  try {
    // The diffID check verifies what is extracted; the store verifies the blob's own digest.
    const source = overlap ? localBlob(blob) : store.path(blob.digest);
    const extraction = extractTar(createReadStream(source), active.dir, { format: 'overlay', verifyDigest: diffId });
    // Both settle before a failure discards the layer dir the extraction writes into.
    const settled = await Promise.allSettled([extraction, overlap ? fetchBlob(blob) : undefined]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await active.commit();
  } catch (err) {
    await active.discard();
    throw err;
  }
  await recordImportedLayer(layers, id, { diffId, blob: { mediaType: ociLayerType(blob.mediaType), digest: blob.digest, size: blob.size } });
  return id;
}

/**
 * The layer ids of an image, bottom first. Missing blobs are fetched up front (the fetcher may
 * run them in parallel), or with a local path while their layer is extracted; extraction is
 * sequential so each layer lands in the store whole.
 */
export async function importImageLayers(
  name: string,
  manifest: ImageManifest,
  config: ImageConfig,
  store: ContentStore,
  layers: LayerStore,
  fetchBlob: BlobFetcher,
  localBlob?: LocalBlobPath,
): Promise<string[]> {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new UserError(`${name}: image has ${manifest.layers.length} layers but ${diffIds.length} diff_ids`);
  }
  if (!localBlob) {
    await Promise.all(
      manifest.layers.map((blob, i) => (layers.has(importedLayerId(diffIds[i]!)) || store.has(blob.digest) ? undefined : fetchBlob(blob))),
    );
  }
  const ids: string[] = [];
  for (const [i, blob] of manifest.layers.entries()) ids.push(await importLayer(store, layers, blob, diffIds[i]!, fetchBlob, localBlob));
  return ids;
}
