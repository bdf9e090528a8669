// BUILDX_BAKE_FILE_RELATIVE_PATHS: local `context`/`contexts` paths resolve from the directory of
// the file that defines the target instead of the working directory, and a target with no
// context anywhere in its inherits chain builds that directory; `cwd://` values opt out and are
// kept as written (the build reads them from the working directory).
import { dirname, join, isAbsolute } from 'node:path';
import { UserError } from '../../errors.js';
import { parseGoBool } from '../../strconv.js';
import { isObject, makeObject, type Value } from '../hcl/value.js';
import type { RawTarget } from '../types.js';

const CWD_PREFIX = 'cwd://';
const ENV_NAME = 'BUILDX_BAKE_FILE_RELATIVE_PATHS';

/** The switch read as buildx reads it: trimmed, empty is off, anything but a Go bool an error. */
export function fileRelativePaths(env: Record<string, string | undefined>): boolean {
  const v = (env[ENV_NAME] ?? '').trim();
  if (v === '') return false;
  const on = parseGoBool(v);
  if (on === undefined) {
    throw new UserError(`failed to parse ${ENV_NAME} value ${JSON.stringify(v)}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  return on;
}

/** A local path, as opposed to a URL, `target:x`, `docker-image://x` or git address. */
export function isLocalPath(v: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(v) && !v.startsWith('target:') && !v.startsWith('git@');
}

function relocate(v: Value, dir: string): Value {
  if (typeof v !== 'string' || v.startsWith(CWD_PREFIX)) return v;
  if (!isLocalPath(v) || isAbsolute(v) || dir === '.') return v;
  return join(dir, v);
}

function inheritsOf(t: RawTarget): string[] {
  const v = t.attrs['inherits'];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * A block setting `context` to its file's directory, placed before the first block of every
 * target whose blocks and parents set no context (so a child's or `--set` context still wins).
 */
export function withDefaultContexts(targets: RawTarget[], dirOf: (t: RawTarget) => string): RawTarget[] {
  const blocks = new Map<string, RawTarget[]>();
  for (const t of targets) blocks.set(t.name, [...(blocks.get(t.name) ?? []), t]);
  const known = new Map<string, boolean>();
  const hasContext = (name: string, seen: Set<string>): boolean => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    if (seen.has(name)) return false;
    seen.add(name);
    const own = blocks.get(name) ?? [];
    const found = own.some((b) => b.attrs['context'] !== undefined && b.attrs['context'] !== null) || own.some((b) => inheritsOf(b).some((p) => hasContext(p, seen)));
    known.set(name, found);
    return found;
  };
  const out: RawTarget[] = [];
  const done = new Set<string>();
  for (const t of targets) {
    const dir = dirOf(t);
    if (!done.has(t.name) && dir !== '.' && !hasContext(t.name, new Set())) {
      out.push({ name: t.name, attrs: { context: dir }, ranges: {}, ...(t.range ? { range: t.range } : {}) });
    }
    done.add(t.name);
    out.push(t);
  }
  return out;
}

/**
 * Rewrites local context paths of targets relative to their defining file's directory, or to
 * `baseDir` when given (Compose targets use the first Compose file's directory).
 */
export function relativeToFiles(targets: RawTarget[], baseDir?: string): RawTarget[] {
  return targets.map((t) => {
    const dir = baseDir ?? dirname(t.range?.filename ?? '.');
    const attrs = { ...t.attrs };
    if ('context' in attrs) attrs['context'] = relocate(attrs['context']!, dir);
    const contexts = attrs['contexts'];
    if (isObject(contexts)) {
      attrs['contexts'] = makeObject(Object.entries(contexts).map(([k, v]) => [k, relocate(v, dir)]));
    }
    return { ...t, attrs };
  });
}
