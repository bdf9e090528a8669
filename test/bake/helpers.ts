// Hand-made evaluated configs for the bake layer's tests (no HCL involved).
import type { Range } from '../../src/errors.js';
import type { RawGroup, RawTarget } from '../../src/config/types.js';
import type { Value } from '../../src/config/hcl/value.js';
import { BakeConfig } from '../../src/bake/config.js';
import { readTargets, type ResolvedTargets } from '../../src/bake/read-targets.js';

export function at(line: number, filename = 'docker-bake.hcl'): Range {
  return { filename, start: { line, column: 3, byte: 0 }, end: { line, column: 9, byte: 0 } };
}

export function raw(name: string, attrs: Record<string, Value>, line = 1): RawTarget {
  const ranges = Object.fromEntries(Object.keys(attrs).map((k) => [k, at(line)]));
  return { name, attrs, ranges, range: at(line) };
}

export function group(name: string, targets: string[], description?: string): RawGroup {
  return description === undefined ? { name, targets } : { name, targets, description };
}

export function config(targets: RawTarget[], groups: RawGroup[] = []): BakeConfig {
  return new BakeConfig({ targets, groups });
}

/** Resolves `names` (default: `default`) with `sets`, as the CLI does. */
export function resolve(c: BakeConfig, names: string[] = ['default'], sets: string[] = [], env: Record<string, string> = {}): ResolvedTargets {
  return readTargets(c, c.expandNames(names), { sets, env });
}
