import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Definition } from '../../../src/engine/graph/definition.js';
import { emptyDefinition } from '../../../src/engine/graph/definition.js';
import { vertexDigest } from '../../../src/engine/graph/digest.js';
import type { Input, Vertex } from '../../../src/engine/graph/op.js';
import type { ActiveLayer, LayerStore, MountedRoot, Snapshot } from '../../../src/engine/snapshot/types.js';
import type { SolveStatus } from '../../../src/engine/progress/events.js';
import { ProgressEmitter } from '../../../src/engine/solver/progress.js';
import { CacheStore } from '../../../src/engine/solver/cache-store.js';
import { Solver } from '../../../src/engine/solver/solver.js';
import type { SolverDeps } from '../../../src/engine/solver/solver.js';
import { CacheKeyError, StepError } from '../../../src/engine/solver/step-error.js';

/** Layers exist as soon as an op names them: the solver only needs `has`. */
const layers: LayerStore = {
  diffDir: (id) => id,
  has: () => true,
  create: () => Promise.reject(new Error('unused')) as Promise<ActiveLayer>,
  mount: () => Promise.reject(new Error('unused')) as Promise<MountedRoot>,
};

function add(def: Definition, vertex: Vertex, name: string, targets: string[]): Input {
  const digest = vertexDigest(vertex);
  def.vertices.set(digest, vertex);
  def.meta.set(digest, { name, targets });
  return { vertex: digest, index: 0 };
}

function exec(cmd: string, input?: Input): Vertex {
  return {
    op: {
      kind: 'exec',
      exec: {
        args: ['/bin/sh', '-c', cmd],
        env: [],
        cwd: '/',
        user: '',
        network: 'sandbox',
        security: 'sandbox',
        mounts: [{ type: 'bind', input: input ? 0 : 'scratch', dest: '/', readonly: false, output: 0 }],
      },
    },
    inputs: input ? [input] : [],
  };
}

/** A diamond: base ← a, base ← b; the runner records what ran and returns one fake layer per step. */
function diamond(): { def: Definition; a: Input; b: Input } {
  const def = emptyDefinition();
  const base = add(def, exec('base'), '[base 1/1] RUN base', ['a', 'b']);
  const a = add(def, exec('a', base), '[a 1/1] RUN a', ['a']);
  const b = add(def, exec('b', base), '[b 1/1] RUN b', ['b']);
  return { def, a, b };
}

function deps(def: Definition, stateDir: string, ran: string[], statuses: SolveStatus[] = [], fail?: string): SolverDeps {
  return {
    stateDir,
    layers,
    session: { localDir: () => ({ dir: '/', excludes: [] }), secret: async () => undefined, sshSocket: () => undefined },
    hostPlatform: { os: 'linux', architecture: 'amd64' },
    progress: new ProgressEmitter(def, (s) => statuses.push(s)),
    contentKey: async () => undefined,
    runOp: async (vertex, inputs, ctx): Promise<Snapshot[]> => {
      const cmd = vertex.op.kind === 'exec' ? vertex.op.exec.args[2]! : '?';
      ran.push(cmd);
      await new Promise((r) => setTimeout(r, 5));
      if (cmd === fail) throw new Error('exit code: 1');
      return [{ layers: [...(inputs[0]?.layers ?? []), ctx.newLayerId] }];
    },
  };
}

