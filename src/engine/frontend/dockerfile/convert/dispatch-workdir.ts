// WORKDIR: relative to the previous one, and created (mkdir -p, 0755, owned by the current USER)
// as a file step with a layer, as BuildKit does; `/` needs no step.
import { posix } from 'node:path';
import type { ChownOpt } from '../../../graph/op.js';
import type { WorkdirCommand } from '../instructions/commands.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { expand, stepOptions } from './dispatch-state.js';
import { commitToHistory } from './image.js';

/**
 * One side of `user:group` as BuildKit's LLB WithUser reads it: `root` and a decimal id are ids
 * (never looked up), and an empty name is sent as id 0, so `1000:` owns files as 1000:0.
 */
function chownPart(s: string): { id: number } | { name: string } {
  if (s === 'root' || s === '') return { id: 0 };
  return /^\+?\d+$/.test(s) && Number(s) <= 0x7fffffff ? { id: Number(s) } : { name: s };
}

/** `user[:group]` with numeric ids or names (names are resolved in the rootfs at run time). */
export function parseChown(spec: string): ChownOpt | undefined {
  if (spec === '') return undefined;
  const [user = '', group] = spec.split(':', 2);
  const owner: ChownOpt = { user: chownPart(user) };
  if (group !== undefined) owner.group = chownPart(group);
  return owner;
}

/** `p` resolved against the working directory `wd` (BuildKit's NormalizeWorkdir). */
export function resolveWorkdir(wd: string | undefined, p: string): string {
  return posix.normalize(posix.isAbsolute(p) ? p : posix.join('/', wd || '/', p)).replace(/(.)\/$/, '$1');
}

/**
 * The WorkingDir BuildKit records (NormalizeWorkdir): a relative path joined to the previous one
 * and cleaned, an absolute one kept as written (`/app/` stays `/app/` in the config and history).
 */
function workdirOf(wd: string | undefined, p: string): string {
  return posix.isAbsolute(p) ? p : resolveWorkdir(wd, p);
}

export function dispatchWorkdir(ctx: ConvertContext, d: DispatchState, c: WorkdirCommand): void {
  const wd = workdirOf(d.image.config.WorkingDir, expand(ctx, d, c.path));
  d.image.config.WorkingDir = wd;
  if (wd === '/') {
    commitToHistory(d.image, `WORKDIR ${wd}`, false, ctx.opts.sourceDateEpoch);
    return;
  }
  const owner = parseChown(d.image.config.User ?? '');
  d.state = d.state.file(
    [{ kind: 'mkdir', path: resolveWorkdir('/', wd), mode: 0o755, makeParents: true, owner, timestamp: ctx.opts.sourceDateEpoch }],
    stepOptions(ctx, d, c),
  );
  commitToHistory(d.image, `WORKDIR ${wd}`, true, ctx.opts.sourceDateEpoch);
}
