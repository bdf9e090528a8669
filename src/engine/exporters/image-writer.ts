// Builds an image once for every image-shaped exporter (CONVENTIONS row 12): layer blobs, the
// config (rootfs.diff_ids filled, history aligned with the layers), one manifest per platform
// and, for several platforms, an OCI index. Everything lands in the content store; layout
// writers (oci, docker, image store) only arrange the files.
import { layerBlob } from '../layer/diff.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor, HistoryEntry, ImageConfig, ImageIndex, ImageManifest, Platform } from '../oci/types.js';
import type { TargetResponse } from '../request.js';
import { emptyAnnotations, forPlatform } from './annotations.js';
import type { Annotations } from './annotations.js';
import type { ExportContext, ExportInput } from './types.js';

export interface PlatformImage {
  platform: Platform;
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageResult {
  /** What a layout's index.json points at: the manifest (one platform) or the index. */
  root: Descriptor;
  images: PlatformImage[];
  /** Every blob the image references, each once. */
  blobs: Descriptor[];
}

/**
 * Keeps the non-empty history entries in step with the layers, as image tools expect: surplus
 * entries (the newest) become `empty_layer`, missing ones are added for the oldest layers.
 * Layers without changes are kept, as BuildKit does (a WORKDIR that exists gives an empty layer).
 */
export function alignHistory(history: HistoryEntry[], layers: number): HistoryEntry[] {
  const out = history.map((h) => ({ ...h }));
  const counted = out.filter((h) => !h.empty_layer);
  for (const h of counted.slice(layers)) h.empty_layer = true;
  const missing = layers - counted.length;
  return missing > 0 ? [...Array.from({ length: missing }, () => ({ comment: 'layer' })), ...out] : out;
}

function stampTimes(config: ImageConfig, epoch: number | undefined): void {
  if (epoch === undefined) return;
  const iso = new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
  config.created = iso;
  for (const h of config.history ?? []) h.created = iso;
}

async function writeJson(ctx: ExportContext, mediaType: string, value: object): Promise<Descriptor> {
  const ref = await ctx.store.write(Buffer.from(JSON.stringify(value)));
  return { mediaType, digest: ref.digest, size: ref.size };
}

async function writePlatformImage(input: ExportInput, ctx: ExportContext, notes: Annotations): Promise<PlatformImage> {
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const id of input.snapshot.layers) {
    const blob = await layerBlob(ctx.store, ctx.layers, id, { sourceDateEpoch: ctx.sourceDateEpoch });
    layers.push(blob.blob);
    diffIds.push(blob.diffId);
  }
  const config: ImageConfig = {
    ...input.image,
    architecture: input.image.architecture || input.platform.architecture,
    os: input.image.os || input.platform.os,
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: alignHistory(input.image.history ?? [], layers.length),
  };
  stampTimes(config, ctx.sourceDateEpoch);
  const configDesc = await writeJson(ctx, MediaType.ociConfig, config);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDesc, layers };
  const annotations = forPlatform(notes.manifest, input.platform);
  if (annotations) manifest.annotations = annotations;
  const manifestDesc = await writeJson(ctx, MediaType.ociManifest, manifest);
  return { platform: input.platform, manifest: manifestDesc, config: configDesc, layers };
}

export async function writeImage(inputs: ExportInput[], ctx: ExportContext, notes = emptyAnnotations()): Promise<ImageResult> {
  const images: PlatformImage[] = [];
  for (const input of inputs) images.push(await writePlatformImage(input, ctx, notes));
  const blobs = new Map<string, Descriptor>();
  for (const img of images) for (const d of [...img.layers, img.config, img.manifest]) blobs.set(d.digest, d);
  if (images.length === 1) return { root: images[0]!.manifest, images, blobs: [...blobs.values()] };
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: images.map((img) => {
      const annotations = forPlatform(notes.manifestDescriptor, img.platform);
      return { ...img.manifest, ...(annotations && { annotations }), platform: img.platform };
    }),
  };
  if (Object.keys(notes.index).length > 0) index.annotations = notes.index;
  const root = await writeJson(ctx, MediaType.ociIndex, index);
  blobs.set(root.digest, root);
  return { root, images, blobs: [...blobs.values()] };
}

/** The `--metadata-file` fields of an image result. */
export function imageMetadata(result: ImageResult, names: string[]): TargetResponse {
  const meta: TargetResponse = {
    'containerimage.digest': result.root.digest,
    'containerimage.descriptor': { mediaType: result.root.mediaType, digest: result.root.digest, size: result.root.size },
  };
  if (result.images.length === 1) meta['containerimage.config.digest'] = result.images[0]!.config.digest;
  if (names.length > 0) meta['image.name'] = names.join(',');
  return meta;
}
