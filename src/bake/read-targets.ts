// buildx's ReadTargets over a merged config: requested names (groups expanded) resolved with
// their overrides, the groups traversed, a synthesized `default` group listing what was asked
// for, and linked (`target:`) targets added.
import type { BakeConfig } from './config.js';
import { loadLinks } from './links.js';
import { parseOverrides } from './overrides.js';
import { targetResolver } from './resolve.js';
import type { Group, Target } from './types.js';

export interface ReadOptions {
  /** `--set` values, shorthand flags already turned into `*.key=value` entries. */
  sets: readonly string[];
  /** The environment for bare `--set t.args.NAME`; undefined when env lookup is disabled. */
  env: Record<string, string | undefined> | undefined;
  /** `$SOURCE_DATE_EPOCH`: added as a build arg to targets that do not set it. */
  sourceDateEpoch?: string;
}

export interface ResolvedTargets {
  targets: Map<string, Target>;
  groups: Map<string, Group>;
}

function defaultGroup(requested: readonly string[], groups: Map<string, Group>): void {
  let g = groups.get('default');
  const real = g !== undefined;
  for (const name of requested) {
    if (real && name === 'default') continue;
    if (!g) {
      g = { name: 'default', targets: [] };
      groups.set('default', g);
    }
    g.targets.push(name);
  }
  if (g) g.targets = [...new Set(g.targets)].sort();
}

/** Resolves the requested names (already expanded with config.expandNames). */
export function readTargets(config: BakeConfig, requested: readonly string[], opts: ReadOptions): ResolvedTargets {
  const resolve = targetResolver(config, parseOverrides(opts.sets, [...config.targets.keys()], opts.env));
  const targets = new Map<string, Target>();
  const groups = new Map<string, Group>();
  for (const name of requested) {
    const r = config.resolveGroup(name);
    for (const t of r.targets) targets.set(t, resolve(t));
    for (const gname of r.groups) {
      const g = config.groups.get(gname)!;
      groups.set(gname, { ...g, targets: [...g.targets] });
    }
  }
  defaultGroup(requested, groups);
  for (const name of [...targets.keys()].sort()) loadLinks(resolve, name, targets.get(name)!, targets);
  if (opts.sourceDateEpoch) {
    for (const t of targets.values()) {
      if (t.args && Object.hasOwn(t.args, 'SOURCE_DATE_EPOCH')) continue;
      t.args = { ...t.args, SOURCE_DATE_EPOCH: opts.sourceDateEpoch };
    }
  }
  return { targets, groups };
}
