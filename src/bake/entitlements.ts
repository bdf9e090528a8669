// `--allow fs.read=PATH` (or `fs=PATH`, `*` for any): as in buildx, a build may only read files
// outside the working directory when the user granted it, since a bake file could come from anyone.
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';

export class FsReadPolicy {
  private readonly roots: string[] = [];
  private any = false;

  constructor(
    private readonly cwd: string,
    allow: readonly string[],
  ) {
    for (const entry of allow.flatMap((a) => a.split(','))) {
      const m = /^(fs|fs\.read)=(.+)$/.exec(entry.trim());
      if (!m) continue;
      if (m[2] === '*') this.any = true;
      else this.roots.push(resolve(cwd, m[2]!));
    }
  }

  private static within(root: string, path: string): boolean {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  /** Throws unless reading the absolute `path` is allowed. */
  check(path: string): void {
    if (this.any || FsReadPolicy.within(this.cwd, path)) return;
    if (this.roots.some((r) => FsReadPolicy.within(r, path))) return;
    throw new UserError(
      `additional privileges requested: read access to path ${path} outside the working directory; pass "--allow=fs.read=${path}" to grant it`,
    );
  }
}
