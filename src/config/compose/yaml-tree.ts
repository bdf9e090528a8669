// Compose files as a small positioned tree: YAML is parsed with `yaml` (keeping offsets via a
// LineCounter), aliases and `<<` merge keys are resolved, and every string scalar is
// interpolated (then cast where compose-go casts). Later steps (merge, mapping) then report
// errors at file:line:col.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { SourceError, type Range } from '../../errors.js';
import { castTypes } from './casts.js';
import { interpolate, InterpolationError, type Env } from './interpolate.js';

export type Scalar = string | number | boolean | null;

/** Compose's merge tags: `!reset` drops an inherited value, `!override` replaces it whole. */
export type MergeTag = 'reset' | 'override';

export type YNode = (
  | { kind: 'map'; entries: Map<string, { key: Range; value: YNode }>; range: Range }
  | { kind: 'seq'; items: YNode[]; range: Range }
  | { kind: 'scalar'; value: Scalar; range: Range }
) & { tag?: MergeTag };

export type YMap = Extract<YNode, { kind: 'map' }>;

/** What a decoded value is, in the terms Go's decoders and the schema validator name it by. */
export type ValueKind = 'map' | 'seq' | 'null' | 'bool' | 'int' | 'float' | 'string';

export function valueKind(node: YNode): ValueKind {
  if (node.kind !== 'scalar') return node.kind;
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'string';
}

/** Whether two values are equal (mapping keys in any order; positions and tags ignored). */
export function sameNode(a: YNode, b: YNode): boolean {
  if (a.kind === 'scalar' || b.kind === 'scalar') return a.kind === 'scalar' && b.kind === 'scalar' && a.value === b.value;
  if (a.kind === 'seq' || b.kind === 'seq') {
    return a.kind === 'seq' && b.kind === 'seq' && a.items.length === b.items.length && a.items.every((x, i) => sameNode(x, b.items[i]!));
  }
  if (a.entries.size !== b.entries.size) return false;
  for (const [k, e] of a.entries) {
    const other = b.entries.get(k);
    if (!other || !sameNode(e.value, other.value)) return false;
  }
  return true;
}

interface Ctx {
  filename: string;
  doc: Document;
  lc: LineCounter;
  env: Env;
}

function rangeOf(ctx: Ctx, offsets: readonly number[] | undefined): Range {
  const [a = 0, b = a] = offsets ?? [];
  const at = (byte: number): Range['start'] => {
    const { line, col } = ctx.lc.linePos(byte);
    return { line, column: col, byte };
  };
  return { filename: ctx.filename, start: at(a), end: at(b) };
}

/** Parses one compose file into its documents (compose-go loads them in order); empty ones are skipped. */
export function parseYamlDocs(filename: string, text: string, env: Env): YMap[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const out: YMap[] = [];
  for (const doc of docs) {
    const ctx: Ctx = { filename, doc, lc, env };
    const first = doc.errors[0];
    if (first) {
      throw new SourceError({ summary: 'Invalid YAML', detail: first.message.split('\n')[0]!, range: rangeOf(ctx, first.pos) });
    }
    if (doc.contents === null) continue;
    const root = convert(ctx, doc.contents as Node);
    if (root.kind !== 'map') {
      throw new SourceError({ summary: 'Invalid compose file', detail: 'The top-level value must be a mapping.', range: root.range });
    }
    out.push(castTypes(root));
  }
  return out;
}

function convert(ctx: Ctx, node: Node): YNode {
  if (isAlias(node)) return convert(ctx, node.resolve(ctx.doc) as Node);
  const out = convertUntagged(ctx, node);
  if (node.tag === '!reset' || node.tag === '!override') out.tag = node.tag === '!reset' ? 'reset' : 'override';
  return out;
}

function convertUntagged(ctx: Ctx, node: Node): YNode {
  const range = rangeOf(ctx, node.range ?? undefined);
  if (isMap(node)) return convertMap(ctx, node.items, range);
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((n) => convert(ctx, n as Node)), range };
  if (isScalar(node)) return { kind: 'scalar', value: scalarValue(ctx, node.value, range), range };
  throw new SourceError({ summary: 'Invalid compose file', detail: 'Unsupported YAML node.', range });
}

function scalarValue(ctx: Ctx, v: unknown, range: Range): Scalar {
  if (typeof v === 'string') {
    try {
      return interpolate(v, ctx.env);
    } catch (err) {
      if (err instanceof InterpolationError) throw new SourceError({ summary: 'Invalid interpolation', detail: err.message, range }, { cause: err });
      throw err;
    }
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return String(v);
}

function convertMap(ctx: Ctx, items: readonly unknown[], range: Range): YMap {
  const entries: YMap['entries'] = new Map();
  const merged: YMap[] = [];
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const value = pair.value === null ? nullAt(ctx, keyNode) : convert(ctx, pair.value as Node);
    if (key === '<<' && isScalar(keyNode) && !keyNode.type?.startsWith('QUOTE')) {
      merged.push(...mergeSources(value));
      continue;
    }
    entries.set(key, { key: rangeOf(ctx, keyNode?.range ?? undefined), value });
  }
  // `<<: *base` supplies keys the map does not set itself; earlier sources win.
  for (const src of merged) {
    for (const [k, e] of src.entries) if (!entries.has(k)) entries.set(k, e);
  }
  return { kind: 'map', entries, range };
}

function nullAt(ctx: Ctx, keyNode: Node | null): YNode {
  const r = rangeOf(ctx, keyNode?.range ?? undefined);
  return { kind: 'scalar', value: null, range: { ...r, start: r.end } };
}

function mergeSources(value: YNode): YMap[] {
  const list = value.kind === 'seq' ? value.items : [value];
  return list.map((n) => {
    if (n.kind !== 'map') throw new SourceError({ summary: 'Invalid compose file', detail: 'A merge key (<<) needs a mapping or a list of mappings.', range: n.range });
    return n;
  });
}
