// `contexts = { x = "target:other" }`: the linked target is resolved too (built only for its
// cache, so its output becomes cacheonly unless it was requested) and checked for cycles and
// platform compatibility.
import { UserError } from '../errors.js';
import type { ResolveTarget } from './resolve.js';
import type { Target } from './types.js';

export const TARGET_PREFIX = 'target:';

function goList(list: readonly string[]): string {
  return `[${list.join(' ')}]`;
}

/** Resolves `name`'s linked targets into `all`, recursively. */
export function loadLinks(resolve: ResolveTarget, name: string, t: Target, all: Map<string, Target>, visited: string[] = []): void {
  const path = [...visited, name];
  for (const key of Object.keys(t.contexts ?? {}).sort()) {
    const value = t.contexts![key]!;
    if (!value?.startsWith(TARGET_PREFIX)) continue;
    const linked = value.slice(TARGET_PREFIX.length);
    if (linked === name) throw new UserError(`target ${linked} cannot link to itself`);
    if (path.includes(linked)) throw new UserError(`infinite loop from ${name} to ${linked}`);
    let t2 = all.get(linked);
    if (!t2) {
      t2 = resolve(linked);
      t2.output = [{ type: 'cacheonly' }];
      all.set(linked, t2);
    }
    loadLinks(resolve, linked, t2, all, path);
    if (t2.entitlements?.length) t.entitlements = [...new Set([...(t.entitlements ?? []), ...t2.entitlements])];
    const mine = t.platforms ?? [];
    const theirs = t2.platforms ?? [];
    if (mine.length > 1 && theirs.length > 1 && !mine.every((p) => theirs.includes(p))) {
      throw new UserError(`target ${linked} can't be used by ${name} because its platforms ${goList(mine)} are not a subset of ${goList(theirs)}`);
    }
  }
}
