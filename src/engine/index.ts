// The engine's entry point: one SolveRequest in, every target built and exported. Compiles all
// targets into one merged graph, solves it (each distinct step once), then runs each target's
// exporters. The client passes a Session for context files and secrets, and listens to progress.
import { mkdirSync } from 'node:fs';
import PQueue from 'p-queue';
import type { Vertex } from './graph/op.js';
import type { Digest, Platform } from './oci/types.js';
import type { ProgressListener } from './progress/events.js';
import type { BuildTarget, ExporterSpec, SolveRequest, SolveResponse, TargetResponse } from './request.js';
import type { Session } from './session.js';
import { answerCalls, checkBuildTargets } from './call-targets.js';
import { compileRequest } from './compile-targets.js';
import { ContentStore } from './content/store.js';
import { DiskLayerStore } from './snapshot/layer-store.js';
import { layerBlob } from './layer/diff.js';
import { OciLayoutResolver } from './sources/oci-layout.js';
import { RegistryResolver, SourceResolver } from './sources/registry.js';
import { hashLocalSource } from './ops/local.js';
import { defaultRunners, runOp } from './ops/index.js';
import { resolveExporter } from './exporters/index.js';
import type { ExportContext, ExportInput, Exporter } from './exporters/index.js';
import { ProgressEmitter } from './solver/progress.js';
import { Solver } from './solver/solver.js';
import { checkCdiDevices } from './solver/cdi-devices.js';
import { Lease } from './cache/leases.js';
import { autoCollect } from './cache/prune.js';
import { parseSize } from './cache/units.js';
import { exportCaches, importCaches } from './cache/transfer.js';
import { CacheStore } from './solver/cache-store.js';
import { hostPlatform } from './platform.js';
import { prepareRuntime } from './executor/runc.js';
import type { ImageResolver } from './image-resolver.js';
import { UserError } from '../errors.js';

/** Cache size kept after each build; `BAKE_CACHE_KEEP_STORAGE` (e.g. `5GB`) overrides it. */
const DEFAULT_KEEP_STORAGE = 20 * 1024 ** 3;

function keepStorage(): number {
  const v = process.env['BAKE_CACHE_KEEP_STORAGE'];
  return v ? parseSize(v) : DEFAULT_KEEP_STORAGE;
}

export interface SolveOptions {
  session: Session;
  onProgress: ProgressListener;
  /** Warnings for the user (unused build args, no output given...). */
  onWarning?: (message: string) => void;
  /** Build-check warnings of the Dockerfiles built (`Rule: detail (line N)`), as BuildKit reports them. */
  onBuildCheck?: (warning: string) => void;
  signal?: AbortSignal;
}

