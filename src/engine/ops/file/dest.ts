// Destination paths of file actions: resolved inside the destination root following its
// symlinks (`COPY f /linkdir/` writes through the link, as BuildKit does), with missing parent
// directories created and owned like the copied files.
import { chmod, lchown, lstat, lutimes, mkdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UserError } from '../../../errors.js';
import type { Owner } from '../../fs/copy.js';
import { cleanInRoot, inRootPath, resolveInRoot } from '../../fs/resolve.js';

export interface DirMeta {
  owner?: Owner;
  mode?: number;
  timestamp?: number;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function setMeta(path: string, meta: DirMeta): Promise<void> {
  if (meta.owner) await lchown(path, meta.owner.uid, meta.owner.gid);
  if (meta.timestamp !== undefined) {
    const t = new Date(meta.timestamp * 1000);
    await lutimes(path, t, t);
  }
}

/**
 * Makes sure the in-root directory `p` exists, creating it with `meta` and missing parents with
 * `parentMeta` (or failing when that is false); returns its host path.
 */
export async function mkdirInRoot(root: string, p: string, meta: DirMeta, parentMeta: DirMeta | false = meta): Promise<string> {
  return (await makeDirInRoot(root, p, meta, parentMeta)).path;
}

/** mkdirInRoot, also telling whether `p` itself was created (it did not exist before). */
export async function makeDirInRoot(root: string, p: string, meta: DirMeta, parentMeta: DirMeta | false = meta): Promise<{ path: string; created: boolean }> {
  const host = await resolveInRoot(root, p);
  const st = await lstat(host).catch(() => undefined);
  if (st?.isDirectory()) return { path: host, created: false };
  if (st) throw new UserError(`cannot create directory ${p}: file exists`);
  const parent = dirname(cleanInRoot(p));
  if (parent !== cleanInRoot(p)) {
    if (parentMeta) await mkdirInRoot(root, parent, { owner: parentMeta.owner, timestamp: parentMeta.timestamp });
    else if (!(await isDirectory(await resolveInRoot(root, parent)))) {
      throw new UserError(`mkdir ${p}: no such file or directory`);
    }
  }
  // The parent may itself be a symlink resolved just now: resolve again before creating.
  const target = await resolveInRoot(root, p);
  await mkdir(target);
  // Explicitly, since mkdir's mode is filtered by the umask; but the setgid bit the kernel gives a
  // directory made inside a setgid one stays, as BuildKit never chmods the dirs it makes (and
  // with it the parent's group keeps passing down to the dirs made below).
  const inherited = (await stat(target)).mode & 0o2000;
  await chmod(target, (meta.mode ?? 0o755) | inherited);
  await setMeta(target, meta);
  return { path: target, created: true };
}

/**
 * Where a single copied node lands: inside `dest` when it ends with `/` or is an existing
 * directory, else at `dest` itself. Missing parents are created when `create` is set.
 */
export async function fileDestination(root: string, dest: string, name: string, create: boolean, meta: DirMeta): Promise<string> {
  const asDir = dest.endsWith('/') || dest.endsWith('/.') || (await isDirectory(await resolveInRoot(root, dest)));
  if (asDir) {
    // The name added below the dir is not followed: an old symlink there is replaced.
    const inRoot = `${cleanInRoot(dest)}/${basename(name)}`;
    await ensureParent(root, dirname(inRoot), create, dest, meta);
    return resolveInRoot(root, inRoot, false);
  }
  // A symlink named as the destination is written through, dangling or not, as BuildKit does.
  const target = await resolveInRoot(root, dest);
  await ensureParent(root, dirname(inRootPath(root, target)), create, dest, meta);
  return target;
}

async function ensureParent(root: string, parent: string, create: boolean, dest: string, meta: DirMeta): Promise<void> {
  if (create) await mkdirInRoot(root, parent, meta);
  else if (!(await isDirectory(await resolveInRoot(root, parent)))) {
    throw new UserError(`copy to ${dest}: no such file or directory`);
  }
}
