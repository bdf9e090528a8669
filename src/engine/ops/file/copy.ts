// The copy file action with BuildKit's semantics: wildcard sources, a directory's contents (not
// the directory) copied, trailing-slash destinations, created parents owned like the files,
// --chown names looked up in the destination root, --chmod, include/exclude, --parents and ADD's
// unpacking of local archives. Sources are read only through in-root resolution.
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { UserError } from '../../../errors.js';
import type { FileAction } from '../../graph/op.js';
import { applyMeta, copyEntries, copyNode, fromBigInt, type CopyOptions, type NodeStat } from '../../fs/copy.js';
import { PatternMatcher } from '../../fs/patternmatcher.js';
import { cleanInRoot, resolveInRoot } from '../../fs/resolve.js';
import { resolveChown } from '../../fs/users.js';
import { entryPath, walkSelected } from '../../fs/walk.js';
import { extractTar } from '../../layer/extract.js';
import { fsPath } from '../../layer/raw-names.js';
import { fileDestination, makeDirInRoot, mkdirInRoot } from './dest.js';
import { hasWildcard, resolveWildcards } from './glob.js';
import { isArchive } from './archive.js';
import { noteStats, type LinkTarget } from './link.js';
import { modeFn } from './mode.js';

export type CopyAction = Extract<FileAction, { kind: 'copy' }>;

interface CopyJob {
  action: CopyAction;
  srcRoot: string;
  destRoot: string;
  opts: CopyOptions;
  /** The in-root directory source paths are kept relative to (COPY --parents). */
  pivot?: string;
  /** Set when source files may be linked rather than copied (link.ts). */
  link?: LinkTarget;
}

/** BuildKit's wording for a missing COPY source. */
function notFound(p: string): UserError {
  return new UserError(`failed to compute cache key: "${cleanInRoot(p)}" not found`);
}

async function matchSources(a: CopyAction, srcRoot: string, path: string): Promise<string[]> {
  if (!a.allowWildcard || !hasWildcard(path)) return [cleanInRoot(path)];
  const found = await resolveWildcards(srcRoot, path);
  if (found.length === 0 && !a.allowEmptyWildcard) throw notFound(path);
  return found;
}

/** Applies one copy action from the mounted source root onto the destination root. */
export async function runCopy(action: CopyAction, srcRoot: string, destRoot: string, link?: LinkTarget): Promise<void> {
  const owner = await resolveChown(destRoot, action.owner);
  const opts: CopyOptions = { owner, mode: modeFn(action.mode), timestamp: action.timestamp, failOnTypeConflict: !action.alwaysReplaceExistingDestPaths };
  const pivotAt = action.srcPath.indexOf('/./');
  const pivot = action.parents ? (pivotAt >= 0 ? cleanInRoot(action.srcPath.slice(0, pivotAt)) : '/') : undefined;
  const path = pivotAt >= 0 ? action.srcPath.slice(0, pivotAt) + action.srcPath.slice(pivotAt + 2) : action.srcPath;
  const job: CopyJob = { action, srcRoot, destRoot, opts, pivot, link };
  for (const src of await matchSources(action, srcRoot, path)) await copySource(job, src);
}

async function copySource(job: CopyJob, src: string): Promise<void> {
  const { action: a } = job;
  const host = await resolveInRoot(job.srcRoot, src, a.followSymlink);
  const big = await lstat(fsPath(host), { bigint: true }).catch(() => undefined);
  if (!big) throw notFound(src);
  const st = fromBigInt(big);
  let dest = a.destPath;
  if (job.pivot !== undefined) {
    const kept = relative(job.pivot, src);
    dest = join(a.destPath, st.isDirectory() && a.dirCopyContents ? kept : join(kept, '..')) + '/';
  }
  const parentMeta = { owner: job.opts.owner, timestamp: job.opts.timestamp };
  if (st.isDirectory() && a.dirCopyContents) {
    // BuildKit creates a missing destination dir like its parents (0755, --chown's owner or
    // root), not from the source dir, whose mode and owner --chmod does not touch either.
    const made = await makeDirInRoot(job.destRoot, dest, parentMeta, parentMeta);
    return copyDirContents(job, host, made.path, st, false, made.created);
  }
  if (a.attemptUnpackDockerCompatibility && st.isFile() && (await isArchive(host))) {
    const destDir = await mkdirInRoot(job.destRoot, dest, parentMeta);
    return extractTar(createReadStream(fsPath(host)), destDir, { format: 'apply' });
  }
  if (a.excludePatterns?.length && new PatternMatcher(a.excludePatterns).matches(basename(src))) return;
  const target = await fileDestination(job.destRoot, dest, basename(src), a.createDestPath, parentMeta);
  if (st.isDirectory()) return copyDirContents(job, host, target, st, true);
  await copyNode(host, st, target, job.opts);
}

/**
 * Copies the selected entries below `srcDir` into `destDir`; `self` also copies the dir node.
 * Into a directory the link target allows, they are written in the upper dir, linked where
 * possible (link.ts); `created` says this action created `destDir`.
 */
async function copyDirContents(job: CopyJob, srcDir: string, destDir: string, st: NodeStat, self = false, created = false): Promise<void> {
  const { includePatterns: include, excludePatterns: exclude } = job.action;
  if (self) await copyNode(srcDir, st, destDir, job.opts);
  // A context layer source (the only kind linked from) has its files' stats in its note.
  const known = job.link ? noteStats(job.srcRoot, srcDir) : undefined;
  const entries = await walkSelected(srcDir, { include, exclude, known });
  // Only with something to copy: asking may copy the dir up, which an empty copy would not do.
  const upper = !self && entries.length > 0 ? job.link?.writableDir(destDir, created) : undefined;
  const opts: CopyOptions = upper === undefined ? job.opts : { ...job.opts, fresh: true };
  if (upper !== undefined) opts.link = job.link!.hook(opts);
  const root = upper ?? destDir;
  await copyEntries(entries.map((e) => ({ src: e.abs, dest: entryPath(root, e.rel), stat: fromBigInt(e.stat) })), opts);
  if (self) await applyMeta(destDir, st, job.opts);
}
