// Path resolution confined to a root directory, like Go's securejoin / FollowSymlinkInScope:
// `..` stops at the root and symlinks (absolute ones too) are evaluated as if the root were `/`,
// so a path from a Dockerfile or an image can never name a file outside the root.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { fsPath, readlinkExact } from '../layer/raw-names.js';

// Linux's own limit on symlink hops in one lookup (MAXSYMLINKS is 40; Go's securejoin uses 255).
const MAX_LINKS = 255;

function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/** Lexically cleans `p` as an absolute path inside a root: `/a/../../b` → `/b`. */
export function cleanInRoot(p: string): string {
  const out: string[] = [];
  for (const seg of splitPath(p)) {
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

async function linkTarget(path: string): Promise<string | undefined> {
  const st = await lstat(fsPath(path)).catch(() => undefined);
  if (!st?.isSymbolicLink()) return undefined;
  return readlinkExact(path);
}

/**
 * Resolves `path` (absolute or relative to the root) inside `root`, following every symlink
 * inside the root, the last component included unless `followLast` is false. Missing
 * components are kept lexically. Returns the host path. `onLink` is told the in-root path of
 * each symlink followed on the way.
 */
export async function resolveInRoot(root: string, path: string, followLast = true, onLink?: (link: string) => void): Promise<string> {
  const done: string[] = [];
  let todo = splitPath(path);
  let hops = 0;
  while (todo.length > 0) {
    const seg = todo.shift()!;
    if (seg === '..') {
      done.pop();
      continue;
    }
    const isLast = todo.length === 0;
    const target = isLast && !followLast ? undefined : await linkTarget(join(root, ...done, seg));
    if (target === undefined) {
      done.push(seg);
      continue;
    }
    if (++hops > MAX_LINKS) throw new UserError(`too many levels of symbolic links: ${path}`);
    onLink?.('/' + [...done, seg].join('/'));
    if (target.startsWith('/')) done.length = 0;
    todo = [...splitPath(target), ...todo];
  }
  return join(root, ...done);
}

/** The path of `host` relative to `root`, as an absolute in-root path (`/a/b`). */
export function inRootPath(root: string, host: string): string {
  const rel = host.slice(root.length).replace(/^\/+/, '');
  return '/' + rel;
}
