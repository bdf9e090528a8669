// `imagetools create`: combines the manifests of several sources into one index pushed under new
// tags, as buildx does; one index source (or, with --prefer-index=false, one manifest) is tagged
// as is, keeping its digest.
import { ContentStore } from '../content/store.js';
import { sha256 } from '../graph/digest.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest, Platform } from '../oci/types.js';
import { pushImage } from '../exporters/registry-push.js';
import { registryClient } from './client.js';
import type { FetchedManifest } from './client.js';
import { filterPlatforms } from './create-platforms.js';
import { annotateDescriptors, parseSource, resolveSources } from './create-sources.js';
import type { Annotations, SourceSpec } from './create-sources.js';
import { formatReference, parseReference, repoName } from './reference.js';
import type { Reference } from './reference.js';

export function isIndex(desc: Descriptor): boolean {
  return desc.mediaType === MediaType.ociIndex || desc.mediaType === MediaType.dockerManifestList;
}

interface Source {
  ref: Reference;
  fetched: FetchedManifest;
  /** An index's entries, or the one manifest the source is. */
  manifests: Descriptor[];
}

/** The platform of a single manifest, read from its config. */
async function configPlatform(ref: Reference, manifest: ImageManifest, store: ContentStore): Promise<Platform> {
  await registryClient(ref.registry).fetchBlob(ref.repository, manifest.config, store, formatReference(ref));
  const config = await store.readJson<ImageConfig>(manifest.config.digest);
  return { os: config.os, architecture: config.architecture, ...(config.variant !== undefined && { variant: config.variant }) };
}

/**
 * The manifests a source contributes: an index's entries, or one manifest with its platform (from
 * the source descriptor when -f gave one, else from its config) and the descriptor's annotations.
 */
async function sourceManifests(ref: Reference, spec: SourceSpec, store: ContentStore): Promise<Source> {
  const what = formatReference(ref);
  const fetched = await registryClient(ref.registry).manifest(ref.repository, ref.digest ?? ref.tag!, what);
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex & ImageManifest;
  if (isIndex(fetched.descriptor) || doc.manifests) return { ref, fetched, manifests: doc.manifests };
  const platform = spec.desc?.platform ?? (await configPlatform(ref, doc, store));
  const annotations = spec.desc?.annotations;
  return { ref, fetched, manifests: [{ ...fetched.descriptor, ...(annotations && { annotations }), platform }] };
}

