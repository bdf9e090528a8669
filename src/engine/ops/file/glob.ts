// COPY source wildcards: Go filepath.Glob semantics evaluated inside a root: each segment with
// `* ? [` (or a `\` escape) is matched against directory listings, `*` never crosses `/`, and
// intermediate directories are reached through in-root symlink resolution.
import { lstat, stat } from 'node:fs/promises';
import { globRegExp } from '../../fs/patternmatcher.js';
import { resolveInRoot } from '../../fs/resolve.js';
import { fsPath, readdirExact } from '../../layer/raw-names.js';

export function hasWildcard(p: string): boolean {
  return /[*?[\\]/.test(p);
}

async function isDir(root: string, inRoot: string): Promise<boolean> {
  const st = await stat(fsPath(await resolveInRoot(root, inRoot))).catch(() => undefined);
  return st?.isDirectory() ?? false;
}

/** In-root paths (`/a/b`) that exist and match `pattern`, sorted. */
export async function expandWildcard(root: string, pattern: string): Promise<string[]> {
  let found = [''];
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  for (const seg of segs) {
    const next: string[] = [];
    if (!hasWildcard(seg)) {
      for (const f of found) next.push(`${f}/${seg}`);
    } else {
      const re = globRegExp(seg);
      for (const f of found) {
        if (!(await isDir(root, f || '/'))) continue;
        const names = readdirExact(await resolveInRoot(root, f || '/')).map((e) => e.name);
        for (const n of names.sort()) if (re.test(n)) next.push(`${f}/${n}`);
      }
    }
    found = next;
  }
  const out: string[] = [];
  for (const f of found) {
    if (await lstat(fsPath(await resolveInRoot(root, f || '/', false))).catch(() => undefined)) out.push(f || '/');
  }
  return out;
}
