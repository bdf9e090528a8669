// `--allow`: as in buildx, a build may only read files outside the working directory
// (`fs.read=PATH`, `fs=PATH`, `*` for any) or use `network.host`/`security.insecure` when the user
// granted it on the command line, since a bake file could come from anyone.
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

/** Entitlements a target may request only with a matching `--allow`. */
const PRIVILEGED = new Set(['network.host', 'security.insecure']);

/** Throws unless every privileged entitlement of the target was allowed. */
export function checkEntitlements(target: string, requested: readonly string[], allow: readonly string[]): void {
  const granted = new Set(allow.flatMap((a) => a.split(',')).map((a) => a.trim()));
  for (const ent of requested) {
    if (PRIVILEGED.has(ent) && !granted.has(ent)) {
      throw new UserError(`additional privileges requested by target ${target}: ${ent}; pass "--allow=${ent}" to grant it`);
    }
  }
}
