// The engine side of `bake imagetools`: inspecting a remote image (raw bytes or buildx's summary)
// and combining manifests of several sources into one index pushed under new tags.
import { ContentStore } from '../content/store.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest } from '../oci/types.js';
import { formatPlatform } from '../platform.js';
import { pushImage } from '../exporters/registry-push.js';
import { registryClient } from './client.js';
import type { FetchedManifest } from './client.js';
import { formatReference, parseReference, repoName } from './reference.js';
import type { Reference } from './reference.js';

export async function fetchRoot(text: string): Promise<{ ref: Reference; fetched: FetchedManifest }> {
  const ref = parseReference(text);
  const fetched = await registryClient(ref.registry).manifest(ref.repository, ref.digest ?? ref.tag!, formatReference(ref));
  return { ref, fetched };
}

function isIndex(desc: Descriptor): boolean {
  return desc.mediaType === MediaType.ociIndex || desc.mediaType === MediaType.dockerManifestList;
}

/** buildx's default `imagetools inspect` text: name, media type, digest and, for an index, each manifest. */
export function formatInspect(ref: Reference, fetched: FetchedManifest): string {
  const name = formatReference({ ...ref, digest: undefined });
  const lines = [`Name:      ${name}`, `MediaType: ${fetched.descriptor.mediaType}`, `Digest:    ${fetched.descriptor.digest}`];
  if (isIndex(fetched.descriptor)) {
    const index = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
    lines.push('', 'Manifests:');
    const blocks = index.manifests.map((m) => {
      const block = [`  Name:        ${repoName(ref)}@${m.digest}`, `  MediaType:   ${m.mediaType}`];
      if (m.platform) block.push(`  Platform:    ${formatPlatform(m.platform)}`);
      return block.join('\n');
    });
    lines.push(blocks.join('\n\n'));
  }
  return `${lines.join('\n')}\n`;
}

interface Source {
  ref: Reference;
  manifests: Descriptor[];
}

/** The manifests a source contributes: an index's entries, or one manifest with its config's platform. */
async function sourceManifests(text: string, store: ContentStore): Promise<Source> {
  const { ref, fetched } = await fetchRoot(text);
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex & ImageManifest;
  if (isIndex(fetched.descriptor) || doc.manifests) return { ref, manifests: doc.manifests };
  const client = registryClient(ref.registry);
  await client.fetchBlob(ref.repository, doc.config, store, formatReference(ref));
  const config = await store.readJson<ImageConfig>(doc.config.digest);
  const platform = { os: config.os, architecture: config.architecture, ...(config.variant !== undefined && { variant: config.variant }) };
  return { ref, manifests: [{ ...fetched.descriptor, platform }] };
}

/** Copies a source's manifests and blobs into the store, so they can be pushed elsewhere. */
async function pullSource(src: Source, store: ContentStore): Promise<Descriptor[]> {
  const client = registryClient(src.ref.registry);
  const what = formatReference(src.ref);
  const blobs: Descriptor[] = [];
  for (const m of src.manifests) {
    const { bytes } = await client.manifest(src.ref.repository, m.digest, what);
    await store.write(bytes, { digest: m.digest });
    const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
    for (const b of [manifest.config, ...manifest.layers]) {
      await client.fetchBlob(src.ref.repository, b, store, what);
      blobs.push(b);
    }
  }
  return blobs;
}

/** Builds the combined index; with `tags`, pushes it (and whatever the target repositories lack). */
export async function createIndex(sources: string[], tags: string[], stateDir: string): Promise<{ index: ImageIndex; bytes: Buffer }> {
  const store = new ContentStore(stateDir);
  const resolved: Source[] = [];
  for (const s of sources) resolved.push(await sourceManifests(s, store));
  const manifests = resolved.flatMap((s) => s.manifests);
  const allDocker = manifests.every((m) => m.mediaType === MediaType.dockerManifest);
  const index: ImageIndex = { schemaVersion: 2, mediaType: allDocker ? MediaType.dockerManifestList : MediaType.ociIndex, manifests };
  const bytes = Buffer.from(JSON.stringify(index, null, 2));
  if (tags.length === 0) return { index, bytes };
  const root = await store.write(bytes);
  const targets = new Set(tags.map((t) => repoName(parseReference(t))));
  // Only a source living elsewhere needs its content copied into the target repositories.
  const foreign = resolved.filter((s) => [...targets].some((t) => t !== repoName(s.ref)));
  const blobs = new Map<string, Descriptor>();
  for (const s of foreign) for (const b of await pullSource(s, store)) blobs.set(b.digest, b);
  const children = foreign.flatMap((s) => s.manifests);
  await pushImage({ root: { mediaType: index.mediaType!, digest: root.digest, size: root.size }, manifests: children, blobs: [...blobs.values()] }, tags, store);
  return { index, bytes };
}
