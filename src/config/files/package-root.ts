// Files shipped beside the code (package.json, schemas/) are found by walking up from the
// running module to the package root, so the same code works from dist/ and from the bundle
// (dist/bundle/, one directory shallower), whose chunks sit at a different depth.
import { existsSync } from 'node:fs';

/** The URL of `relative` (e.g. `schemas/x.json`) in the package that contains `from`. */
export function packageFile(relative: string, from: string | URL = import.meta.url): URL {
  for (let dir = new URL('.', from); ; dir = new URL('..', dir)) {
    if (existsSync(new URL('package.json', dir))) return new URL(relative, dir);
    if (dir.pathname === '/') throw new Error(`no package.json above ${String(from)}`);
  }
}
