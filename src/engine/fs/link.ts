// Hard links between layers. Committed layers are never modified in place, so a file of one
// layer can be the file of another when its content and metadata are what a copy would have
// given: the link costs one metadata write instead of creating and filling an inode.
import { linkSync } from 'node:fs';
import { fsPath } from '../layer/raw-names.js';

// Why a link may fail where a copy would not: the source went away (its layer was garbage
// collected meanwhile), sits on another filesystem, has too many links, or may not be linked
// (protected_hardlinks). All mean "copy instead".
const FALLBACK = new Set(['ENOENT', 'EXDEV', 'EMLINK', 'EPERM']);

/** Links `src` at the new path `dest`; false when the caller should copy instead. */
export function linkFile(src: string, dest: string): boolean {
  try {
    linkSync(fsPath(src), fsPath(dest));
    return true;
  } catch (err) {
    if (FALLBACK.has((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}
