// Turns the flat sequence scanned from a template (literals, interpolations, directive markers)
// into nested TemplateParts: heredoc indentation removal, then `~` strip markers, then the
// pairing of %{if}/%{else}/%{endif} and %{for}/%{endfor}.
import { formatRange, SourceError, type Range } from '../../errors.js';
import type { Expr, TemplatePart } from './ast.js';
import { span } from './parser-state.js';

export type DirectiveName = 'if' | 'else' | 'endif' | 'for' | 'endfor';

export type FlatItem =
  | { kind: 'lit'; value: string; range: Range }
  | { kind: 'interp'; expr: Expr; range: Range; stripL: boolean; stripR: boolean }
  | {
      kind: 'dir';
      name: DirectiveName;
      expr?: Expr;
      keyVar?: string;
      valueVar?: string;
      range: Range;
      stripL: boolean;
      stripR: boolean;
    };

function leadingBlanks(s: string, from: number): number {
  let i = from;
  while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
  return i - from;
}

/**
 * Visits every line start of the literal text: `fn(item, lineOffset, blankLine)`. A line start
 * followed by an interpolation or directive is reported with a non-blank line.
 */
type LitItem = Extract<FlatItem, { kind: 'lit' }>;

function forEachLineStart(items: FlatItem[], fn: (item: LitItem | undefined, at: number, blank: boolean) => void): void {
  let atLineStart = true;
  for (const item of items) {
    if (item.kind !== 'lit') {
      if (atLineStart) fn(undefined, 0, false);
      atLineStart = false;
      continue;
    }
    let at = 0;
    while (at <= item.value.length) {
      const nl = item.value.indexOf('\n', at);
      const lineEnd = nl < 0 ? item.value.length : nl;
      if (atLineStart && (lineEnd > at || nl >= 0)) {
        const blank = leadingBlanks(item.value, at) === lineEnd - at && nl >= 0;
        fn(item, at, blank);
      }
      if (nl < 0) {
        atLineStart = atLineStart && lineEnd === at;
        break;
      }
      atLineStart = true;
      at = nl + 1;
    }
  }
}

/** `<<-` heredocs: remove the smallest indentation of the non-blank lines from each of them. */
export function unindent(items: FlatItem[]): void {
  let min = Infinity;
  forEachLineStart(items, (item, at, blank) => {
    if (blank) return;
    min = Math.min(min, item ? leadingBlanks(item.value, at) : 0);
  });
  if (min === 0 || min === Infinity) return;
  const cuts = new Map<LitItem, number[]>();
  // Whitespace-only lines neither count towards the minimum nor lose their whitespace.
  forEachLineStart(items, (item, at, blank) => {
    if (item && !blank) cuts.set(item, [...(cuts.get(item) ?? []), at]);
  });
  for (const [item, offsets] of cuts) {
    let out = '';
    let prev = 0;
    for (const at of offsets) {
      out += item.value.slice(prev, at);
      prev = at + Math.min(min, leadingBlanks(item.value, at));
    }
    item.value = out + item.value.slice(prev);
  }
}

/** Applies `${~`/`~}` (and directive) strip markers to the neighbouring literals. */
export function applyStripMarkers(items: FlatItem[]): void {
  items.forEach((item, i) => {
    if (item.kind === 'lit') return;
    const before = items[i - 1];
    const after = items[i + 1];
    if (item.stripL && before?.kind === 'lit') before.value = before.value.trimEnd();
    if (item.stripR && after?.kind === 'lit') after.value = after.value.trimStart();
  });
}

interface Built {
  parts: TemplatePart[];
  next: number;
  stop?: Extract<FlatItem, { kind: 'dir' }>;
}

function unexpected(d: Extract<FlatItem, { kind: 'dir' }>): SourceError {
  const opener = d.name === 'endfor' ? 'for' : 'if';
  return new SourceError({
    summary: `Unexpected ${d.name} directive`,
    detail: `The control directive "${d.name}" is not valid here: there is no matching %{${opener}} directive.`,
    range: d.range,
  });
}

function unclosed(d: Extract<FlatItem, { kind: 'dir' }>, end: Range): SourceError {
  return new SourceError({
    summary: 'Unexpected end of template',
    detail: `The ${d.name} directive at ${formatRange(d.range)} is missing its corresponding end${d.name} directive.`,
    range: end,
  });
}

function build(items: FlatItem[], from: number, stops: readonly DirectiveName[], end: Range): Built {
  const parts: TemplatePart[] = [];
  let i = from;
  while (i < items.length) {
    const item = items[i]!;
    i++;
    if (item.kind === 'lit') {
      if (item.value !== '') parts.push({ kind: 'literal', value: item.value, range: item.range });
    } else if (item.kind === 'interp') {
      parts.push({ kind: 'interp', expr: item.expr, range: item.range });
    } else if (stops.includes(item.name)) {
      return { parts, next: i, stop: item };
    } else if (item.name === 'if') {
      const r = buildIf(items, i, item, end);
      parts.push(r.part);
      i = r.next;
    } else if (item.name === 'for') {
      const body = build(items, i, ['endfor'], end);
      if (!body.stop) throw unclosed(item, end);
      const part: TemplatePart = { kind: 'for', valueVar: item.valueVar!, collection: item.expr!, body: body.parts, range: span(item.range, body.stop.range) };
      if (item.keyVar !== undefined) part.keyVar = item.keyVar;
      parts.push(part);
      i = body.next;
    } else {
      throw unexpected(item);
    }
  }
  return { parts, next: i };
}

function buildIf(items: FlatItem[], from: number, d: Extract<FlatItem, { kind: 'dir' }>, end: Range): { part: TemplatePart; next: number } {
  const then = build(items, from, ['else', 'endif'], end);
  if (!then.stop) throw unclosed(d, end);
  if (then.stop.name === 'endif') {
    return { part: { kind: 'if', cond: d.expr!, then: then.parts, range: span(d.range, then.stop.range) }, next: then.next };
  }
  const otherwise = build(items, then.next, ['endif'], end);
  if (!otherwise.stop) throw unclosed(d, end);
  const part: TemplatePart = { kind: 'if', cond: d.expr!, then: then.parts, else: otherwise.parts, range: span(d.range, otherwise.stop.range) };
  return { part, next: otherwise.next };
}

/** The nested parts of a scanned template; `end` is where an unclosed directive is reported. */
export function buildParts(items: FlatItem[], end: Range): TemplatePart[] {
  applyStripMarkers(items);
  const r = build(items, 0, [], end);
  return r.parts;
}
