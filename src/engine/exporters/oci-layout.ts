// `type=oci`: the image as an OCI layout tar (or a directory with `tar=false`). The first name
// is recorded in index.json the way BuildKit does: the full name as `io.containerd.image.name`,
// the tag as `org.opencontainers.image.ref.name` (what `umoci ... DIR:TAG` and skopeo look up).
import type { ExporterSpec, TargetResponse } from '../request.js';
import { CONTAINERD_NAME, REF_NAME } from '../oci/layout.js';
import { parseAnnotations } from './annotations.js';
import { boolAttr, imageNames, requireDest } from './attrs.js';
import { imageMetadata, writeImage } from './image-writer.js';
import type { ImageResult } from './image-writer.js';
import { layoutDir, layoutIndex, layoutTar, layoutTarIdentity } from './layout-tar.js';
import type { LayoutFiles } from './layout-tar.js';
import { fullName, parseImageName } from './names.js';
import { writeOutput } from './output.js';
import type { ExportContext, ExportInput, Exporter } from './types.js';

export function ociLayoutFiles(image: ImageResult, names: string[], extra: Record<string, string> = {}): LayoutFiles {
  const first = names[0];
  const annotations = { ...extra, ...(first && { [CONTAINERD_NAME]: fullName(first), [REF_NAME]: parseImageName(first).tag }) };
  return { files: { 'index.json': JSON.stringify(layoutIndex(image.root, annotations)) }, blobs: image.blobs };
}

export class OciExporter implements Exporter {
  private readonly dest: string;
  private readonly asTar: boolean;

  constructor(private readonly spec: ExporterSpec) {
    this.dest = requireDest(spec);
    this.asTar = boolAttr(spec, 'tar', true);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    const names = imageNames(this.spec, ctx.tags);
    const notes = parseAnnotations(this.spec);
    const image = await writeImage(results, ctx, notes);
    const layout = ociLayoutFiles(image, names, notes.indexDescriptor);
    if (this.asTar) {
      const reuse = { stateDir: ctx.stateDir, identity: layoutTarIdentity(layout, ctx.sourceDateEpoch) };
      await writeOutput(this.dest, layoutTar(layout, ctx.store, ctx.sourceDateEpoch), reuse);
    }
    else await layoutDir(layout, ctx.store, this.dest);
    return imageMetadata(image, names);
  }
}
