// `push=true`: an exported image goes to the registry of each of its names. Blobs first (each
// checked, mounted from a repository of the same registry pushed earlier in this run, else
// uploaded), then the platform manifests by digest, then the root under every tag.
import type { ContentStore } from '../content/store.js';
import type { Descriptor } from '../oci/types.js';
import { registryClient } from '../registry/client.js';
import { formatReference, parseReference } from '../registry/reference.js';
import type { Reference } from '../registry/reference.js';
import type { ImageResult } from './image-writer.js';

/** One image (a manifest or index) and the blobs and child manifests it needs. */
export interface PushContent {
  root: Descriptor;
  /** Child manifests of an index, pushed by digest before the root. */
  manifests: Descriptor[];
  /** Configs and layers. */
  blobs: Descriptor[];
}

export function pushContent(image: ImageResult): PushContent {
  const manifests = image.images.length > 1 ? image.images.map((i) => i.manifest) : [];
  const blobs = new Map<string, Descriptor>();
  for (const img of image.images) for (const d of [img.config, ...img.layers]) blobs.set(d.digest, d);
  return { root: image.root, manifests, blobs: [...blobs.values()] };
}

/** Pushes to one repository; `mountFrom` names a repository of the same registry holding the blobs. */
async function pushRepository(ref: Reference, tags: string[], content: PushContent, store: ContentStore, mountFrom?: string): Promise<void> {
  const client = registryClient(ref.registry);
  // Errors name the image as the user tagged it.
  const what = formatReference({ registry: ref.registry, repository: ref.repository, ...(tags[0]?.startsWith('sha256:') ? { digest: tags[0] } : { tag: tags[0] }) });
  await Promise.all(content.blobs.map((b) => client.pushBlob(ref.repository, b, store, what, mountFrom)));
  for (const m of content.manifests) await client.putManifest(ref.repository, m.digest, m.mediaType, await store.read(m.digest), what);
  const root = await store.read(content.root.digest);
  for (const tag of tags) await client.putManifest(ref.repository, tag, content.root.mediaType, root, formatReference({ ...ref, tag, digest: undefined }));
}

/** Pushes `content` under every name; names of one repository share one blob upload. */
export async function pushImage(content: PushContent, names: string[], store: ContentStore): Promise<void> {
  const repos = new Map<string, { ref: Reference; tags: string[] }>();
  for (const name of names) {
    const ref = parseReference(name);
    const key = `${ref.registry}/${ref.repository}`;
    const entry = repos.get(key) ?? { ref, tags: [] };
    // A name pinned by digest alone is pushed under its digest.
    const tag = ref.tag ?? content.root.digest;
    if (!entry.tags.includes(tag)) entry.tags.push(tag);
    repos.set(key, entry);
  }
  const pushedIn = new Map<string, string>();
  for (const { ref, tags } of repos.values()) {
    await pushRepository(ref, tags, content, store, pushedIn.get(ref.registry));
    pushedIn.set(ref.registry, ref.repository);
  }
}
