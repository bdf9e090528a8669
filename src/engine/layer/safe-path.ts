// Path checks for untrusted archive entries: an entry lands inside the destination or nowhere.
// Every existing component is checked with lstat, and a symlink on the way counts as an
// escape, so a link planted by an earlier entry can never redirect a later write.
// Synchronous: a layer has thousands of entries, and a promise per lstat would cost a
// thread-pool round trip each (slow when the event loop is shared with a context walk).
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fsPath } from './raw-names.js';

/**
 * The entry name as a clean relative path (`a/b`), `''` for the root itself. Leading `/` and
 * `./` are dropped, and `..` never climbs above the root (`../x` is `x`), as in Docker's untar,
 * which runs chrooted in the destination, and containerd's, which resolves names in the root.
 */
export function cleanEntryName(name: string): string {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Makes sure every parent directory of `rel` under `dest` is a real directory (creating missing
 * ones with mode 0755). False when a component is a symlink or a non-directory.
 */
export function ensureParents(dest: string, rel: string, created?: (dir: string) => void): boolean {
  const parts = rel.split('/');
  let path = dest;
  for (const part of parts.slice(0, -1)) {
    path = join(path, part);
    const st = lstatSync(fsPath(path), { throwIfNoEntry: false });
    if (st === undefined) {
      mkdirSync(fsPath(path), { mode: 0o755 });
      created?.(path);
    } else if (!st.isDirectory()) {
      return false;
    }
  }
  return true;
}

/** True when every parent of `rel` exists as a real directory (no symlinks): for link targets and whiteouts. */
export function parentsAreDirs(dest: string, rel: string): boolean {
  let path = dest;
  for (const part of rel.split('/').slice(0, -1)) {
    path = join(path, part);
    if (!lstatSync(fsPath(path), { throwIfNoEntry: false })?.isDirectory()) return false;
  }
  return true;
}
