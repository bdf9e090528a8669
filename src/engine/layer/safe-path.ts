// Path checks for untrusted archive entries: an entry lands inside the destination or nowhere.
// Every existing component is checked with lstat, and a symlink on the way counts as an
// escape, so a link planted by an earlier entry can never redirect a later write.
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The entry name as a clean relative path (`a/b`), `''` for the root itself, or undefined when
 * it climbs (`..`). Leading `/` and `./` are dropped, as Docker does for absolute entries.
 */
export function cleanEntryName(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.join('/');
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Makes sure every parent directory of `rel` under `dest` is a real directory (creating missing
 * ones with mode 0755). False when a component is a symlink or a non-directory.
 */
export async function ensureParents(dest: string, rel: string, created?: (dir: string) => void): Promise<boolean> {
  const parts = rel.split('/');
  let path = dest;
  for (const part of parts.slice(0, -1)) {
    path = join(path, part);
    try {
      const st = await lstat(path);
      if (!st.isDirectory()) return false;
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
      await mkdir(path, { mode: 0o755 });
      created?.(path);
    }
  }
  return true;
}

/** True when every parent of `rel` exists as a real directory (no symlinks): for link targets and whiteouts. */
export async function parentsAreDirs(dest: string, rel: string): Promise<boolean> {
  let path = dest;
  for (const part of rel.split('/').slice(0, -1)) {
    path = join(path, part);
    try {
      if (!(await lstat(path)).isDirectory()) return false;
    } catch (err) {
      if (errCode(err) === 'ENOENT') return false;
      throw err;
    }
  }
  return true;
}
