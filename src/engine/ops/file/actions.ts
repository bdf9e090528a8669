// The mkdir, mkfile and rm file actions (WORKDIR, heredoc files, removals), each path resolved
// inside the destination root.
import { chmod, lchown, lstat, lutimes, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../../errors.js';
import type { FileAction } from '../../graph/op.js';
import { cleanInRoot, resolveInRoot } from '../../fs/resolve.js';
import { resolveChown } from '../../fs/users.js';
import { mkdirInRoot } from './dest.js';
import { hasWildcard, resolveWildcards } from './glob.js';

type Action<K extends FileAction['kind']> = Extract<FileAction, { kind: K }>;

export async function runMkdir(a: Action<'mkdir'>, root: string): Promise<void> {
  const owner = await resolveChown(root, a.owner);
  const meta = { owner, mode: a.mode, timestamp: a.timestamp };
  await mkdirInRoot(root, a.path, meta, a.makeParents ? { owner, timestamp: a.timestamp } : false);
}

export async function runMkfile(a: Action<'mkfile'>, root: string): Promise<void> {
  const owner = await resolveChown(root, a.owner);
  const parent = await resolveInRoot(root, dirname(cleanInRoot(a.path)));
  if (!(await lstat(parent).catch(() => undefined))?.isDirectory()) {
    throw new UserError(`mkfile ${a.path}: no such file or directory`);
  }
  const host = await resolveInRoot(root, a.path, false);
  // Never write through a symlink that is the last component: replace it.
  if ((await lstat(host).catch(() => undefined))?.isSymbolicLink()) await rm(host);
  await writeFile(host, a.data);
  await chmod(host, a.mode);
  if (owner) await lchown(host, owner.uid, owner.gid);
  if (a.timestamp !== undefined) {
    const t = new Date(a.timestamp * 1000);
    await lutimes(host, t, t);
  }
}

export async function runRm(a: Action<'rm'>, root: string): Promise<void> {
  const paths = a.allowWildcard && hasWildcard(a.path) ? await resolveWildcards(root, a.path) : [cleanInRoot(a.path)];
  for (const p of paths) {
    if (p === '/') throw new UserError('cannot remove the root directory');
    const host = await resolveInRoot(root, p, false);
    if (!(await lstat(host).catch(() => undefined))) {
      if (a.allowNotFound) continue;
      throw new UserError(`rm ${p}: no such file or directory`);
    }
    await rm(host, { recursive: true, force: true });
  }
}
