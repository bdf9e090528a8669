// Target resolution (buildx's Config.target/ResolveTarget): parents resolved recursively and merged
// left to right under the child, then that name's `--set` overrides, then normalize and defaults.
import { UserError } from '../errors.js';
import { applyOverrides } from './apply-overrides.js';
import type { BakeConfig } from './config.js';
import { mergeTarget, normalizeTarget } from './merge.js';
import type { Overrides } from './overrides.js';
import type { Target } from './types.js';

function cloneTarget(t: Target): Target {
  return structuredClone(t);
}

function resolveInto(config: BakeConfig, name: string, visited: Map<string, Target | null>, overrides: Overrides): Target | null {
  // A target already in progress (an inherits cycle) contributes nothing, as in buildx.
  if (visited.has(name)) return visited.get(name) ?? null;
  visited.set(name, null);
  const own = config.targets.get(name);
  if (!own) throw new UserError(`failed to find target ${name}`);
  const parents: Target = { name };
  for (const parent of own.inherits ?? []) {
    const resolved = resolveInto(config, parent, visited, overrides);
    if (resolved) mergeTarget(parents, resolved);
  }
  const t: Target = { name };
  mergeTarget(t, parents);
  mergeTarget(t, cloneTarget(own));
  applyOverrides(t, overrides.get(name));
  normalizeTarget(t);
  visited.set(name, t);
  return t;
}

/** The fully resolved target `name`: inherits merged, overrides applied, defaults filled. */
export function resolveTarget(config: BakeConfig, name: string, overrides: Overrides): Target {
  const t = resolveInto(config, name, new Map(), overrides)!;
  delete t.inherits;
  if (t.context === undefined) t.context = '.';
  if (t.dockerfile === undefined || t.dockerfile === '') t.dockerfile = 'Dockerfile';
  return t;
}
