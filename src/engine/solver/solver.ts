// The solver: runs each distinct vertex of a merged graph at most once per request, in
// parallel, reusing results cached by earlier runs. Work is deduplicated by vertex digest while
// in flight (`actives`), and a p-queue slot is taken only once a vertex's inputs are ready, so
// waiting on parents never holds a slot (the deadlock CONVENTIONS warns about).
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import type { Digest, Platform } from '../oci/types.js';
import type { Definition } from '../graph/definition.js';
import type { Input, Vertex } from '../graph/op.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';
import type { Session } from '../session.js';
import type { OpContext } from '../ops/types.js';
import { waitGcIdle } from '../cache/leases.js';
import type { Lease } from '../cache/leases.js';
import { cacheKey } from './cache-key.js';
import { CacheStore } from './cache-store.js';
import type { ProgressEmitter } from './progress.js';
import { CacheKeyError, StepError } from './step-error.js';

/** What the solver needs from the rest of the engine for each vertex. */
export interface SolverDeps {
  stateDir: string;
  layers: LayerStore;
  session: Session;
  hostPlatform: Platform;
  progress: ProgressEmitter;
  /** Runs one vertex (see ops/index.ts). */
  runOp(vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]>;
  /** The content key of a local source (hash of the files it selects) or of an http one (what it serves). */
  contentKey(vertex: Vertex): Promise<Digest | undefined>;
  parallelism?: number;
  /** Holds the records and layers this build uses, against a concurrent prune. */
  lease?: Lease;
  /** The result cache; by default the one in `stateDir`. */
  cache?: CacheStore;
}

interface Solved {
  key: Digest;
  outputs: Snapshot[];
}

export class Solver {
  private readonly actives = new Map<Digest, Promise<Solved>>();
  private readonly queue: PQueue;
  private readonly cache: CacheStore;
  private readonly abort = new AbortController();
  /** Cache records still being written: dependents need not wait for them, the end of the build does. */
  private readonly recordWrites = new Set<Promise<void>>();
  private recordError: unknown;

  constructor(
    private readonly def: Definition,
    private readonly deps: SolverDeps,
    signal?: AbortSignal,
  ) {
    this.queue = new PQueue({ concurrency: deps.parallelism ?? Number.POSITIVE_INFINITY });
    this.cache = deps.cache ?? new CacheStore(deps.stateDir, deps.layers);
    signal?.addEventListener('abort', () => this.abort.abort(signal.reason), { once: true });
    // Every running or queued step listens for the abort: many listeners are expected, not a leak.
    setMaxListeners(0, this.abort.signal);
  }

  /** The snapshot of one output reference; the first failure anywhere aborts every running step. */
  async solve(input: Input | null): Promise<Snapshot> {
    if (!input) return { layers: [] };
    try {
      const solved = await this.vertex(input.vertex);
      const out = solved.outputs[input.index];
      if (!out) throw new Error(`vertex ${input.vertex} has no output ${input.index}`);
      // A solved output is in the cache for the next build: its chain's records are written.
      await this.recordsWritten();
      return out;
    } catch (err) {
      if (!this.abort.signal.aborted) this.abort.abort(err);
      throw err;
    }
  }

  /**
   * The cache keys of what `roots` solved to: with `all`, every step they depend on (cache
   * export mode=max), else the roots' own steps only (mode=min). Call after solving them.
   */
  async cacheKeys(roots: (Input | null)[], all: boolean): Promise<Digest[]> {
    const seen = new Set<Digest>();
    const visit = (d: Digest): void => {
      if (seen.has(d)) return;
      seen.add(d);
      if (all) for (const i of this.def.vertices.get(d)?.inputs ?? []) visit(i.vertex);
    };
    for (const r of roots) if (r) visit(r.vertex);
    const solved = await Promise.all([...seen].map((d) => this.actives.get(d)));
    await this.recordsWritten();
    return solved.filter((s): s is Solved => s !== undefined).map((s) => s.key);
  }

