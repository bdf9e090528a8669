// `type=image`: the image stays in the state dir, its blobs in the content store and one small
// record per name under `$STATE/images/` (each written atomically, so concurrent builds of
// different names never clash). `push=true` waits for the registry client.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import type { Descriptor } from '../oci/types.js';
import type { ExporterSpec, TargetResponse } from '../request.js';
import { boolAttr, imageNames, specError } from './attrs.js';
import { parseAnnotations } from './annotations.js';
import { imageMetadata, writeImage } from './image-writer.js';
import { fullName } from './names.js';
import type { ExportContext, ExportInput, Exporter } from './types.js';

export interface StoredImage {
  name: string;
  descriptor: Descriptor;
}

/** The record file of an image name: the name, made filesystem-safe and unambiguous. */
export function imageRecordPath(stateDir: string, name: string): string {
  return join(stateDir, 'images', `${encodeURIComponent(fullName(name))}.json`);
}

export class ImageExporter implements Exporter {
  constructor(private readonly spec: ExporterSpec) {
    if (spec.type === 'registry' || boolAttr(spec, 'push', false)) throw specError(spec, 'push not supported yet');
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    const names = imageNames(this.spec, ctx.tags);
    const image = await writeImage(results, ctx, parseAnnotations(this.spec));
    await mkdir(join(ctx.stateDir, 'images'), { recursive: true });
    for (const name of names) {
      const record: StoredImage = { name: fullName(name), descriptor: image.root };
      await writeFileAtomic(imageRecordPath(ctx.stateDir, name), JSON.stringify(record));
    }
    return imageMetadata(image, names);
  }
}

/** `type=cacheonly`: the build result stays in the build cache only. */
export class CacheOnlyExporter implements Exporter {
  export(): Promise<TargetResponse> {
    return Promise.resolve({});
  }
}
