// COPY source wildcards: Go filepath.Glob semantics evaluated inside a root: each segment with
// an unescaped `* ? [` is matched against directory listings, `*` never crosses `/`, and
// intermediate directories are reached through in-root symlink resolution.
import { lstat, stat } from 'node:fs/promises';
import { UserError } from '../../../errors.js';
import { globRegExp } from '../../fs/patternmatcher.js';
import { inRootPath, resolveInRoot } from '../../fs/resolve.js';
import { fsPath, readdirExact } from '../../layer/raw-names.js';

/** A path with `*`, `?` or `[` not escaped by a backslash (fsutil's containsWildcards): `a\b` is a plain name. */
export function hasWildcard(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '*' || p[i] === '?' || p[i] === '[') return true;
  }
  return false;
}

async function isDir(root: string, inRoot: string): Promise<boolean> {
  const st = await stat(fsPath(await resolveInRoot(root, inRoot))).catch(() => undefined);
  return st?.isDirectory() ?? false;
}

/** In-root paths (`/a/b`) that exist and match `pattern`, sorted, through symlinks on the way (fsutil's FollowLinks). */
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

/** A segment matcher; a malformed pattern matches nothing, as Go's filepath.Match errors are ignored. */
function segmentMatcher(seg: string): (name: string) => boolean {
  try {
    const re = globRegExp(seg);
    return (name) => re.test(name);
  } catch {
    return () => false;
  }
}

/**
 * Copy and rm sources as BuildKit resolves them (fsutil's ResolveWildcards): the segments before
 * the first wildcard are resolved in the root, following symlinks, and must exist (else the
 * `lstat` error); below that the tree is walked in name order without following symlinks (`l?dir/f`
 * does not reach into a linked dir), and a matched directory is not descended into.
 */
export async function resolveWildcards(root: string, pattern: string): Promise<string[]> {
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const first = segs.findIndex(hasWildcard);
  const prefix = '/' + (first < 0 ? segs : segs.slice(0, first)).join('/');
  const base = await resolveInRoot(root, prefix);
  const st = await lstat(fsPath(base)).catch(() => undefined);
  if (first < 0) return st ? [prefix] : [];
  if (!st) throw new UserError(`lstat ${prefix}: no such file or directory`);
  const matchers = segs.slice(first).map(segmentMatcher);
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    const entries = readdirExact(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // Go's Match needs as many segments as the pattern: only a full-depth path can match.
      if (!matchers[depth]!(e.name)) continue;
      const host = `${dir}/${e.name}`;
      if (depth === matchers.length - 1) out.push(inRootPath(root, host));
      else if (e.isDirectory()) walk(host, depth + 1);
    }
  };
  if (st.isDirectory()) walk(base, 0);
  return out;
}
