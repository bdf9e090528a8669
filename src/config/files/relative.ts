// BUILDX_BAKE_FILE_RELATIVE_PATHS: local `context`/`contexts` paths resolve from the directory of
// the file that defines the target instead of the working directory; `cwd://` opts back out.
import { dirname, join, isAbsolute } from 'node:path';
import { isObject, makeObject, type Value } from '../hcl/value.js';
import type { RawTarget } from '../types.js';

const CWD_PREFIX = 'cwd://';

/** A local path, as opposed to a URL, `target:x`, `docker-image://x` or git address. */
export function isLocalPath(v: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(v) && !v.startsWith('target:') && !v.startsWith('git@');
}

function relocate(v: Value, dir: string): Value {
  if (typeof v !== 'string') return v;
  if (v.startsWith(CWD_PREFIX)) return v.slice(CWD_PREFIX.length) || '.';
  if (!isLocalPath(v) || isAbsolute(v) || dir === '.') return v;
  return join(dir, v);
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
