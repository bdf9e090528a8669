// The exec op (RUN): mounts the root snapshot writable into a new layer, prepares the step's
// extra mounts (binds of other snapshots, tmpfs, cache dirs, secrets, the SSH agent), runs the
// command through the executor and commits one layer per writable output. Whatever happens,
// everything mounted or written for the run is released.
import { chmod, chown, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ExecMount, ExecOp, Vertex } from '../graph/op.js';
import type { ActiveLayer, Snapshot } from '../snapshot/types.js';
import type { Executor, Mount } from '../executor/executor.js';
import { ExecError, OutputTail } from '../executor/exec-error.js';
import { cacheMountDir } from '../executor/mounts/cache.js';
import { writeSecretFile } from '../executor/mounts/secret.js';
import { sshAgentSocket } from '../executor/mounts/ssh.js';
import { RuncExecutor } from '../executor/runc.js';
import { copyEntries, fromBigInt } from '../fs/copy.js';
import { resolveInRoot } from '../fs/resolve.js';
import { walkSelected } from '../fs/walk.js';
import { resolveExecUser } from '../fs/users.js';
import type { OpContext, OpRunner } from './types.js';

export { ExecError } from '../executor/exec-error.js';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What one run holds: cleanups run in reverse, layers to commit per output index. */
class RunState {
  readonly mounts: Mount[] = [];
  readonly env: string[] = [];
  readonly outputs = new Map<number, { snapshot: Snapshot; layer: ActiveLayer }>();
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private readonly scratchLayers: ActiveLayer[] = [];

  defer(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }
  throwaway(layer: ActiveLayer): void {
    this.scratchLayers.push(layer);
  }

  /** Unmounts and releases everything; discards the throwaway layers (and all, on failure). */
  async release(success: boolean): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.cleanups.reverse()) await Promise.resolve(fn()).catch((e: unknown) => errors.push(e));
    const discard = success ? this.scratchLayers : [...this.scratchLayers, ...[...this.outputs.values()].map((o) => o.layer)];
    for (const l of discard) await l.discard().catch((e: unknown) => errors.push(e));
    if (errors.length > 0 && success) throw errors[0];
  }
}

function inputSnapshot(m: ExecMount, inputs: Snapshot[]): Snapshot {
  if (m.input === 'scratch') return { layers: [] };
  const snap = inputs[m.input];
  if (!snap) throw new Error(`exec mount input ${m.input} missing`);
  return snap;
}

/** Mounts a snapshot: read-only, writable into an output layer, or writable into a throwaway. */
async function mountSnapshot(m: ExecMount, inputs: Snapshot[], ctx: OpContext, st: RunState): Promise<string> {
  const snapshot = inputSnapshot(m, inputs);
  let upper: ActiveLayer | undefined;
  if (!m.readonly) {
    const id = m.output === 0 ? ctx.newLayerId : `${ctx.newLayerId}-${m.output >= 0 ? m.output : `tmp${st.mounts.length}`}`;
    upper = await ctx.layers.create(id);
    if (m.output >= 0) st.outputs.set(m.output, { snapshot, layer: upper });
    else st.throwaway(upper);
  }
  const mounted = await ctx.layers.mount(snapshot, upper);
  st.defer(() => mounted.unmount());
  return mounted.path;
}

async function prepareSecret(m: ExecMount, ctx: OpContext, st: RunState): Promise<void> {
  const s = m.secret!;
  const value = await ctx.session.secret(s.id);
  if (value === undefined) {
    if (s.optional) return;
    throw new UserError(`secret ${s.id} not found`);
  }
  if (s.env) st.env.push(`${s.env}=${Buffer.from(value).toString('utf8')}`);
  // The frontend leaves dest empty for an env-only secret (`env=` without `target=`).
  if (s.env && !m.dest) return;
  const file = await writeSecretFile(value, s);
  st.defer(() => file.cleanup());
  st.mounts.push({ type: 'bind', source: file.file, dest: m.dest, readonly: true });
}

async function prepareMount(m: ExecMount, inputs: Snapshot[], ctx: OpContext, st: RunState): Promise<void> {
  switch (m.type) {
    case 'bind': {
      const root = await mountSnapshot(m, inputs, ctx, st);
      const source = await resolveInRoot(root, m.selector ?? '/');
      // Worded as BuildKit's checksum of the mount's source fails, not as a host path.
      if (!(await stat(source).catch(() => undefined))) throw new UserError(`"${m.selector ?? '/'}": not found`);
      st.mounts.push({ type: 'bind', source, dest: m.dest, readonly: m.readonly });
      return;
    }
    case 'tmpfs':
      st.mounts.push({ type: 'tmpfs', source: 'tmpfs', dest: m.dest, readonly: m.readonly, size: m.tmpfs?.size });
      return;
    case 'cache': {
      const dir = await cacheMountDir(ctx.stateDir, m.cache?.id ?? m.dest, m.cache?.sharing ?? 'shared');
      st.defer(() => dir.release());
      if (dir.created && m.input !== 'scratch') await seedCache(m, inputs, ctx, dir.path);
      st.mounts.push({ type: 'bind', source: dir.path, dest: m.dest, readonly: m.readonly });
      return;
    }
    case 'secret':
      return prepareSecret(m, ctx, st);
    case 'ssh': {
      const socket = ctx.session.sshSocket(m.ssh?.id ?? 'default');
      if (socket === undefined) {
        if (m.ssh?.optional) return;
        throw new UserError(`no SSH key ${m.ssh?.id ?? 'default'} forwarded from the client`);
      }
      const proxy = await sshAgentSocket(socket, { uid: m.ssh?.uid ?? 0, gid: m.ssh?.gid ?? 0, mode: m.ssh?.mode ?? 0o600 });
      st.defer(() => proxy.close());
      st.mounts.push({ type: 'bind', source: proxy.socket, dest: m.dest, readonly: false });
      return;
    }
  }
}

