// Exporter dispatch: `resolveExporter` runs before solving, so a bad `--output` fails before
// any step runs (CONVENTIONS row 11).
import type { ExporterSpec } from '../request.js';
import { specError } from './attrs.js';
import { DockerExporter } from './docker-archive.js';
import { CacheOnlyExporter, ImageExporter } from './image-store.js';
import { OciExporter } from './oci-layout.js';
import { LocalExporter, TarExporter } from './rootfs.js';
import type { Exporter } from './types.js';

export type { ExportContext, ExportInput, Exporter } from './types.js';

export function resolveExporter(spec: ExporterSpec): Exporter {
  switch (spec.type) {
    case 'image':
    case 'registry':
      return new ImageExporter(spec);
    case 'oci':
      return new OciExporter(spec);
    case 'docker':
      return new DockerExporter(spec);
    case 'tar':
      return new TarExporter(spec);
    case 'local':
      return new LocalExporter(spec);
    case 'cacheonly':
      return new CacheOnlyExporter();
    default:
      throw specError(spec, `unsupported exporter type "${spec.type}"`);
  }
}
