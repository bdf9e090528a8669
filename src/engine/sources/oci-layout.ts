// Base images from OCI layouts on disk (`oci-layout://path:tag` contexts). The resolver pins a
// ref to its manifest digest for the frontend; the runner copies the blobs into the content
// store (digests verified) and extracts each layer once, under an id derived from its diffID,
// so images sharing a base share its layers.
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';
import { ContentStore } from '../content/store.js';
import type { Vertex } from '../graph/op.js';
import type { ImageResolver, ImageSourceRef, ResolvedImage } from '../image-resolver.js';
import { OciLayout } from '../oci/layout.js';
import type { Descriptor, Platform } from '../oci/types.js';
import type { OpContext, OpRunner } from '../ops/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { importImageLayers } from './layer-import.js';

export { importedLayerId } from './layer-import.js';

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

export class OciLayoutSourceRunner implements OpRunner {
  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    const { op } = vertex;
    if (op.kind !== 'source' || op.source.type !== 'oci-layout') throw new Error('OciLayoutSourceRunner needs an oci-layout source op');
    const source = op.source;
    const layout = new OciLayout(source.path);
    const store = new ContentStore(ctx.stateDir);
    const { manifest, config } = await layout.resolve(source.ref, source.platform);
    const fetchBlob = async (blob: Descriptor): Promise<void> => {
      await store.write(createReadStream(layout.blobPath(blob.digest)), { digest: blob.digest, size: blob.size });
    };
    const localBlob = (blob: Descriptor): string => layout.blobPath(blob.digest);
    const ids = await importImageLayers(source.path, manifest, config, store, ctx.layers, fetchBlob, localBlob);
    return [{ layers: ids }];
  }
}
