// buildx's Target.Merge and normalize, driven by the field table: a later definition of the same
// target (another block, file or format, or a child over its parents) replaces, appends or merges
// each field by its rule. Unset differs from empty: only defined fields take part.
import { FIELD_BY_KEY, fieldRecord, type FieldSpec } from './fields.js';
import { dedupEntries } from './entries.js';
import type { Entry, StringMap, Target, TargetFields } from './types.js';


function mergeMap(into: StringMap | undefined, from: StringMap): StringMap {
  const out: StringMap = { ...into };
  for (const k in from) {
    const v = from[k]!;
    if (v !== null) out[k] = v;
  }
  return out;
}

/** attest entries are keyed by type: a later `type=sbom` replaces an earlier one in its place. */
function mergeAttest(into: Entry[], from: Entry[]): Entry[] {
  const out = [...into];
  for (const e of from) {
    const i = out.findIndex((x) => x['type'] === e['type']);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

function mergeValue(spec: FieldSpec, into: unknown, from: unknown): unknown {
  switch (spec.merge) {
    case 'replace':
      // buildx keeps an earlier description over a later empty one.
      if (spec.plain === true && from === '') return into;
      return Array.isArray(from) ? [...(from as unknown[])] : from;
    case 'append':
      return [...((into as unknown[] | undefined) ?? []), ...(from as unknown[])];
    case 'merge-keys':
      return mergeMap(into as StringMap | undefined, from as StringMap);
    case 'merge-dedup':
      if (spec.key === 'attest') return mergeAttest((into as Entry[] | undefined) ?? [], from as Entry[]);
      return dedupEntries([...((into as Entry[] | undefined) ?? []), ...(from as Entry[])]);
  }
}

/** Merges `from` over `into` (mutating `into`), field by field; inherits lists are appended. */
export function mergeTarget(into: Target, from: Target | TargetFields): void {
  const dst = fieldRecord(into);
  const src = fieldRecord(from);
  // Over the fields `from` sets (a handful) rather than the whole table: each field merges on
  // its own, so the order does not matter, and this runs for every definition of every target.
  for (const key in src) {
    const spec = FIELD_BY_KEY.get(key);
    const value = src[key];
    if (spec === undefined || value === undefined) continue;
    dst[key] = mergeValue(spec, dst[key], value);
  }
  if ('inherits' in from && from.inherits) into.inherits = [...(into.inherits ?? []), ...from.inherits];
}

function dedupStrings(list: string[]): string[] {
  // Most lists hold one value (a context, a platform): no Set for those.
  if (list.length === 1) return list[0] === '' ? [] : list;
  return [...new Set(list.filter((s) => s !== ''))];
}

/** buildx's normalize: dedup and drop empties in lists, drop unset contexts, network=host entitlement. */
export function normalizeTarget(t: Target): void {
  const dst = fieldRecord(t);
  for (const key in dst) {
    const spec = FIELD_BY_KEY.get(key);
    const value = dst[key];
    if (spec === undefined || value === undefined) continue;
    if (spec.kind === 'list') dst[spec.key] = dedupStrings(value as string[]);
    else if (spec.key === 'attest') dst[spec.key] = mergeAttest([], value as Entry[]);
    else if (spec.kind === 'entries' && spec.merge !== 'append') dst[spec.key] = dedupEntries(value as Entry[]);
  }
  if (t.contexts) {
    t.contexts = Object.fromEntries(Object.entries(t.contexts).filter(([, v]) => v !== '' && v !== null));
  }
  if (t.network === 'host') t.entitlements = dedupStrings([...(t.entitlements ?? []), 'network.host']);
}
