// Base images from OCI layouts on disk (`oci-layout://path:tag` contexts). The resolver pins a
// ref to its manifest digest for the frontend; the runner copies the blobs into the content
// store (digests verified) and extracts each layer once, under an id derived from its diffID,
// so images sharing a base share its layers.
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';
import { ContentStore, digestHex } from '../content/store.js';
import type { Vertex } from '../graph/op.js';
import type { ImageResolver, ImageSourceRef, ResolvedImage } from '../image-resolver.js';
import { recordImportedLayer } from '../layer/diff.js';
import { extractTar } from '../layer/extract.js';
import { OciLayout } from '../oci/layout.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, Digest, Platform } from '../oci/types.js';
import type { OpContext, OpRunner } from '../ops/types.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';

/** The layer store id of an image layer: its diffID, which names its content. */
export function importedLayerId(diffId: Digest): string {
  return `sha256-${digestHex(diffId)}`;
}

export class OciLayoutResolver implements ImageResolver {
  constructor(private readonly store: ContentStore) {}

  async resolve(ref: ImageSourceRef, platform: Platform): Promise<ResolvedImage> {
    if (ref.type === 'image') throw new UserError(`registry images are not supported yet: ${ref.ref}`);
    const layout = new OciLayout(ref.path);
    const resolved = await layout.resolve(ref.ref, platform);
    // Keep the manifest and config: exporters and later runs read them from the store.
    await this.store.write(await layout.readBlob(resolved.digest), { digest: resolved.digest });
    await this.store.write(await layout.readBlob(resolved.manifest.config.digest), { digest: resolved.manifest.config.digest });
    return {
      source: { type: 'oci-layout', path: ref.path, ref: resolved.digest, platform },
      manifestDigest: resolved.digest,
      config: resolved.config,
    };
  }
}

/** Docker media types become their OCI equivalents when the layer is exported again. */
function ociLayerType(mediaType: string): string {
  return mediaType === MediaType.dockerLayerGzip ? MediaType.ociLayerGzip : mediaType;
}

async function importLayer(layout: OciLayout, store: ContentStore, layers: LayerStore, blob: Descriptor, diffId: Digest): Promise<string> {
  const id = importedLayerId(diffId);
  if (layers.has(id)) return id;
  if (!store.has(blob.digest)) {
    await store.write(createReadStream(layout.blobPath(blob.digest)), { digest: blob.digest, size: blob.size });
  }
  const active = await layers.create(id);
  try {
    await extractTar(createReadStream(store.path(blob.digest)), active.dir, { format: 'overlay', verifyDigest: diffId });
    await active.commit();
  } catch (err) {
    await active.discard();
    throw err;
  }
  await recordImportedLayer(layers, id, { diffId, blob: { mediaType: ociLayerType(blob.mediaType), digest: blob.digest, size: blob.size } });
  return id;
}

export class OciLayoutSourceRunner implements OpRunner {
  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    const { op } = vertex;
    if (op.kind !== 'source' || op.source.type !== 'oci-layout') throw new Error('OciLayoutSourceRunner needs an oci-layout source op');
    const source = op.source;
    const layout = new OciLayout(source.path);
    const store = new ContentStore(ctx.stateDir);
    const { manifest, config } = await layout.resolve(source.ref, source.platform);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw new UserError(`${source.path}: image has ${manifest.layers.length} layers but ${diffIds.length} diff_ids`);
    }
    const ids: string[] = [];
    for (const [i, blob] of manifest.layers.entries()) ids.push(await importLayer(layout, store, ctx.layers, blob, diffIds[i]!));
    return [{ layers: ids }];
  }
}