describe('Solver', () => {
  it('runs a step shared by two targets once and stacks layers on it', async () => {
    const { def, a, b } = diamond();
    const ran: string[] = [];
    const solver = new Solver(def, deps(def, mkdtempSync(join(tmpdir(), 'solver-')), ran));
    const [sa, sb] = await Promise.all([solver.solve(a), solver.solve(b)]);
    expect(ran.sort()).toEqual(['a', 'b', 'base']);
    expect(sa.layers).toHaveLength(2);
    expect(sa.layers[0]).toBe(sb.layers[0]);
  });

  it('reuses results from an earlier run through the cache and reports them CACHED', async () => {
    const { def, a } = diamond();
    const state = mkdtempSync(join(tmpdir(), 'solver-'));
    const first = await new Solver(def, deps(def, state, [])).solve(a);
    const ran: string[] = [];
    const statuses: SolveStatus[] = [];
    const second = await new Solver(def, deps(def, state, ran, statuses)).solve(a);
    expect(ran).toEqual([]);
    expect(second).toEqual(first);
    const cached = statuses.flatMap((s) => s.vertexes).filter((v) => v.cached);
    expect(cached.map((v) => v.name).sort()).toEqual(['[a 1/1] RUN a', '[base 1/1] RUN base']);
  });

  it('reruns a vertex marked ignoreCache but not its cached parents', async () => {
    const { def, a } = diamond();
    const state = mkdtempSync(join(tmpdir(), 'solver-'));
    await new Solver(def, deps(def, state, [])).solve(a);
    const noCache = emptyDefinition();
    const base = add(noCache, exec('base'), 'base', ['a']);
    const again = add(noCache, { ...exec('a', base), ignoreCache: true }, 'a', ['a']);
    const ran: string[] = [];
    await new Solver(noCache, deps(noCache, state, ran)).solve(again);
    expect(ran).toEqual(['a']);
  });

  it('stops at the first failure with the failing step named', async () => {
    const { def, a, b } = diamond();
    const ran: string[] = [];
    const solver = new Solver(def, deps(def, mkdtempSync(join(tmpdir(), 'solver-')), ran, [], 'base'));
    const results = await Promise.allSettled([solver.solve(a), solver.solve(b)]);
    expect(ran).toEqual(['base']);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as StepError;
      expect(reason).toBeInstanceOf(StepError);
      expect(reason.message).toContain('[base 1/1] RUN base: exit code: 1');
    }
  });

  it('shows a source whose cache key cannot be made as a failed vertex, though it never ran', async () => {
    const def = emptyDefinition();
    const url = 'http://127.0.0.1:1/missing.txt';
    const source = add(def, { op: { kind: 'source', source: { type: 'http', url } }, inputs: [] }, url, ['t']);
    const statuses: SolveStatus[] = [];
    const ran: string[] = [];
    const d = deps(def, mkdtempSync(join(tmpdir(), 'solver-')), ran, statuses);
    d.contentKey = () => Promise.reject(new CacheKeyError('invalid response status 404', undefined));
    await expect(new Solver(def, d).solve(source)).rejects.toThrow(/^failed to load cache key: invalid response status 404$/);
    expect(ran).toEqual([]);
    const events = statuses.flatMap((s) => s.vertexes).filter((v) => v.digest === source.vertex);
    const last = events.at(-1);
    expect(last).toMatchObject({ name: url, error: 'invalid response status 404' });
    expect(last?.started).toBeInstanceOf(Date);
    expect(last?.completed).toBeInstanceOf(Date);
  });

  it('never runs more steps at once than --parallelism allows', async () => {
    const def = emptyDefinition();
    const roots = ['1', '2', '3', '4', '5'].map((n) => add(def, exec(n), n, ['t']));
    let running = 0;
    let peak = 0;
    const d = deps(def, mkdtempSync(join(tmpdir(), 'solver-')), []);
    d.parallelism = 2;
    d.runOp = async (_v, _i, ctx) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return [{ layers: [ctx.newLayerId] }];
    };
    const solver = new Solver(def, d);
    await Promise.all(roots.map((r) => solver.solve(r)));
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('starts a dependent before its parent\'s cache record is written, and resolves once it is', async () => {
    const { def, a } = diamond();
    const state = mkdtempSync(join(tmpdir(), 'solver-'));
    const held: (() => void)[] = [];
    class SlowRecords extends CacheStore {
      override async put(key: Parameters<CacheStore['put']>[0], outputs: Snapshot[]): Promise<void> {
        await new Promise<void>((r) => held.push(r));
        return super.put(key, outputs);
      }
    }
    const ran: string[] = [];
    const d = { ...deps(def, state, ran), cache: new SlowRecords(state, layers) };
    let solved = false;
    const solving = new Solver(def, d).solve(a).then(() => (solved = true));
    while (held.length < 2) await new Promise((r) => setTimeout(r, 5));
    // Both steps ran though no record is written yet; the solve waits for the records.
    expect(ran).toEqual(['base', 'a']);
    expect(solved).toBe(false);
    for (const release of held) release();
    await solving;
    const again: string[] = [];
    await new Solver(def, deps(def, state, again)).solve(a);
    expect(again).toEqual([]);
  });

  it('fails the build when a cache record cannot be written', async () => {
    const { def, a } = diamond();
    const state = mkdtempSync(join(tmpdir(), 'solver-'));
    class BrokenRecords extends CacheStore {
      override put(): Promise<void> {
        return Promise.reject(new Error('ENOSPC: no space left on device'));
      }
    }
    const solver = new Solver(def, { ...deps(def, state, []), cache: new BrokenRecords(state, layers) });
    await expect(solver.solve(a)).rejects.toThrow('ENOSPC');
  });

  it('treats a null root as scratch', async () => {
    const def = emptyDefinition();
    const solver = new Solver(def, deps(def, mkdtempSync(join(tmpdir(), 'solver-')), []));
    expect(await solver.solve(null)).toEqual({ layers: [] });
  });
});
