// BuildKit attestations of an image index, for `inspect --format '{{json .Provenance}}'` and
// `.SBOM`: each platform's attestation manifest (`vnd.docker.reference.type` =
// attestation-manifest, pointing at the image by `vnd.docker.reference.digest`) holds in-toto
// statements as layers, typed by their `in-toto.io/predicate-type` annotation.
import type { Descriptor, ImageIndex, ImageManifest } from '../oci/types.js';
import { formatPlatform } from '../platform.js';
import type { RegistryClient } from './client.js';
import type { Reference } from './reference.js';
import { formatReference } from './reference.js';

export interface Attestations {
  /** Platform → the SLSA provenance predicate. */
  provenance: Map<string, unknown>;
  /** Platform → the SPDX document predicate. */
  sbom: Map<string, unknown>;
}

const PREDICATE = 'in-toto.io/predicate-type';
const SPDX = 'https://spdx.dev/Document';

function attestationOf(index: ImageIndex, image: Descriptor): Descriptor | undefined {
  return index.manifests.find(
    (m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' && m.annotations['vnd.docker.reference.digest'] === image.digest,
  );
}

async function predicate(client: RegistryClient, ref: Reference, layer: Descriptor): Promise<unknown> {
  const statement = JSON.parse((await client.smallBlob(ref.repository, layer, formatReference(ref))).toString('utf8')) as { predicate?: unknown };
  return statement.predicate ?? null;
}

/** Reads the provenance and SBOM statements of every platform of `index` that has them. */
export async function loadAttestations(client: RegistryClient, ref: Reference, index: ImageIndex): Promise<Attestations> {
  const out: Attestations = { provenance: new Map(), sbom: new Map() };
  const images = index.manifests.filter((m) => m.platform && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  await Promise.all(
    images.map(async (image) => {
      const att = attestationOf(index, image);
      if (!att) return;
      const platform = formatPlatform(image.platform!);
      const manifest = JSON.parse((await client.manifest(ref.repository, att.digest, formatReference(ref))).bytes.toString('utf8')) as ImageManifest;
      for (const layer of manifest.layers) {
        const type = layer.annotations?.[PREDICATE] ?? '';
        if (type.startsWith('https://slsa.dev/provenance/')) out.provenance.set(platform, await predicate(client, ref, layer));
        else if (type === SPDX && !out.sbom.has(platform)) out.sbom.set(platform, await predicate(client, ref, layer));
      }
    }),
  );
  return out;
}
