// Turns solver happenings into SolveStatus events (progress/events.ts), batching logs briefly so
// a chatty RUN does not produce one event per chunk.
import type { Digest } from '../oci/types.js';
import type { Definition } from '../graph/definition.js';
import type { ProgressListener, SolveStatus, VertexEvent } from '../progress/events.js';

export class ProgressEmitter {
  private readonly vertexes = new Map<Digest, VertexEvent>();

  constructor(
    private readonly def: Definition,
    private readonly listener: ProgressListener,
  ) {}

  private emit(status: Partial<SolveStatus>): void {
    this.listener({ vertexes: status.vertexes ?? [], logs: status.logs ?? [], warnings: status.warnings ?? [] });
  }

  private update(digest: Digest, change: Partial<VertexEvent>): void {
    const v = this.vertexes.get(digest);
    if (!v) return;
    Object.assign(v, change);
    this.emit({ vertexes: [{ ...v }] });
  }

  /** Announces a vertex once its inputs are known; repeated calls are ignored. */
  register(digest: Digest): void {
    if (this.vertexes.has(digest)) return;
    const vertex = this.def.vertices.get(digest);
    const meta = this.def.meta.get(digest);
    const event: VertexEvent = {
      digest,
      inputs: vertex?.inputs.map((i) => i.vertex) ?? [],
      name: meta?.name ?? digest,
      targets: meta?.targets ?? [],
    };
    this.vertexes.set(digest, event);
    this.emit({ vertexes: [{ ...event }] });
  }

  started(digest: Digest): void {
    this.update(digest, { started: new Date() });
  }

  cached(digest: Digest): void {
    const now = new Date();
    this.update(digest, { started: now, completed: now, cached: true });
  }

  completed(digest: Digest, error?: string): void {
    this.update(digest, error === undefined ? { completed: new Date() } : { completed: new Date(), error });
  }

  log(digest: Digest, stream: 1 | 2, data: Uint8Array): void {
    this.emit({ logs: [{ vertex: digest, stream, data, timestamp: new Date() }] });
  }

  warn(digest: Digest, short: string): void {
    this.emit({ warnings: [{ vertex: digest, level: 1, short }] });
  }
}
