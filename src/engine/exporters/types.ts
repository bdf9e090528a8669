// The exporter contract (CONVENTIONS row 11): `resolveExporter` checks an `--output` before any
// step runs; `export` turns the solved snapshots of one target (one per platform) into files,
// a tar or a stored image, and returns the metadata `--metadata-file` shows.
import type { ContentStore } from '../content/store.js';
import type { ImageConfig, Platform } from '../oci/types.js';
import type { TargetResponse } from '../request.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';

export interface ExportInput {
  platform: Platform;
  snapshot: Snapshot;
  image: ImageConfig;
}

export interface ExportContext {
  store: ContentStore;
  layers: LayerStore;
  stateDir: string;
  /** The target's tags (`tags = [...]`); an exporter's `name=` attribute replaces them. */
  tags: string[];
  sourceDateEpoch?: number;
  /** Messages for the user that do not fail the build (`--load` without a Docker daemon). */
  onWarning?: (message: string) => void;
}

export interface Exporter {
  export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse>;
}
