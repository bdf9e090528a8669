// Which files of a session directory a local source selects.
import type { SourceOp } from '../../graph/op.js';
import type { LocalDir } from '../../session.js';
import { inRootPath, resolveInRoot } from '../../fs/resolve.js';
import { walkSelected, type WalkEntry } from '../../fs/walk.js';
import { expandWildcard, hasWildcard } from '../file/glob.js';

export type LocalSource = Extract<SourceOp, { type: 'local' }>;

/**
 * The walk filter of a local source: its include/exclude plus the session's .dockerignore, and
 * the targets of followed symlinks. BuildKit's frontend sends COPY sources as both include
 * patterns and follow paths; an op without `followPaths` follows its literal includes the same way.
 */
export async function selectedEntries(dir: LocalDir, src: LocalSource): Promise<WalkEntry[]> {
  const include = [...(src.include ?? [])];
  const follow = src.followPaths ?? include;
  if (include.length > 0) include.push(...(await followTargets(dir.dir, follow)));
  return walkSelected(dir.dir, { include, exclude: [...dir.excludes, ...(src.exclude ?? [])] });
}

const walks = new WeakMap<object, Map<string, Promise<WalkEntry[]>>>();

/**
 * selectedEntries walked once per `scope` (a solve's session): the cache key's hashing and the
 * transfer then share one walk of the context (20,000 lstat calls on a big one) and see the very
 * same files.
 */
export function selectedEntriesOnce(scope: object, dir: LocalDir, src: LocalSource): Promise<WalkEntry[]> {
  let memo = walks.get(scope);
  if (!memo) walks.set(scope, (memo = new Map()));
  const key = JSON.stringify([dir.dir, dir.excludes, src.include, src.exclude, src.followPaths]);
  let walk = memo.get(key);
  if (!walk) {
    walk = selectedEntries(dir, src);
    memo.set(key, walk);
    walk.catch(() => memo.delete(key));
  }
  return walk;
}

/** A follow path's wildcards expanded to the context paths they match (`COPY l* /x/`). */
async function expandFollow(root: string, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) out.push(...(hasWildcard(p) ? await expandWildcard(root, p) : [p]));
  return out;
}

/**
 * The in-context paths a lookup of `paths` goes through: every symlink followed, in a parent
 * (`ldir/f` with ldir -> real) as in the last component, and where it ends up (fsutil's
 * FollowLinks sends both the links and their targets).
 */
async function followTargets(root: string, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of await expandFollow(root, paths)) {
    const end = await resolveInRoot(root, p, true, (link) => out.push(link.slice(1)));
    out.push(inRootPath(root, end).slice(1));
  }
  return out.filter((p) => p !== '');
}
