// `type=image`: the image stays in the state dir, its blobs in the content store and one small
// record per name under `$STATE/images/` (each written atomically, so concurrent builds of
// different names never clash). `push=true` (and `type=registry`) also pushes every name.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import type { Descriptor } from '../oci/types.js';
import type { ExporterSpec, TargetResponse } from '../request.js';
import { boolAttr, imageNames, specError } from './attrs.js';
import { parseAnnotations } from './annotations.js';
import { imageMetadata, writeImage } from './image-writer.js';
import { fullName } from './names.js';
import { pushContent, pushImage } from './registry-push.js';
import type { ExportContext, ExportInput, Exporter } from './types.js';

export interface StoredImage {
  name: string;
  descriptor: Descriptor;
}

/** The record file of an image name: the name, made filesystem-safe and unambiguous. */
export function imageRecordPath(stateDir: string, name: string): string {
  return join(stateDir, 'images', `${encodeURIComponent(fullName(name))}.json`);
}

/** Records `root` in the local image store under every name (blobs are already in the content store). */
export async function recordImage(stateDir: string, names: string[], root: Descriptor): Promise<void> {
  await mkdir(join(stateDir, 'images'), { recursive: true });
  for (const name of names) {
    const record: StoredImage = { name: fullName(name), descriptor: root };
    await writeFileAtomic(imageRecordPath(stateDir, name), JSON.stringify(record));
  }
}

export class ImageExporter implements Exporter {
  private readonly push: boolean;

  constructor(private readonly spec: ExporterSpec) {
    this.push = spec.type === 'registry' || boolAttr(spec, 'push', false);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    const names = imageNames(this.spec, ctx.tags);
    if (this.push && names.length === 0) throw specError(this.spec, 'push requires an image name (tags or name=)');
    const image = await writeImage(results, ctx, parseAnnotations(this.spec));
    if (this.push) await pushImage(pushContent(image), names, ctx.store);
    await recordImage(ctx.stateDir, names, image.root);
    return imageMetadata(image, names);
  }
}

/** `type=cacheonly`: the build result stays in the build cache only. */
export class CacheOnlyExporter implements Exporter {
  export(): Promise<TargetResponse> {
    return Promise.resolve({});
  }
}
