// The shared conformance corpus can reach a machine as a lossy copy: read-only (files 0444,
// dirs 0555, where the source tree had 0644/0755) and with symlinks flattened into small files
// holding the link target. Engine cases compare modes and symlinks, so tests run on a temp copy
// with both restored: write bits added back, and a file whose whole content is a relative path
// to an existing sibling entry (no newline, as git stores a link) turned back into that symlink.
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

function restoreModes(path: string): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chmodSync(path, st.mode | 0o200);
  if (st.isDirectory()) for (const e of readdirSync(path)) restoreModes(join(path, e));
}

function flattenedLinkTarget(file: string, root: string): string | undefined {
  const st = lstatSync(file);
  if (!st.isFile() || st.size === 0 || st.size > 255) return undefined;
  const text = readFileSync(file, 'latin1');
  if (/[\n\0]/.test(text) || text.startsWith('/')) return undefined;
  const target = resolve(dirname(file), text);
  if (target === file || !target.startsWith(root + '/')) return undefined;
  try {
    lstatSync(target);
    return text;
  } catch {
    return undefined;
  }
}

function restoreLinks(dir: string, root: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) restoreLinks(path, root);
    else {
      const target = flattenedLinkTarget(path, root);
      if (target === undefined) continue;
      rmSync(path);
      symlinkSync(target, path);
    }
  }
}

/** A writable copy of `corpusDir` with modes and flattened symlinks of every `context/` restored. */
export function restoredCorpusCopy(corpusDir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'bake-corpus-'));
  cpSync(corpusDir, copy, { recursive: true, verbatimSymlinks: true });
  restoreModes(copy);
  const cases = join(copy, 'cases');
  for (const c of readdirSync(cases)) {
    const context = join(cases, c, 'context');
    try {
      if (lstatSync(context).isDirectory()) restoreLinks(context, context);
    } catch {
      // A case without a context directory.
    }
  }
  return copy;
}