/** A new cache dir starts as a copy of its `from=` snapshot (at `source=`). */
async function seedCache(m: ExecMount, inputs: Snapshot[], ctx: OpContext, dir: string): Promise<void> {
  const mounted = await ctx.layers.mount(inputSnapshot(m, inputs));
  try {
    const src = await resolveInRoot(mounted.path, m.selector ?? '/');
    const entries = await walkSelected(src, {});
    await copyEntries(entries.map((e) => ({ src: e.abs, dest: join(dir, e.rel), stat: fromBigInt(e.stat) })), {});
    // The cache root itself takes the source's owner and mode (uid=, gid=, mode= of the mount).
    const root = await stat(src);
    await chown(dir, root.uid, root.gid);
    await chmod(dir, root.mode & 0o7777);
  } finally {
    await mounted.unmount();
  }
}

/** The process env: PATH defaulted first, HOME last as runc sets it (crun would leave it unset for a user without a passwd entry). */
/**
 * The working directory as written, only made absolute: the runtime creates it with MkdirAll on
 * that very path, so `WORKDIR /a/../b` leaves an empty /a as under BuildKit (cleaning it first lost that).
 */
function rawCwd(cwd: string): string {
  return cwd.startsWith('/') ? cwd : join('/', cwd || '/');
}

function processEnv(exec: ExecOp, extra: string[], home: string): string[] {
  const env = [...exec.env, ...(exec.proxyEnv ?? []), ...extra];
  const withPath = env.some((e) => e.startsWith('PATH=')) ? env : [DEFAULT_PATH, ...env];
  // runc sets HOME when it is unset or empty (`ENV HOME=`), in place.
  if (withPath.some((e) => e.startsWith('HOME=') && e !== 'HOME=')) return withPath;
  return withPath.some((e) => e === 'HOME=') ? withPath.map((e) => (e === 'HOME=' ? `HOME=${home}` : e)) : [...withPath, `HOME=${home}`];
}

export class ExecOpRunner implements OpRunner {
  constructor(private readonly executor: Executor = new RuncExecutor()) {}

  async run(vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'exec') throw new Error('not an exec op');
    const exec = vertex.op.exec;
    const rootMount = exec.mounts.find((m) => m.dest === '/');
    if (!rootMount) throw new Error('exec op without a root mount');
    const st = new RunState();
    let ok = false;
    try {
      const root = await mountSnapshot({ ...rootMount, readonly: false }, inputs, ctx, st);
      const user = await resolveExecUser(root, exec.user);
      // Parents before children, as the runtime mounts them in order.
      const others = exec.mounts.filter((m) => m !== rootMount).sort((a, b) => depth(a.dest) - depth(b.dest));
      for (const m of others) await prepareMount(m, inputs, ctx, st);
      await this.execute(exec, root, user, st, ctx);
      ok = true;
    } finally {
      await st.release(ok);
    }
    return this.commit(st);
  }

  private async execute(exec: ExecOp, root: string, user: Awaited<ReturnType<typeof resolveExecUser>>, st: RunState, ctx: OpContext): Promise<void> {
    const tail = new OutputTail();
    const output = (stream: 1 | 2, data: Uint8Array): void => {
      tail.push(data);
      ctx.log(stream, data);
    };
    const proc = {
      args: exec.args, env: processEnv(exec, st.env, user.home), cwd: rawCwd(exec.cwd), user, network: exec.network,
      security: exec.security, hostname: exec.hostname, extraHosts: exec.extraHosts, output,
    };
    const { exitCode } = await this.executor.run(root, st.mounts, proc, ctx.signal);
    if (exitCode !== 0) throw new ExecError(exec.args, exitCode, tail.get());
  }

  /** Commits each output's layer; output 0 is the root. */
  private async commit(st: RunState): Promise<Snapshot[]> {
    const indices = [...st.outputs.keys()].sort((a, b) => a - b);
    const result: Snapshot[] = [];
    for (const i of indices) {
      const { snapshot, layer } = st.outputs.get(i)!;
      await layer.commit();
      result[i] = { layers: [...snapshot.layers, layer.id] };
    }
    return result;
  }
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
