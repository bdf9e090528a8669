// The engine's entry point: one SolveRequest in, every target built and exported. Compiles all
// targets into one merged graph, solves it (each distinct step once), then runs each target's
// exporters. The client passes a Session for context files and secrets, and listens to progress.
import { mkdirSync } from 'node:fs';
import type { Vertex } from './graph/op.js';
import type { Digest } from './oci/types.js';
import type { ProgressListener } from './progress/events.js';
import type { BuildTarget, ExporterSpec, SolveRequest, SolveResponse, TargetResponse } from './request.js';
import type { Session } from './session.js';
import { compileRequest } from './compile-targets.js';
import { ContentStore } from './content/store.js';
import { DiskLayerStore } from './snapshot/layer-store.js';
import { OciLayoutResolver } from './sources/oci-layout.js';
import { RegistryResolver, SourceResolver } from './sources/registry.js';
import { hashLocalSource } from './ops/local.js';
import { defaultRunners, runOp } from './ops/index.js';
import { resolveExporter } from './exporters/index.js';
import type { ExportContext, ExportInput, Exporter } from './exporters/index.js';
import { ProgressEmitter } from './solver/progress.js';
import { Solver } from './solver/solver.js';
import { Lease } from './cache/leases.js';
import { autoCollect } from './cache/prune.js';
import { parseSize } from './cache/units.js';
import { exportCaches, importCaches } from './cache/transfer.js';
import { CacheStore } from './solver/cache-store.js';

/** Cache size kept after each build; `BAKE_CACHE_KEEP_STORAGE` (e.g. `5GB`) overrides it. */
const DEFAULT_KEEP_STORAGE = 20 * 1024 ** 3;

function keepStorage(): number {
  const v = process.env['BAKE_CACHE_KEEP_STORAGE'];
  return v ? parseSize(v) : DEFAULT_KEEP_STORAGE;
}
import { hostPlatform } from './platform.js';
import { prepareRuntime } from './executor/runc.js';

export interface SolveOptions {
  session: Session;
  onProgress: ProgressListener;
  /** Warnings for the user (unused build args, no output given...). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

export async function solve(request: SolveRequest, opts: SolveOptions): Promise<SolveResponse> {
  mkdirSync(request.stateDir, { recursive: true });
  const lease = new Lease(request.stateDir);
  let response: SolveResponse;
  try {
    response = await solveLeased(request, opts, lease);
  } finally {
    lease.release();
  }
  // Collected once the lease is gone: this build's records are the newest, so pruned last.
  await autoCollect(request.stateDir, keepStorage()).catch((err: unknown) =>
    opts.onWarning?.(`cache collection failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return response;
}

/** Runs exports one at a time, in the order targets finish; after a failure, none. */
class ExportQueue {
  private tail: Promise<unknown> = Promise.resolve();
  failure: { error: unknown } | undefined;

  run<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(() => {
      if (this.failure) throw this.failure.error;
      return fn();
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Records the first failure and rethrows it. */
  fail(error: unknown): never {
    this.failure ??= { error };
    throw error;
  }
}

type TargetExporters = { spec: ExporterSpec; exporter: Exporter }[];

async function exportTarget(
  target: BuildTarget,
  inputs: ExportInput[],
  exporters: TargetExporters,
  ctx: Pick<ExportContext, 'store' | 'layers' | 'stateDir' | 'onWarning'>,
): Promise<TargetResponse | undefined> {
  const sde = target.args['SOURCE_DATE_EPOCH'];
  let response: TargetResponse | undefined;
  for (const { exporter } of exporters) {
    const meta = await exporter.export(inputs, {
      ...ctx,
      tags: target.tags,
      sourceDateEpoch: sde !== undefined && /^\d+$/.test(sde) ? Number(sde) : undefined,
    });
    response = { ...response, ...meta };
  }
  return response;
}

async function solveLeased(request: SolveRequest, opts: SolveOptions, lease: Lease): Promise<SolveResponse> {
  const store = new ContentStore(request.stateDir);
  const layers = new DiskLayerStore(request.stateDir);
  const host = hostPlatform();
  // Exporters are validated before any step runs, so a bad --output fails fast.
  const exporters = new Map(
    request.targets.map((t) => [t.name, t.outputs.map((spec) => ({ spec, exporter: resolveExporter(spec) }))]),
  );
  for (const t of request.targets) {
    if (t.outputs.length === 0) {
      opts.onWarning?.(`No output specified for ${t.name} target(s); build result will only remain in the build cache.`);
    }
  }
  const resolver = new SourceResolver(new RegistryResolver(store, request.targets.some((t) => t.pull)), new OciLayoutResolver(store));
  const compiled = await compileRequest(request, resolver, host);
  for (const w of compiled.warnings) opts.onWarning?.(w);
  // The runtime probe (when not remembered) overlaps the steps before the first RUN.
  if ([...compiled.definition.vertices.values()].some((v) => v.op.kind === 'exec')) prepareRuntime();

  const cache = new CacheStore(request.stateDir, layers);
  const warn = (m: string): void => opts.onWarning?.(m);
  await importCaches(request.targets, cache, layers, store, warn);

  const progress = new ProgressEmitter(compiled.definition, opts.onProgress);
  const runners = defaultRunners();
  const localContentKey = async (vertex: Vertex): Promise<Digest | undefined> => {
    if (vertex.op.kind !== 'source' || vertex.op.source.type !== 'local') return undefined;
    return hashLocalSource(opts.session.localDir(vertex.op.source.name), vertex.op.source, request.stateDir);
  };
  const solver = new Solver(
    compiled.definition,
    {
      stateDir: request.stateDir,
      layers,
      session: opts.session,
      hostPlatform: host,
      progress,
      runOp: (vertex, inputs, ctx) => runOp(runners, vertex, inputs, ctx),
      localContentKey,
      parallelism: request.parallelism,
      lease,
      cache,
    },
    opts.signal,
  );

  // Every root of every target is requested at once: the solver runs shared steps once. Each
  // target exports as soon as its own steps are done, while the others still run; exports take
  // turns (the first to need a shared layer's blob computes it, the rest reuse it), and none
  // starts once any target has failed.
  const exportTurn = new ExportQueue();
  const results = await Promise.allSettled(
    request.targets.map(async (t) => {
      const roots = compiled.targets.get(t.name) ?? [];
      const inputs: ExportInput[] = await Promise.all(
        roots.map(async (r) => ({ platform: r.platform, snapshot: await solver.solve(r.root), image: r.image })),
      );
      await exportCaches(t, (all) => solver.cacheKeys(roots.map((r) => r.root), all), cache, layers, store, warn);
      return exportTurn.run(() => exportTarget(t, inputs, exporters.get(t.name) ?? [], { store, layers, stateDir: request.stateDir, onWarning: opts.onWarning }));
    }).map((p) => p.catch((err: unknown) => exportTurn.fail(err))),
  );
  // The first failure in time is the one reported, as when every target was awaited at once.
  const failure = exportTurn.failure;
  await solver.recordsWritten().catch((err: unknown) => {
    if (!failure) throw err;
  });
  if (failure) throw failure.error;

  const response: SolveResponse = { targets: {} };
  request.targets.forEach((t, i) => {
    const r = results[i];
    if (r?.status === 'fulfilled' && r.value !== undefined) response.targets[t.name] = r.value;
  });
  return response;
}
