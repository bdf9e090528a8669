// Walks a local context choosing only the selected paths, like fsutil's filtered walk: include
// patterns select (directories that could hold a match are entered), exclude patterns reject
// (an excluded directory is skipped unless a `!` exception could re-include something below it),
// and directories entered only to reach a match are emitted just before their first entry.
// Files that are not selected are never opened, only listed.
import type { BigIntStats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PatternMatcher } from './patternmatcher.js';

export interface WalkEntry {
  /** Slash-separated path relative to the walked dir. */
  rel: string;
  abs: string;
  stat: BigIntStats;
}

export interface WalkFilter {
  include?: readonly string[];
  exclude?: readonly string[];
}

interface WalkState {
  root: string;
  include?: PatternMatcher;
  exclude: PatternMatcher;
  out: WalkEntry[];
  emitted: Set<string>;
}

/** The selected entries of `root` in lexical order (parents before children). */
export async function walkSelected(root: string, filter: WalkFilter): Promise<WalkEntry[]> {
  const include = filter.include && filter.include.length > 0 ? new PatternMatcher(filter.include) : undefined;
  const state: WalkState = { root, include, exclude: new PatternMatcher(filter.exclude ?? []), out: [], emitted: new Set() };
  await walkDir(state, '', []);
  return state.out;
}

function emit(state: WalkState, pending: readonly WalkEntry[], entry: WalkEntry): void {
  for (const e of [...pending, entry]) {
    if (state.emitted.has(e.rel)) continue;
    state.emitted.add(e.rel);
    state.out.push(e);
  }
}

async function walkDir(state: WalkState, relDir: string, pending: readonly WalkEntry[]): Promise<void> {
  const names = (await readdir(join(state.root, relDir))).sort();
  // One batch of lstat calls per directory: sequential awaits cost a thread-pool round trip each.
  const entries = await Promise.all(
    names.map(async (name) => {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = join(state.root, rel);
      return { rel, abs, stat: await lstat(abs, { bigint: true }) };
    }),
  );
  for (const entry of entries) {
    const { rel, stat } = entry;
    const excluded = state.exclude.matches(rel);
    const included = !state.include || state.include.matches(rel);
    if (!stat.isDirectory()) {
      if (included && !excluded) emit(state, pending, entry);
      continue;
    }
    if (included && !excluded) {
      emit(state, pending, entry);
      await walkDir(state, rel, pending);
      continue;
    }
    const includeBelow = included || state.include!.couldMatchBelow(rel);
    const excludeAllows = !excluded || state.exclude.hasExclusions;
    if (includeBelow && excludeAllows) await walkDir(state, rel, [...pending, entry]);
  }
}
