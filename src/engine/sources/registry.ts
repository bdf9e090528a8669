// Base images from registries (`FROM host/repo:tag`). The resolver pins a tag to the manifest
// digest for the platform (indexes narrowed to one entry), keeps manifest and config in the
// content store and remembers the pin in the state dir, reused until `--pull`. The runner pulls
// the layers into the layer store through the import shared with OCI layouts.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { ContentStore } from '../content/store.js';
import { writeFileAtomic } from '../fs-atomic.js';
import type { Vertex } from '../graph/op.js';
import type { ImageResolver, ImageSourceRef, ResolvedImage } from '../image-resolver.js';
import { platformMatches } from '../oci/layout.js';
import { MediaType } from '../oci/types.js';
import type { Digest, ImageConfig, ImageIndex, ImageManifest, Platform } from '../oci/types.js';
import type { OpContext, OpRunner } from '../ops/types.js';
import { formatPlatform } from '../platform.js';
import { registryClient } from '../registry/client.js';
import type { RegistryClient } from '../registry/client.js';
import { formatReference, parseReference, withDigest } from '../registry/reference.js';
import type { Reference } from '../registry/reference.js';
import type { Snapshot } from '../snapshot/types.js';
import { importImageLayers } from './layer-import.js';

function isIndexType(mediaType: string): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

/** A manifest by digest: from the store when there, else fetched (verified) and stored. */
async function storedManifest(client: RegistryClient, store: ContentStore, ref: Reference, digest: Digest, what: string): Promise<Buffer> {
  if (store.has(digest)) return store.read(digest);
  const { bytes } = await client.manifest(ref.repository, digest, what);
  await store.write(bytes, { digest });
  return bytes;
}

/** The image manifest digest of `ref` for `platform`, its manifest and config, all stored. */
export async function pullManifest(store: ContentStore, ref: Reference, platform: Platform): Promise<{ digest: Digest; manifest: ImageManifest; config: ImageConfig }> {
  const client = registryClient(ref.registry);
  const what = formatReference(ref);
  // A pinned digest already in the store needs no registry at all (reruns work offline).
  let desc: { mediaType: string; digest: Digest } =
    ref.digest !== undefined && store.has(ref.digest)
      ? { mediaType: '', digest: ref.digest }
      : (await client.manifest(ref.repository, ref.digest ?? ref.tag!, what)).descriptor;
  for (let depth = 0; depth < 4; depth++) {
    const doc = JSON.parse((await storedManifest(client, store, ref, desc.digest, what)).toString('utf8')) as ImageManifest & ImageIndex;
    if (!isIndexType(desc.mediaType) && !doc.manifests) {
      await client.fetchBlob(ref.repository, doc.config, store, what);
      return { digest: desc.digest, manifest: doc, config: await store.readJson<ImageConfig>(doc.config.digest) };
    }
    const pick = doc.manifests
      .filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
      .find((m) => platformMatches(platform, m.platform));
    if (!pick) throw new UserError(`${what}: registry ${ref.registry}: no match for platform ${formatPlatform(platform)} in the manifest list`);
    desc = pick;
  }
  throw new UserError(`${what}: registry ${ref.registry}: image indexes nested too deep`);
}

export class RegistryResolver implements ImageResolver {
  constructor(
    private readonly store: ContentStore,
    /** `--pull`: ask the registry again instead of reusing remembered pins. */
    private readonly pull: boolean,
  ) {}

  private pinPath(ref: Reference, platform: Platform): string {
    const key = createHash('sha256').update(`${formatReference(ref)} ${formatPlatform(platform)}`).digest('hex');
    return join(this.store.root, 'registry', 'pins', `${key}.json`);
  }

  private async remembered(path: string): Promise<Digest | undefined> {
    if (this.pull) return undefined;
    try {
      const { digest } = JSON.parse(await readFile(path, 'utf8')) as { digest: Digest };
      return this.store.has(digest) ? digest : undefined;
    } catch {
      return undefined;
    }
  }

  async resolve(source: ImageSourceRef, platform: Platform): Promise<ResolvedImage> {
    if (source.type !== 'image') throw new Error('RegistryResolver resolves registry images only');
    const ref = parseReference(source.ref);
    const path = this.pinPath(ref, platform);
    const pinned = await this.remembered(path);
    if (!pinned) return this.fresh(ref, platform, path);
    const manifest = await this.store.readJson<ImageManifest>(pinned);
    if (!this.store.has(manifest.config.digest)) return this.fresh(ref, platform, path);
    const config = await this.store.readJson<ImageConfig>(manifest.config.digest);
    return { source: { type: 'image', ref: formatReference(withDigest(ref, pinned)), platform }, manifestDigest: pinned, config };
  }

  private async fresh(ref: Reference, platform: Platform, path: string): Promise<ResolvedImage> {
    const { digest, config } = await pullManifest(this.store, ref, platform);
    await mkdir(join(this.store.root, 'registry', 'pins'), { recursive: true });
    await writeFileAtomic(path, JSON.stringify({ ref: formatReference(ref), platform: formatPlatform(platform), digest }));
    return { source: { type: 'image', ref: formatReference(withDigest(ref, digest)), platform }, manifestDigest: digest, config };
  }
}

/**
 * Dispatches `image` refs to the registry and `oci-layout` refs to the layout reader, once per
 * ref and platform for the request: targets sharing a base image (12 services `FROM` one base)
 * then read its index, manifest and config once, and all see the same pinned digest.
 */
export class SourceResolver implements ImageResolver {
  private readonly resolved = new Map<string, Promise<ResolvedImage>>();

  constructor(
    private readonly registry: ImageResolver,
    private readonly layout: ImageResolver,
  ) {}

  resolve(ref: ImageSourceRef, platform: Platform): Promise<ResolvedImage> {
    const key = JSON.stringify([ref, platform]);
    let result = this.resolved.get(key);
    if (!result) {
      result = ref.type === 'image' ? this.registry.resolve(ref, platform) : this.layout.resolve(ref, platform);
      this.resolved.set(key, result);
      // A failure is not remembered: another caller may ask again.
      result.catch(() => this.resolved.delete(key));
    }
    // Each caller gets its own config to build on.
    return result.then((r) => ({ ...r, config: structuredClone(r.config) }));
  }
}

export class RegistrySourceRunner implements OpRunner {
  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    const { op } = vertex;
    if (op.kind !== 'source' || op.source.type !== 'image') throw new Error('RegistrySourceRunner needs an image source op');
    const ref = parseReference(op.source.ref);
    const store = new ContentStore(ctx.stateDir);
    const { manifest, config } = await pullManifest(store, ref, op.source.platform);
    const client = registryClient(ref.registry);
    const what = formatReference(ref);
    const ids = await importImageLayers(what, manifest, config, store, ctx.layers, (blob) => client.fetchBlob(ref.repository, blob, store, what));
    return [{ layers: ids }];
  }
}
