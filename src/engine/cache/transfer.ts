// cache-from / cache-to of a request: `type=local` is imported before solving and exported
// after; `type=inline` is accepted (the image exporters carry no cache metadata yet, so it
// adds nothing); other types are reported as warnings and skipped, never failing the build.
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { Digest } from '../oci/types.js';
import type { BuildTarget, ExporterSpec } from '../request.js';
import type { LayerStore } from '../snapshot/types.js';
import type { CacheStore } from '../solver/cache-store.js';
import { exportLocalCache, importLocalCache } from './local-cache.js';

type Warn = (message: string) => void;

function unsupported(spec: ExporterSpec, role: string, warn: Warn): void {
  if (spec.type !== 'inline') warn(`${role} type=${spec.type} is not supported yet; skipped`);
}

export async function importCaches(targets: BuildTarget[], cache: CacheStore, layers: LayerStore, warn: Warn): Promise<void> {
  const sources = new Set<string>();
  for (const t of targets) {
    for (const spec of t.cacheFrom) {
      if (spec.type !== 'local') unsupported(spec, 'cache-from', warn);
      else if (spec.attrs['src']) sources.add(resolve(spec.attrs['src']));
      else throw new UserError('cache-from type=local requires src');
    }
  }
  for (const src of sources) await importLocalCache(src, cache, layers);
}

/** Exports the target's cache; `keys(all)` gives the cache keys of its steps (all, or the final ones). */
export async function exportCaches(
  target: BuildTarget,
  keys: (all: boolean) => Promise<Digest[]>,
  cache: CacheStore,
  layers: LayerStore,
  warn: Warn,
): Promise<void> {
  for (const spec of target.cacheTo) {
    if (spec.type !== 'local') {
      unsupported(spec, 'cache-to', warn);
      continue;
    }
    const dest = spec.attrs['dest'];
    if (!dest) throw new UserError('cache-to type=local requires dest');
    const mode = spec.attrs['mode'] ?? 'min';
    if (mode !== 'min' && mode !== 'max') throw new UserError(`invalid cache mode "${mode}" (min or max)`);
    await exportLocalCache(resolve(dest), await keys(mode === 'max'), cache, layers);
  }
}