  /** Waits for the cache records being written now; rejects if one could not be written. */
  async recordsWritten(): Promise<void> {
    await Promise.all([...this.recordWrites]);
    if (this.recordError !== undefined) throw this.recordError;
  }

  private vertex(digest: Digest): Promise<Solved> {
    let active = this.actives.get(digest);
    if (!active) {
      active = this.compute(digest);
      this.actives.set(digest, active);
    }
    return active;
  }

  private async compute(digest: Digest): Promise<Solved> {
    const vertex = this.def.vertices.get(digest);
    if (!vertex) throw new Error(`graph has no vertex ${digest}`);
    const parents = await Promise.all(vertex.inputs.map((i) => this.vertex(i.vertex)));
    const inputs = vertex.inputs.map((i, n) => parents[n]!.outputs[i.index]!);
    const key = cacheKey(vertex, parents.map((p) => p.key), await this.contentKey(digest, vertex));
    this.deps.progress.register(digest);
    if (!vertex.ignoreCache) {
      const cached = await this.cachedResult(key);
      if (cached) {
        this.deps.progress.cached(digest);
        return { key, outputs: cached };
      }
    }
    const outputs = await this.queue.add(() => this.run(digest, vertex, inputs, key), {
      signal: this.abort.signal,
    });
    if (!outputs) throw new Error(`step ${digest} produced no result`);
    this.writeRecord(key, outputs);
    return { key, outputs };
  }

  /**
   * The content key of a source. BuildKit makes a source's cache key inside its vertex, so when
   * that fails the vertex is shown, started and failed, though it never ran.
   */
  private async contentKey(digest: Digest, vertex: Vertex): Promise<Digest | undefined> {
    try {
      return await this.deps.contentKey(vertex);
    } catch (err) {
      const progress = this.deps.progress;
      progress.register(digest);
      progress.started(digest);
      progress.completed(digest, err instanceof CacheKeyError ? err.detail : err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /**
   * Records a result in the background: its layers are committed (on disk) already, so the
   * dependents can start while the record is fsynced. A failed write fails the build at the end.
   */
  private writeRecord(key: Digest, outputs: Snapshot[]): void {
    const write = this.cache.put(key, outputs).then(
      () => undefined,
      (err: unknown) => {
        this.recordError ??= err;
      },
    );
    this.recordWrites.add(write);
    void write.finally(() => this.recordWrites.delete(write));
  }

  /** A cache hit, leased first and checked again once no prune runs (it may have just removed it). */
  private async cachedResult(key: Digest): Promise<Snapshot[] | undefined> {
    const hit = this.cache.get(key);
    if (!hit || !this.deps.lease) return hit;
    this.deps.lease.add([key.slice(7), ...hit.flatMap((s) => s.layers)]);
    await waitGcIdle(this.deps.stateDir);
    return this.cache.get(key);
  }

  private async run(digest: Digest, vertex: Vertex, inputs: Snapshot[], key: Digest): Promise<Snapshot[]> {
    this.abort.signal.throwIfAborted();
    const progress = this.deps.progress;
    progress.started(digest);
    const newLayerId = `${key.slice(7, 39)}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    // Layers this step writes (id and suffixed outputs), then its record, stay leased.
    this.deps.lease?.add([key.slice(7), `${newLayerId}*`, ...inputs.flatMap((s) => s.layers)]);
    const ctx: OpContext = {
      stateDir: this.deps.stateDir,
      layers: this.deps.layers,
      session: this.deps.session,
      hostPlatform: this.deps.hostPlatform,
      signal: this.abort.signal,
      // A fresh suffix: a step rerun under --no-cache must not collide with its cached layer.
      newLayerId,
      log: (stream, data) => progress.log(digest, stream, data),
    };
    try {
      const outputs = await this.deps.runOp(vertex, inputs, ctx);
      progress.completed(digest);
      return outputs;
    } catch (err) {
      const error = new StepError(digest, this.def.meta.get(digest), err);
      progress.completed(digest, error.message);
      throw error;
    }
  }
}
