// Progress as an event stream, shaped like BuildKit's SolveStatus (client/graph.go): the solver
// emits events, renderers in src/bake/progress print them. Engine code never writes to stdout.
import type { Digest } from '../oci/types.js';

export interface VertexEvent {
  digest: Digest;
  inputs: Digest[];
  name: string;
  /** The targets whose graphs contain this vertex. */
  targets: string[];
  started?: Date;
  completed?: Date;
  cached?: boolean;
  error?: string;
}

export interface VertexLog {
  vertex: Digest;
  /** 1 stdout, 2 stderr. */
  stream: 1 | 2;
  data: Uint8Array;
  timestamp: Date;
}

export interface VertexWarning {
  vertex: Digest;
  level: number;
  short: string;
}

/** One batch of updates, as one rawjson line. */
export interface SolveStatus {
  vertexes: VertexEvent[];
  logs: VertexLog[];
  warnings: VertexWarning[];
}

export type ProgressListener = (status: SolveStatus) => void;