export async function solve(request: SolveRequest, opts: SolveOptions): Promise<SolveResponse> {
  mkdirSync(request.stateDir, { recursive: true });
  const lease = new Lease(request.stateDir);
  let response: SolveResponse;
  try {
    response = await solveWithCalls(request, opts, lease);
  } finally {
    lease.release();
  }
  // Collected once the lease is gone: this build's records are the newest, so pruned last.
  await autoCollect(request.stateDir, keepStorage()).catch((err: unknown) =>
    opts.onWarning?.(`cache collection failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return response;
}

/**
 * BuildKit's frontend checks every Dockerfile it builds, before any step: under
 * `check=error=true` a warning fails the build. A fault in the checks never fails a build.
 */
async function runBuildChecks(request: SolveRequest, host: Platform, resolver: ImageResolver): Promise<string[]> {
  const checks = await checkBuildTargets(request.targets, request.stateDir, host, resolver).catch(() => undefined);
  if (checks?.violation) throw new UserError(checks.violation);
  return checks?.warnings ?? [];
}

/** Targets with a `call` are answered by the frontend (never built), once the others are built. */
async function solveWithCalls(request: SolveRequest, opts: SolveOptions, lease: Lease): Promise<SolveResponse> {
  const calls = request.targets.filter((t) => t.call !== undefined);
  const builds = request.targets.filter((t) => t.call === undefined);
  const response = builds.length > 0 ? await solveLeased({ ...request, targets: builds }, opts, lease) : { targets: {} };
  if (calls.length === 0) return response;
  const store = new ContentStore(request.stateDir);
  const resolver = new SourceResolver(new RegistryResolver(store, calls.some((t) => t.pull)), new OciLayoutResolver(store));
  return { ...response, calls: await answerCalls(calls, request.stateDir, hostPlatform(), resolver) };
}

/** Exporters that turn every layer into a blob. */
const IMAGE_EXPORTERS = new Set(['image', 'registry', 'oci', 'docker']);
/** Exports mostly wait on fsync and tar writes: a few at once overlap those waits. */
const EXPORT_CONCURRENCY = 4;

type TargetExporters = { spec: ExporterSpec; exporter: Exporter }[];

/**
 * Exports each target as soon as its steps are done, a few at once; none starts after a failure.
 * A layer shared by targets exporting at the same time is made into a blob once, not by each.
 */
class TargetExports {
  private readonly queue = new PQueue({ concurrency: EXPORT_CONCURRENCY });
  private readonly blobs = new Map<string, Promise<unknown>>();
  failure: { error: unknown } | undefined;

  constructor(private readonly ctx: Pick<ExportContext, 'store' | 'layers' | 'stateDir' | 'onWarning'>) {}

  async run(target: BuildTarget, inputs: ExportInput[], exporters: TargetExporters): Promise<TargetResponse | undefined> {
    return this.queue.add(async () => {
      if (this.failure) throw this.failure.error;
      const sde = target.args['SOURCE_DATE_EPOCH'];
      const sourceDateEpoch = sde !== undefined && /^\d+$/.test(sde) ? Number(sde) : undefined;
      if (exporters.some((e) => IMAGE_EXPORTERS.has(e.spec.type))) await this.layerBlobs(inputs, sourceDateEpoch);
      let response: TargetResponse | undefined;
      for (const { exporter } of exporters) {
        const meta = await exporter.export(inputs, { ...this.ctx, tags: target.tags, sourceDateEpoch });
        response = { ...response, ...meta };
      }
      return response;
    });
  }

  /** Records the first failure and rethrows it. */
  fail(error: unknown): never {
    this.failure ??= { error };
    throw error;
  }

  /** The blobs of the inputs' layers (cached per layer, so the exporter's own lookups hit). */
  private layerBlobs(inputs: ExportInput[], sourceDateEpoch: number | undefined): Promise<unknown> {
    const ids = new Set(inputs.flatMap((i) => i.snapshot.layers));
    return Promise.all(
      [...ids].map((id) => {
        const key = `${id} ${sourceDateEpoch ?? ''}`;
        let blob = this.blobs.get(key);
        if (!blob) this.blobs.set(key, (blob = layerBlob(this.ctx.store, this.ctx.layers, id, { sourceDateEpoch })));
        return blob;
      }),
    );
  }
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
  const checkWarnings = await runBuildChecks(request, host, resolver);
  checkCdiDevices(compiled.definition);
  // The runtime probe (when not remembered) overlaps the steps before the first RUN.
  if ([...compiled.definition.vertices.values()].some((v) => v.op.kind === 'exec')) prepareRuntime();

  const cache = new CacheStore(request.stateDir, layers);
  const warn = (m: string): void => opts.onWarning?.(m);
  await importCaches(request.targets, cache, layers, store, warn);

  const progress = new ProgressEmitter(compiled.definition, opts.onProgress);
  const runners = defaultRunners();
  const contentKey = async (vertex: Vertex): Promise<Digest | undefined> => {
    if (vertex.op.kind !== 'source') return undefined;
    const source = vertex.op.source;
    if (source.type === 'http') return runners.http.contentKey(source, opts.signal ?? new AbortController().signal);
    if (source.type !== 'local') return undefined;
    return hashLocalSource(opts.session.localDir(source.name), source, request.stateDir, opts.session);
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
      contentKey,
      parallelism: request.parallelism,
      lease,
      cache,
    },
    opts.signal,
  );

  // Every root of every target is requested at once: the solver runs shared steps once. Each
  // target exports as soon as its own steps are done, while the others still run.
  const exports = new TargetExports({ store, layers, stateDir: request.stateDir, onWarning: opts.onWarning });
  const results = await Promise.allSettled(
    request.targets.map(async (t) => {
      const roots = compiled.targets.get(t.name) ?? [];
      const inputs: ExportInput[] = await Promise.all(
        roots.map(async (r) => ({ platform: r.platform, snapshot: await solver.solve(r.root), image: r.image })),
      );
      await exportCaches(t, (all) => solver.cacheKeys(roots.map((r) => r.root), all), cache, layers, store, warn);
      return exports.run(t, inputs, exporters.get(t.name) ?? []);
    }).map((p) => p.catch((err: unknown) => exports.fail(err))),
  );
  // The first failure in time is the one reported, as when every target was awaited at once.
  const failure = exports.failure;
  await solver.recordsWritten().catch((err: unknown) => {
    if (!failure) throw err;
  });
  if (failure) throw failure.error;
  for (const w of checkWarnings) opts.onBuildCheck?.(w);

  const response: SolveResponse = { targets: {} };
  request.targets.forEach((t, i) => {
    const r = results[i];
    if (r?.status === 'fulfilled' && r.value !== undefined) response.targets[t.name] = r.value;
  });
  return response;
}
