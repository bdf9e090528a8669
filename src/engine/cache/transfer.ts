// cache-from / cache-to of a request: `type=local` and `type=registry` are imported before
// solving and exported after; `type=inline` is accepted (the image exporters carry no cache metadata yet, so it
// adds nothing); other types are reported as warnings and skipped, never failing the build.
import { resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { Digest } from '../oci/types.js';
import type { BuildTarget, ExporterSpec } from '../request.js';
import type { LayerStore } from '../snapshot/types.js';
import type { CacheStore } from '../solver/cache-store.js';
import type { ContentStore } from '../content/store.js';
import { exportLocalCache, importLocalCache } from './local-cache.js';
import { exportRegistryCache, importRegistryCache } from './registry-cache.js';

type Warn = (message: string) => void;

function unsupported(spec: ExporterSpec, role: string, warn: Warn): void {
  if (spec.type !== 'inline') warn(`${role} type=${spec.type} is not supported yet; skipped`);
}

/** Where the cache goes or comes from: `local:DIR` or `registry:REF`. */
function location(spec: ExporterSpec, role: 'cache-from' | 'cache-to'): string | undefined {
  if (spec.type === 'registry') {
    if (!spec.attrs['ref']) throw new UserError(`${role} type=registry requires ref`);
    return `registry:${spec.attrs['ref']}`;
  }
  if (spec.type !== 'local') return undefined;
  const path = spec.attrs[role === 'cache-from' ? 'src' : 'dest'];
  if (!path) throw new UserError(`${role} type=local requires ${role === 'cache-from' ? 'src' : 'dest'}`);
  return `local:${resolve(path)}`;
}

export async function importCaches(targets: BuildTarget[], cache: CacheStore, layers: LayerStore, store: ContentStore, warn: Warn): Promise<void> {
  const sources = new Set<string>();
  for (const t of targets) {
    for (const spec of t.cacheFrom) {
      const loc = location(spec, 'cache-from');
      if (loc) sources.add(loc);
      else unsupported(spec, 'cache-from', warn);
    }
  }
  for (const src of sources) {
    if (src.startsWith('local:')) await importLocalCache(src.slice(6), cache, layers);
    else await importRegistryCache(src.slice(9), cache, layers, store);
  }
}

/** Exports the target's cache; `keys(all)` gives the cache keys of its steps (all, or the final ones). */
export async function exportCaches(
  target: BuildTarget,
  keys: (all: boolean) => Promise<Digest[]>,
  cache: CacheStore,
  layers: LayerStore,
  store: ContentStore,
  warn: Warn,
): Promise<void> {
  for (const spec of target.cacheTo) {
    const loc = location(spec, 'cache-to');
    if (!loc) {
      unsupported(spec, 'cache-to', warn);
      continue;
    }
    const mode = spec.attrs['mode'] ?? 'min';
    if (mode !== 'min' && mode !== 'max') throw new UserError(`invalid cache mode "${mode}" (min or max)`);
    const wanted = await keys(mode === 'max');
    if (loc.startsWith('local:')) await exportLocalCache(loc.slice(6), wanted, cache, layers);
    else await exportRegistryCache(loc.slice(9), wanted, cache, layers, store);
  }
}
