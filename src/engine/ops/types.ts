// How the solver runs one vertex: the op implementations in this folder take their inputs'
// snapshots and return one snapshot per output. The solver owns caching and scheduling.
import type { Platform } from '../oci/types.js';
import type { Vertex } from '../graph/op.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';
import type { Session } from '../session.js';

export interface OpContext {
  /** The state dir root (`$BAKE_STATE_DIR`). */
  stateDir: string;
  layers: LayerStore;
  session: Session;
  /** The platform bake runs on (BUILDPLATFORM). */
  hostPlatform: Platform;
  signal: AbortSignal;
  /** Id to give the layer this op creates: derived from the cache key, so reruns find it. */
  newLayerId: string;
  /** Process output of RUN steps, for progress. */
  log(stream: 1 | 2, data: Uint8Array): void;
}

export interface OpRunner {
  run(vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]>;
}
