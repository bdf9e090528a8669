// `type=docker`: a tar `docker load` accepts. It holds the OCI layout of the image plus Docker's
// `manifest.json` (config and layer paths, RepoTags) and the legacy `repositories` map. Docker
// archives hold one platform, as in BuildKit. Without `dest` (`--load`) the image is recorded in
// bake's image store and loaded into a Docker daemon when one is reachable.
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import type { ExporterSpec, TargetResponse } from '../request.js';
import { digestHex } from '../content/store.js';
import { boolAttr, imageNames } from './attrs.js';
import { DEFAULT_DOCKER_SOCKET, dockerDaemon, dockerLoad } from './docker-daemon.js';
import { recordImage } from './image-store.js';
import { parseAnnotations } from './annotations.js';
import { imageMetadata, writeImage } from './image-writer.js';
import type { ImageResult } from './image-writer.js';
import { blobName, layoutDir, layoutTar, layoutTarIdentity } from './layout-tar.js';
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

/** Where `--load` keeps the archive when no daemon takes it: named by the image digest. */
export function keptArchivePath(stateDir: string, image: ImageResult): string {
  return join(stateDir, 'docker-archives', `${digestHex(image.root.digest)}.tar`);
}

export class DockerExporter implements Exporter {
  /** Without `dest` (`--load`), the image goes to the local store and a Docker daemon. */
  private readonly dest: string | undefined;
  private readonly asTar: boolean;

  constructor(private readonly spec: ExporterSpec) {
    this.dest = spec.attrs['dest'] || undefined;
    this.asTar = boolAttr(spec, 'tar', true);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    // BuildKit's message, word for word: a docker archive holds one platform.
    if (results.length > 1) throw new UserError('docker exporter does not currently support exporting manifest lists');
    const names = imageNames(this.spec, ctx.tags);
    const image = await writeImage(results, ctx, parseAnnotations(this.spec));
    const layout = dockerArchiveFiles(image, names);
    await recordImage(ctx.stateDir, names, image.root);
    const archive = (): Readable => layoutTar(layout, ctx.store, ctx.sourceDateEpoch);
    if (this.dest === undefined) await this.load(archive, image, names, ctx);
    else if (this.asTar) await writeOutput(this.dest, archive(), { stateDir: ctx.stateDir, identity: layoutTarIdentity(layout, ctx.sourceDateEpoch) });
    else await layoutDir(layout, ctx.store, this.dest);
    return imageMetadata(image, names);
  }

  /** Into the daemon when one is reachable, else a kept archive and a message saying where. */
  private async load(archive: () => Readable, image: ImageResult, names: string[], ctx: ExportContext): Promise<void> {
    const daemon = dockerDaemon();
    if (daemon !== undefined) {
      await dockerLoad(archive());
      return;
    }
    const kept = keptArchivePath(ctx.stateDir, image);
    await writeOutput(kept, archive());
    const what = names.length > 0 ? names.map(familiarName).join(', ') : image.root.digest;
    const warn = ctx.onWarning ?? ((m: string) => process.stderr.write(`WARNING: ${m}\n`));
    warn(
      `no Docker daemon reachable at ${process.env['DOCKER_HOST'] || `unix://${DEFAULT_DOCKER_SOCKET}`}: ${what} loaded into bake's image store only; ` +
        `the docker archive is at ${kept} (docker load -i ${kept})`,
    );
  }
}
