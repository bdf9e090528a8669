// The merged definition: one target per name (every block of that name merged in order, compose
// first) and one group per name (the last definition). Groups and inherits resolve from here.
import { UserError } from '../errors.js';
import type { RawGroup, RawTarget } from '../config/types.js';
import { convertTarget } from './convert.js';
import { mergeTarget } from './merge.js';
import { BadPatternError, isPattern, matchNames } from './pattern.js';
import type { Group, Target } from './types.js';

export class BakeConfig {
  readonly targets = new Map<string, Target>();
  readonly groups = new Map<string, Group>();

  constructor(raw: { targets: readonly RawTarget[]; groups: readonly RawGroup[] }) {
    for (const r of raw.targets) {
      const t = convertTarget(r);
      const prev = this.targets.get(t.name);
      if (prev) mergeTarget(prev, t);
      else this.targets.set(t.name, t);
    }
    // Groups have no merge in buildx: a later group of the same name (another HCL block, or an
    // HCL group over a Compose one) replaces the earlier one; its targets are deduplicated. A
    // matrix's implicit group comes after every declared group in buildx, whose lookups take the
    // first group of a name: a declared group of that name wins wherever it is written.
    for (const g of raw.groups) {
      if (g.implicit && this.groups.has(g.name)) continue;
      const group: Group = { name: g.name, targets: [...new Set(g.targets)] };
      if (g.description !== undefined && g.description !== '') group.description = g.description;
      if (g.targetsNil) group.targetsNil = true;
      this.groups.set(g.name, group);
    }
  }

  /**
   * buildx's ResolveGroup: the targets a name stands for (itself when not a group) and the groups
   * traversed. A group met again while it is being expanded (a cycle) stands for a target of
   * that name; one met again later (a diamond) gives its targets again.
   */
  resolveGroup(name: string): { targets: string[]; groups: string[] } {
    type Visit = { targets: string[]; groups: string[] };
    const visited = new Map<string, Visit>();
    const walk = (n: string): Visit => {
      const seen = visited.get(n);
      if (seen) return seen;
      const g = this.groups.get(n);
      if (!g) return { targets: [n], groups: [] };
      visited.set(n, { targets: [], groups: [] });
      const out: Visit = { targets: [], groups: [n] };
      for (const child of g.targets) {
        const sub = walk(child);
        out.targets.push(...(sub.targets.length > 0 ? sub.targets : [child]));
        out.groups.push(...sub.groups);
      }
      visited.set(n, out);
      return out;
    };
    const r = walk(name);
    return { targets: [...new Set(r.targets)], groups: [...new Set(r.groups)] };
  }

  /** CLI names: `.` becomes `_`; glob patterns expand over group and target names. */
  expandNames(names: readonly string[]): string[] {
    const all = [...this.groups.keys(), ...this.targets.keys()];
    const out: string[] = [];
    for (const raw of names) {
      const name = raw.replaceAll('.', '_');
      if (!isPattern(name)) {
        out.push(name);
        continue;
      }
      const found = matchOrNone(name, new Set(all));
      if (found.length === 0) throw new UserError(`could not find any target matching "${name}"`);
      out.push(...found);
    }
    return [...new Set(out)];
  }
}

/** buildx ignores path.Match errors for CLI names: a malformed pattern matches nothing. */
function matchOrNone(pattern: string, names: Iterable<string>): string[] {
  try {
    return matchNames(pattern, names);
  } catch (err) {
    if (err instanceof BadPatternError) return [];
    throw err;
  }
}