/** Copies the manifests of a source that `keep` selects, and their blobs, into the store. */
async function pullSource(src: Source, keep: Set<string>, store: ContentStore): Promise<Descriptor[]> {
  const client = registryClient(src.ref.registry);
  const what = formatReference(src.ref);
  const blobs: Descriptor[] = [];
  for (const m of src.manifests.filter((d) => keep.has(d.digest))) {
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

/** One entry per digest, as buildx combines: a repeated manifest merges its annotations in. */
function dedupe(manifests: Descriptor[]): Descriptor[] {
  const byDigest = new Map<string, Descriptor>();
  for (const m of manifests) {
    const seen = byDigest.get(m.digest);
    byDigest.set(m.digest, seen ? { ...seen, ...((seen.annotations || m.annotations) && { annotations: { ...seen.annotations, ...m.annotations } }) } : m);
  }
  return [...byDigest.values()];
}

export interface CreateOptions {
  sources: SourceSpec[];
  tags: string[];
  /** Builds the image without pushing it. */
  dryRun?: boolean;
  /** --append: the first tag's current manifests come first. */
  append?: boolean;
  annotations?: Annotations;
  /** --platform: the platforms kept (normalised, as parsePlatformFilter gives them); all when empty. */
  platforms?: string[];
  /** --prefer-index=false: one manifest source is tagged as is instead of wrapped in an index. */
  preferIndex?: boolean;
  stateDir: string;
}

/** The image created: its bytes (an index, or a source's manifest or index as is) and descriptor. */
export interface CreateResult {
  bytes: Buffer;
  descriptor: Descriptor;
  /** The manifests the image lists (the source manifest itself when tagged as is). */
  manifests: Descriptor[];
}

function buildIndex(manifests: Descriptor[], ann: Annotations): CreateResult {
  const annotated = Object.keys(ann.index).length > 0 || ann.descriptors.length > 0;
  // Docker manifest lists carry no annotations: any annotation makes the result an OCI index.
  const allDocker = !annotated && manifests.every((m) => m.mediaType === MediaType.dockerManifest);
  const index: ImageIndex = { schemaVersion: 2, mediaType: allDocker ? MediaType.dockerManifestList : MediaType.ociIndex, manifests: annotateDescriptors(manifests, ann) };
  if (Object.keys(ann.index).length > 0) index.annotations = ann.index;
  const bytes = Buffer.from(JSON.stringify(index, null, 2));
  return { bytes, descriptor: { mediaType: index.mediaType!, digest: sha256(bytes), size: bytes.length }, manifests };
}

/**
 * buildx's Combine: a single source without annotations is kept byte for byte when it is an index
 * (unless --platform filters it) or when --prefer-index=false; anything else becomes a new index.
 */
function combine(resolved: Source[], opts: CreateOptions, ann: Annotations): CreateResult {
  const platforms = opts.platforms ?? [];
  const manifests = filterPlatforms(dedupe(resolved.flatMap((s) => s.manifests)), platforms);
  const only = resolved.length === 1 && Object.keys(ann.index).length === 0 && ann.descriptors.length === 0 ? resolved[0] : undefined;
  if (only && (isIndex(only.fetched.descriptor) ? platforms.length === 0 : opts.preferIndex === false)) {
    const { mediaType, digest, size } = only.fetched.descriptor;
    return { bytes: only.fetched.bytes, descriptor: { mediaType, digest, size }, manifests };
  }
  return buildIndex(manifests, ann);
}

/** `imagetools create`: builds the image and, unless a dry run, pushes it under every tag. */
export async function imagetoolsCreate(opts: CreateOptions): Promise<CreateResult> {
  const store = new ContentStore(opts.stateDir);
  const specs: SourceSpec[] = opts.append && opts.tags[0] ? [{ ref: parseReference(opts.tags[0]) }, ...opts.sources] : opts.sources;
  const refs = resolveSources(specs, opts.tags);
  const resolved: Source[] = [];
  for (const [i, ref] of refs.entries()) resolved.push(await sourceManifests(ref, specs[i]!, store));
  const result = combine(resolved, opts, opts.annotations ?? { index: {}, descriptors: [] });
  if (opts.dryRun || opts.tags.length === 0) return result;
  await store.write(result.bytes, { digest: result.descriptor.digest });
  const targets = new Set(opts.tags.map((t) => repoName(parseReference(t))));
  // Only a source living elsewhere needs its content copied into the target repositories.
  const foreign = resolved.filter((s) => [...targets].some((t) => t !== repoName(s.ref)));
  const keep = new Set(result.manifests.map((m) => m.digest));
  const blobs = new Map<string, Descriptor>();
  for (const s of foreign) for (const b of await pullSource(s, keep, store)) blobs.set(b.digest, b);
  // A manifest tagged as is is the root itself, not a child to push first.
  const children = result.manifests.filter((m) => m.digest !== result.descriptor.digest && foreign.some((s) => s.manifests.some((d) => d.digest === m.digest)));
  await pushImage({ root: result.descriptor, manifests: children, blobs: [...blobs.values()] }, opts.tags, store);
  return result;
}

/** buildx's `--metadata-file` of `imagetools create`: the pushed image's descriptor and its names. */
export function createMetadata(result: CreateResult, tags: string[]): Record<string, unknown> {
  const names = [...new Set(tags.map((t) => repoName(parseReference(t))))];
  return { 'containerimage.descriptor': result.descriptor, 'image.name': names.join(',') };
}

/** Combines `sources` (references, digests or descriptor JSON) under `tags` (none: not pushed). */
export function createIndex(sources: string[], tags: string[], stateDir: string): Promise<CreateResult> {
  return imagetoolsCreate({ sources: sources.map(parseSource), tags, stateDir });
}
