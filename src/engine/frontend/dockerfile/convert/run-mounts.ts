// RUN --mount: each mount kind mapped to an exec mount of the graph. Mount values are expanded
// with the stage env; `from=` names a stage, a named context or an image and makes it a
// dependency. Defaults follow BuildKit (bind read-only from the context, cache id = target,
// secrets under /run/secrets, ssh agents under /run/buildkit).
import { posix } from 'node:path';
import type { MountSpec as GraphMount } from '../../../graph/state.js';
import { State } from '../../../graph/state.js';
import type { MountSpec, RunCommand } from '../instructions/commands.js';
import { runMounts } from '../instructions/runmount.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { dockerfileError, expand, stepOptions } from './dispatch-state.js';
import { includePath } from './dispatch-copy.js';

function selector(source: string | undefined): string | undefined {
  if (source === undefined || source === '') return undefined;
  return posix.join('/', source);
}

/** The mount's input: `from=`, else the context (only the bound path) or an empty cache dir. */
async function mountSource(ctx: ConvertContext, d: DispatchState, c: RunCommand, m: MountSpec): Promise<State> {
  if (m.from) return (await ctx.resolveFrom(m.from, c.location, d.platform, m.target ?? '')).state;
  if (m.type === 'bind') {
    const include = m.source ? includePath(m.source) : undefined;
    return ctx.context(include === undefined ? undefined : [include]);
  }
  return State.scratch();
}

/** A cache mount with uid/gid/mode starts from a directory created with them (BuildKit does the same). */
function cachePermissions(ctx: ConvertContext, d: DispatchState, c: RunCommand, m: MountSpec): State | undefined {
  if (m.from || (m.uid === undefined && m.gid === undefined && m.mode === undefined)) return undefined;
  const owner = { user: { id: m.uid ?? 0 }, group: { id: m.gid ?? 0 } };
  const mkdir = { kind: 'mkdir' as const, path: '/cache', mode: m.mode ?? 0o755, makeParents: true, owner };
  return State.scratch().file([mkdir], stepOptions(ctx, d, c));
}

function mountTarget(d: DispatchState, target: string): string {
  return posix.isAbsolute(target) ? posix.normalize(target) : posix.join('/', d.image.config.WorkingDir || '/', target);
}

async function toGraphMount(
  ctx: ConvertContext,
  d: DispatchState,
  c: RunCommand,
  m: MountSpec,
  sshIndex: number,
): Promise<GraphMount> {
  const base = { readonly: m.readOnly, output: false };
  switch (m.type) {
    case 'bind':
    case 'cache': {
      if (!m.target) throw dockerfileError(ctx, c.location, 'mount target must be specified');
      const dest = mountTarget(d, m.target);
      const mount: GraphMount = { ...base, type: m.type, state: await mountSource(ctx, d, c, m), dest, selector: selector(m.source) };
      const perms = m.type === 'cache' ? cachePermissions(ctx, d, c, m) : undefined;
      if (perms) Object.assign(mount, { state: perms, selector: '/cache' });
      if (m.type === 'cache') {
        const ns = ctx.opts.buildArgs['BUILDKIT_CACHE_MOUNT_NS'];
        const id = m.cacheId || dest;
        mount.cache = { id: ns ? `${ns}/${id}` : id, sharing: m.cacheSharing ?? 'shared' };
      }
      return mount;
    }
    case 'tmpfs': {
      if (!m.target) throw dockerfileError(ctx, c.location, 'mount target must be specified');
      const tmpfs = m.sizeLimit === undefined ? {} : { size: m.sizeLimit };
      return { ...base, type: 'tmpfs', state: State.scratch(), dest: mountTarget(d, m.target), tmpfs };
    }
    case 'secret': {
      const id = m.cacheId || m.source || (m.target ? posix.basename(m.target) : '');
      if (!id) throw dockerfileError(ctx, c.location, 'one of source, target required');
      // Without a target the file is /run/secrets/ and the id's last element (`id=dir/s` -> /run/secrets/s).
      const dest = m.target ? mountTarget(d, m.target) : m.env ? '' : `/run/secrets/${posix.basename(id)}`;
      const secret = { id, uid: m.uid ?? 0, gid: m.gid ?? 0, mode: m.mode ?? 0o400, optional: !m.required, env: m.env };
      return { ...base, type: 'secret', state: State.scratch(), dest, secret };
    }
    case 'ssh': {
      const id = m.cacheId || 'default';
      const dest = m.target ? mountTarget(d, m.target) : `/run/buildkit/ssh_agent.${sshIndex}`;
      const ssh = { id, uid: m.uid ?? 0, gid: m.gid ?? 0, mode: m.mode ?? 0o600, optional: !m.required };
      return { ...base, type: 'ssh', state: State.scratch(), dest, ssh };
    }
  }
}

/** A RUN's `--mount`s, and the first ssh mount's target as the RUN's command sees it. */
export interface ExecMounts {
  mounts: GraphMount[];
  /**
   * BuildKit keeps a relative secret or ssh target as written: runc mounts it relative to the
   * working directory (as `dest` is made here), while SSH_AUTH_SOCK holds the target unchanged.
   */
  sshSocket?: string;
}

/** Every `--mount` of a RUN (values expanded with the stage env) as graph mounts, in order. */
export async function execMounts(ctx: ConvertContext, d: DispatchState, c: RunCommand): Promise<ExecMounts> {
  let specs: MountSpec[];
  try {
    specs = runMounts(c, (word) => expand(ctx, d, word));
  } catch (err) {
    throw dockerfileError(ctx, c.location, err instanceof Error ? err.message : String(err), err);
  }
  const mounts: GraphMount[] = [];
  let ssh = 0;
  let sshSocket: string | undefined;
  for (const m of specs) {
    const mount = await toGraphMount(ctx, d, c, m, m.type === 'ssh' ? ssh++ : 0);
    if (mount.type === 'ssh') sshSocket ??= m.target || mount.dest;
    mounts.push(mount);
  }
  return { mounts, sshSocket };
}
