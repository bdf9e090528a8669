// `type=docker`: a tar `docker load` accepts. It holds the OCI layout of the image plus Docker's
// `manifest.json` (config and layer paths, RepoTags) and the legacy `repositories` map. Docker
// archives hold one platform, as in BuildKit.
import type { ExporterSpec, TargetResponse } from '../request.js';
import { digestHex } from '../content/store.js';
import { boolAttr, imageNames, specError } from './attrs.js';
import { parseAnnotations } from './annotations.js';
import { imageMetadata, writeImage } from './image-writer.js';
import type { ImageResult } from './image-writer.js';
import { blobName, layoutDir, layoutTar } from './layout-tar.js';
import type { LayoutFiles } from './layout-tar.js';
import { familiarName, parseImageName } from './names.js';
import { ociLayoutFiles } from './oci-layout.js';
import { writeOutput } from './output.js';
import type { ExportContext, ExportInput, Exporter } from './types.js';

export function dockerArchiveFiles(image: ImageResult, names: string[]): LayoutFiles {
  const oci = ociLayoutFiles(image, names);
  const only = image.images[0]!;
  const tags = names.map(familiarName);
  const manifest = [{ Config: blobName(only.config), RepoTags: tags, Layers: only.layers.map(blobName) }];
  const repositories: Record<string, Record<string, string>> = {};
  for (const tag of tags) {
    const { repository, tag: t } = parseImageName(tag);
    repositories[repository] = { ...repositories[repository], [t]: digestHex(only.config.digest) };
  }
  const files: Record<string, string> = { ...oci.files, 'manifest.json': JSON.stringify(manifest) };
  if (tags.length > 0) files['repositories'] = JSON.stringify(repositories);
  return { files, blobs: oci.blobs };
}

export class DockerExporter implements Exporter {
  private readonly dest: string;
  private readonly asTar: boolean;

  constructor(private readonly spec: ExporterSpec) {
    const dest = spec.attrs['dest'];
    if (!dest) throw specError(spec, 'dest is required: there is no Docker daemon to load the image into');
    this.dest = dest;
    this.asTar = boolAttr(spec, 'tar', true);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    if (results.length > 1) throw specError(this.spec, 'docker exporter does not currently support exporting manifest lists');
    const names = imageNames(this.spec, ctx.tags);
    const image = await writeImage(results, ctx, parseAnnotations(this.spec));
    const layout = dockerArchiveFiles(image, names);
    if (this.asTar) await writeOutput(this.dest, layoutTar(layout, ctx.store, ctx.sourceDateEpoch));
    else await layoutDir(layout, ctx.store, this.dest);
    return imageMetadata(image, names);
  }
}
