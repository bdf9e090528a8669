// The engine side of `bake imagetools`: inspecting a remote image (raw bytes or buildx's summary)
// and combining manifests of several sources into one index pushed under new tags.
import { UserError } from '../../errors.js';
import { ContentStore } from '../content/store.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest, Platform } from '../oci/types.js';
import { formatPlatform } from '../platform.js';
import { pushImage } from '../exporters/registry-push.js';
import { registryClient } from './client.js';
import type { FetchedManifest } from './client.js';
import { loadAttestations } from './attestations.js';
import { annotateDescriptors, parseSource, resolveSources } from './create-sources.js';
import type { Annotations, SourceSpec } from './create-sources.js';
import { executeTemplate } from './gotemplate/exec.js';
import { TemplateError, parseTemplate } from './gotemplate/parse.js';
import { descriptorValue, indexValue, inspectValue } from './inspect-values.js';
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

/** The image config of each platform (attestation manifests skipped), keyed as `linux/arm64`. */
async function imageConfigs(ref: Reference, fetched: FetchedManifest): Promise<Map<string, ImageConfig>> {
  const client = registryClient(ref.registry);
  const what = formatReference(ref);
  const configOf = async (manifest: ImageManifest): Promise<ImageConfig> =>
    JSON.parse((await client.smallBlob(ref.repository, manifest.config, what)).toString('utf8')) as ImageConfig;
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex & ImageManifest;
  if (!isIndex(fetched.descriptor)) {
    const config = await configOf(doc);
    return new Map([[formatPlatform(config), config]]);
  }
  const children = doc.manifests.filter((m) => m.platform && m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
  const configs = await Promise.all(
    children.map(async (m) => configOf(JSON.parse((await client.manifest(ref.repository, m.digest, what)).bytes.toString('utf8')) as ImageManifest)),
  );
  return new Map(children.map((m, i) => [formatPlatform(m.platform!), configs[i]!]));
}

function templateError(err: unknown): never {
  if (err instanceof TemplateError) throw new UserError(`--format: template: ${err.message}`, { cause: err });
  throw err;
}

/**
 * `inspect --format TEMPLATE`, as buildx: `{{.Manifest}}` (the default) is the text summary; other
 * templates see `.Name` (as typed), `.Manifest` and `.Image` (a map by platform for several).
 */
export async function formatTemplate(name: string, ref: Reference, fetched: FetchedManifest, format: string): Promise<string> {
  if (format.trim() === '' || /^\{\{-?\s*\.Manifest\s*-?\}\}$/.test(format.trim())) return formatInspect(ref, fetched);
  try {
    parseTemplate(format);
  } catch (err) {
    templateError(err);
  }
  const images = await imageConfigs(ref, fetched);
  const doc = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
  const index = isIndex(fetched.descriptor);
  const manifest = index ? indexValue(doc, fetched.descriptor) : descriptorValue(fetched.descriptor);
  // Attestations cost a fetch per platform: read only for templates that ask for them.
  const att = index && /\.(Provenance|SBOM)\b/.test(format) ? await loadAttestations(registryClient(ref.registry), ref, doc) : undefined;
  let out = '';
  try {
    out = executeTemplate(format, inspectValue(name, manifest, images, att));
  } catch (err) {
    templateError(err);
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

interface Source {
  ref: Reference;
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
  if (isIndex(fetched.descriptor) || doc.manifests) return { ref, manifests: doc.manifests };
  const platform = spec.desc?.platform ?? (await configPlatform(ref, doc, store));
  const annotations = spec.desc?.annotations;
  return { ref, manifests: [{ ...fetched.descriptor, ...(annotations && { annotations }), platform }] };
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
  /** Builds the index without pushing it. */
  dryRun?: boolean;
  /** --append: the first tag's current manifests come first. */
  append?: boolean;
  annotations?: Annotations;
  stateDir: string;
}

function buildIndex(manifests: Descriptor[], ann: Annotations): ImageIndex {
  const annotated = Object.keys(ann.index).length > 0 || ann.descriptors.length > 0;
  // Docker manifest lists carry no annotations: any annotation makes the result an OCI index.
  const allDocker = !annotated && manifests.every((m) => m.mediaType === MediaType.dockerManifest);
  const index: ImageIndex = { schemaVersion: 2, mediaType: allDocker ? MediaType.dockerManifestList : MediaType.ociIndex, manifests: annotateDescriptors(manifests, ann) };
  if (Object.keys(ann.index).length > 0) index.annotations = ann.index;
  return index;
}

/** `imagetools create`: builds the combined index and, unless a dry run, pushes it under every tag. */
export async function imagetoolsCreate(opts: CreateOptions): Promise<{ index: ImageIndex; bytes: Buffer }> {
  const store = new ContentStore(opts.stateDir);
  const specs: SourceSpec[] = opts.append && opts.tags[0] ? [{ ref: parseReference(opts.tags[0]) }, ...opts.sources] : opts.sources;
  const refs = resolveSources(specs, opts.tags);
  const resolved: Source[] = [];
  for (const [i, ref] of refs.entries()) resolved.push(await sourceManifests(ref, specs[i]!, store));
  const index = buildIndex(dedupe(resolved.flatMap((s) => s.manifests)), opts.annotations ?? { index: {}, descriptors: [] });
  const bytes = Buffer.from(JSON.stringify(index, null, 2));
  if (opts.dryRun || opts.tags.length === 0) return { index, bytes };
  const root = await store.write(bytes);
  const targets = new Set(opts.tags.map((t) => repoName(parseReference(t))));
  // Only a source living elsewhere needs its content copied into the target repositories.
  const foreign = resolved.filter((s) => [...targets].some((t) => t !== repoName(s.ref)));
  const blobs = new Map<string, Descriptor>();
  for (const s of foreign) for (const b of await pullSource(s, store)) blobs.set(b.digest, b);
  const children = dedupe(foreign.flatMap((s) => s.manifests));
  await pushImage({ root: { mediaType: index.mediaType!, digest: root.digest, size: root.size }, manifests: children, blobs: [...blobs.values()] }, opts.tags, store);
  return { index, bytes };
}

/** Combines `sources` (references, digests or descriptor JSON) under `tags` (none: not pushed). */
export function createIndex(sources: string[], tags: string[], stateDir: string): Promise<{ index: ImageIndex; bytes: Buffer }> {
  return imagetoolsCreate({ sources: sources.map(parseSource), tags, stateDir });
}
