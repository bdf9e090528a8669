// `--allow`: as in buildx, a build may only touch files outside the working directory
// (`fs.read=PATH`, `fs.write=PATH`, `fs=PATH`, `*` for any) or use `network.host`/
// `security.insecure` when the user granted it on the command line, since a bake file could come
// from anyone.
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseGoBool } from '../strconv.js';

/**
 * Filesystem entitlements, on the paths buildx checks: files bake itself reads for the build
 * (secret and SSH key files, `cache-from` local dirs) and writes (local/tar outputs, `cache-to`
 * local dirs). Build contexts and Dockerfiles are not checked, as in buildx. A read outside the
 * working directory without `--allow=fs.read=PATH` is an error (a warning only with
 * BUILDX_BAKE_ENTITLEMENTS_FS=0); a write outside it without `fs.write` is a warning, as buildx
 * still prints today, and an error with BUILDX_BAKE_ENTITLEMENTS_FS=1.
 */
export class FsPolicy {
  private readonly readRoots: string[] = [];
  private readonly writeRoots: string[] = [];
  private readonly enforce: boolean | undefined = undefined;
  readonly warnings: string[] = [];

  constructor(
    private readonly cwd: string,
    allow: readonly string[],
    env: Record<string, string | undefined>,
  ) {
    for (const entry of allow.flatMap((a) => a.split(','))) {
      const m = /^(fs|fs\.read|fs\.write)=(.+)$/.exec(entry.trim());
      if (!m) continue;
      const root = m[2] === '*' ? '/' : resolve(cwd, m[2]!);
      if (m[1] !== 'fs.write') this.readRoots.push(root);
      if (m[1] !== 'fs.read') this.writeRoots.push(root);
    }
    const flag = env['BUILDX_BAKE_ENTITLEMENTS_FS'];
    if (flag !== undefined && flag !== '') {
      this.enforce = parseGoBool(flag);
      if (this.enforce === undefined) throw new UserError(`failed to parse BUILDX_BAKE_ENTITLEMENTS_FS value "${flag}"`);
    }
  }

  private static within(root: string, path: string): boolean {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  private allowed(roots: string[], path: string): boolean {
    return FsPolicy.within(this.cwd, path) || roots.some((r) => FsPolicy.within(r, path));
  }

  private deny(message: string, fatal: boolean): void {
    if (fatal) throw new UserError(message);
    this.warnings.push(message);
  }

  /** Reading the absolute `path` needs `fs.read` unless it is below the working directory. */
  checkRead(path: string): void {
    if (this.allowed(this.readRoots, path)) return;
    this.deny(`additional privileges requested: read access to path ${path}; pass "--allow=fs.read=${path}" to grant it`, this.enforce ?? true);
  }

  /** Writing the absolute `path` needs `fs.write` unless it is below the working directory. */
  checkWrite(path: string): void {
    if (this.allowed(this.writeRoots, path)) return;
    this.deny(`additional privileges requested: write access to path ${path}; pass "--allow=fs.write=${path}" to grant it`, this.enforce ?? false);
  }
}

/** `--allow` keys buildx's ParseEntitlements knows: bare, or `KEY=VALUE` for the path/image ones. */
const ALLOW_BARE = new Set(['network.host', 'security.insecure', 'ssh']);
const ALLOW_VALUED = new Set(['fs.read', 'fs.write', 'fs', 'image.push', 'image.load', 'image', 'device']);

/** Rejects an unknown `--allow` key before anything is read, as buildx does (each flag is one value, commas included). */
export function checkAllowKeys(allow: readonly string[]): void {
  for (const entry of allow) {
    if (ALLOW_BARE.has(entry)) continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (!ALLOW_VALUED.has(key)) throw new UserError(`unknown entitlement key ${JSON.stringify(key)}`);
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
