// The engine's entry point: one SolveRequest in, every target built and exported. Compiles all
// targets into one merged graph, solves it (each distinct step once), then runs each target's
// exporters. The client passes a Session for context files and secrets, and listens to progress.
import { mkdirSync } from 'node:fs';
import type { Vertex } from './graph/op.js';
import type { Digest } from './oci/types.js';
import type { ProgressListener } from './progress/events.js';
import type { SolveRequest, SolveResponse } from './request.js';
import type { Session } from './session.js';
import { compileRequest } from './compile-targets.js';
import { ContentStore } from './content/store.js';
import { DiskLayerStore } from './snapshot/layer-store.js';
import { OciLayoutResolver } from './sources/oci-layout.js';
import { RegistryResolver, SourceResolver } from './sources/registry.js';
import { hashLocalSource } from './ops/local.js';
import { defaultRunners, runOp } from './ops/index.js';
import { resolveExporter } from './exporters/index.js';
import type { ExportInput } from './exporters/index.js';
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
    },
    opts.signal,
  );

  // Every root of every target is requested at once: the solver runs shared steps once.
  const solved = await Promise.all(
    request.targets.map(async (t) => {
      const results = compiled.targets.get(t.name) ?? [];
      const inputs: ExportInput[] = await Promise.all(
        results.map(async (r) => ({ platform: r.platform, snapshot: await solver.solve(r.root), image: r.image })),
      );
      await exportCaches(t, (all) => solver.cacheKeys(results.map((r) => r.root), all), cache, layers, store, warn);
      return { target: t, inputs };
    }),
  );

  const response: SolveResponse = { targets: {} };
  for (const { target, inputs } of solved) {
    const sde = target.args['SOURCE_DATE_EPOCH'];
    for (const { exporter } of exporters.get(target.name) ?? []) {
      const meta = await exporter.export(inputs, {
        store,
        layers,
        stateDir: request.stateDir,
        tags: target.tags,
        sourceDateEpoch: sde !== undefined && /^\d+$/.test(sde) ? Number(sde) : undefined,
        onWarning: opts.onWarning,
      });
      response.targets[target.name] = { ...response.targets[target.name], ...meta };
    }
  }
  return response;
}
