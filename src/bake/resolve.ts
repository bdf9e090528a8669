// Target resolution (buildx's Config.target/ResolveTarget): parents resolved recursively and merged
// left to right under the child, then that name's `--set` overrides, then normalize and defaults.
import { UserError } from '../errors.js';
import { applyOverrides } from './apply-overrides.js';
import type { BakeConfig } from './config.js';
import { fieldRecord } from './fields.js';
import { mergeTarget, normalizeTarget } from './merge.js';
import type { Overrides } from './overrides.js';
import type { Entry, Target } from './types.js';

/** The fully resolved target of a name: inherits merged, overrides applied, defaults filled. */
export type ResolveTarget = (name: string) => Target;

interface Resolution {
  config: BakeConfig;
  overrides: Overrides;
  /** Targets resolved by earlier calls, never handed out (callers get copies). */
  done: Map<string, Target>;
  /** This call's targets; null while in progress. */
  visited: Map<string, Target | null>;
  /** Whether this call met a target in progress (an inherits cycle). */
  cycle: boolean;
}

function cloneEntry(e: Entry): Entry {
  const out: Entry = {};
  for (const k in e) {
    const v = e[k]!;
    out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/** A copy sharing no list, map or entry with `t`: resolved targets are the caller's to change. */
function copyTarget(t: Target): Target {
  const out = fieldRecord({ ...t });
  for (const k in out) {
    const v = out[k];
    if (Array.isArray(v)) out[k] = v.map((x: unknown) => (typeof x === 'object' && x !== null ? cloneEntry(x as Entry) : x));
    else if (typeof v === 'object' && v !== null) out[k] = { ...v };
  }
  return out as unknown as Target;
}

function resolveInto(r: Resolution, name: string): Target | null {
  const done = r.done.get(name);
  if (done) return done;
  // A target already in progress (an inherits cycle) contributes nothing, as in buildx.
  if (r.visited.has(name)) {
    const seen = r.visited.get(name)!;
    if (!seen) r.cycle = true;
    return seen;
  }
  r.visited.set(name, null);
  const own = r.config.targets.get(name);
  if (!own) throw new UserError(`failed to find target ${name}`);
  const t: Target = { name };
  // Merging copies every list and map, so neither the parents nor `own` are changed here.
  for (const parent of own.inherits ?? []) {
    const resolved = resolveInto(r, parent);
    if (resolved) mergeTarget(t, resolved);
  }
  mergeTarget(t, own);
  applyOverrides(t, r.overrides.get(name));
  normalizeTarget(t);
  r.visited.set(name, t);
  return t;
}

/**
 * Resolves targets of one config under one set of overrides. buildx resolves a target's parents
 * again for every target that inherits them; here each is resolved once and reused (on a
 * 1,000-target file that was most of the resolution time). The result is the same except
 * around an inherits cycle, where it depends on the target asked for: nothing resolved in a call
 * that met a cycle is kept.
 */
export function targetResolver(config: BakeConfig, overrides: Overrides): ResolveTarget {
  const done = new Map<string, Target>();
  return (name) => {
    const r: Resolution = { config, overrides, done, visited: new Map(), cycle: false };
    const t = copyTarget(resolveInto(r, name)!);
    if (!r.cycle) for (const [n, resolved] of r.visited) done.set(n, resolved!);
    delete t.inherits;
    if (t.context === undefined) t.context = '.';
    if (t.dockerfile === undefined || t.dockerfile === '') t.dockerfile = 'Dockerfile';
    return t;
  };
}
