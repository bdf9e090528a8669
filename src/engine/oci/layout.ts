// Reading an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
// `index.json` names images by the `org.opencontainers.image.ref.name` annotation; a ref is a
// tag or a `sha256:` digest; an index (OCI or Docker manifest list) is narrowed to one platform.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { digestHex } from '../content/store.js';
import { formatPlatform, normalizePlatform } from '../platform.js';
import { MediaType } from './types.js';
import type { Descriptor, Digest, ImageConfig, ImageIndex, ImageManifest, Platform } from './types.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

export interface ResolvedManifest {
  digest: Digest;
  manifest: ImageManifest;
  config: ImageConfig;
}

function isIndex(mediaType: string | undefined, doc: object): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList || 'manifests' in doc;
}

/** Same platform after containerd's normalisation; a missing variant matches any. */
export function platformMatches(want: Platform, have: Platform | undefined): boolean {
  if (!have) return false;
  const w = normalizePlatform(want);
  const h = normalizePlatform(have);
  if (w.os !== h.os || w.architecture !== h.architecture) return false;
  return w.variant === undefined || w.variant === h.variant;
}

export class OciLayout {
  constructor(readonly dir: string) {}

  blobPath(d: Digest): string {
    return join(this.dir, 'blobs', 'sha256', digestHex(d));
  }

  /** A blob's bytes, checked against its digest (a layout is untrusted input). */
  async readBlob(d: Digest): Promise<Buffer> {
    let data: Buffer;
    try {
      data = await readFile(this.blobPath(d));
    } catch (err) {
      throw new UserError(`${this.dir}: blob ${d} not found`, { cause: err });
    }
    const got = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    if (got !== d) throw new UserError(`${this.dir}: blob ${d} is corrupt (its content hashes to ${got})`);
    return data;
  }

  async readJson<T>(d: Digest): Promise<T> {
    return JSON.parse((await this.readBlob(d)).toString('utf8')) as T;
  }

  async index(): Promise<ImageIndex> {
    try {
      return JSON.parse(await readFile(join(this.dir, 'index.json'), 'utf8')) as ImageIndex;
    } catch (err) {
      throw new UserError(`${this.dir} is not an OCI layout: cannot read index.json`, { cause: err });
    }
  }

  /** The index.json entry for a tag or a digest. */
  async find(ref: string): Promise<Descriptor> {
    const { manifests } = await this.index();
    if (ref.startsWith('sha256:')) {
      const hit = manifests.find((m) => m.digest === ref);
      if (hit) return hit;
      const doc = await this.readJson<{ mediaType?: string }>(ref);
      return { mediaType: doc.mediaType ?? MediaType.ociManifest, digest: ref, size: 0 };
    }
    const hit = manifests.find(
      (m) => m.annotations?.[REF_NAME] === ref || m.annotations?.[CONTAINERD_NAME]?.endsWith(`:${ref}`),
    );
    if (hit) return hit;
    // An untagged single-image layout: `path` alone means that image.
    if (ref === 'latest' && manifests.length === 1 && !manifests[0]!.annotations?.[REF_NAME]) return manifests[0]!;
    throw new UserError(`${this.dir}: no image tagged "${ref}" in the OCI layout`);
  }

  /** The image manifest and config `ref` names for `platform`. */
  async resolve(ref: string, platform: Platform): Promise<ResolvedManifest> {
    let desc = await this.find(ref);
    for (let depth = 0; depth < 4; depth++) {
      const doc = await this.readJson<ImageManifest | ImageIndex>(desc.digest);
      if (!isIndex(desc.mediaType ?? doc.mediaType, doc)) {
        const manifest = doc as ImageManifest;
        const config = await this.readJson<ImageConfig>(manifest.config.digest);
        return { digest: desc.digest, manifest, config };
      }
      const candidates = (doc as ImageIndex).manifests.filter(
        (m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
      );
      const pick = candidates.find((m) => platformMatches(platform, m.platform));
      if (!pick) throw new UserError(`${this.dir}:${ref}: no match for platform ${formatPlatform(platform)} in the image index`);
      desc = pick;
    }
    throw new UserError(`${this.dir}:${ref}: image indexes nested too deep`);
  }
}
