// Turns the flat sequence scanned from a template (literals, interpolations, directive markers)
// into nested TemplateParts: `~` strip markers, then heredoc indentation removal, then the
// pairing of %{if}/%{else}/%{endif} and %{for}/%{endfor}. Literals are split per line as HCL's
// scanner splits them, because strip markers and indentation removal work per literal token.
import { formatRange, SourceError, type Diagnostic, type Range } from '../../errors.js';
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

type LitItem = Extract<FlatItem, { kind: 'lit' }>;
type DirItem = Extract<FlatItem, { kind: 'dir' }>;

/**
 * `<<-` heredocs, after strip markers, as HCL's flush does: over the items that start a line
 * (heredoc literals are one item per line), the smallest indentation of those that are not
 * whitespace-only lines is removed from each. An interpolation at a line start counts as no
 * indentation, and a line whose start a `~` stripped away is not a line start any more.
 */
export function unindent(items: FlatItem[]): void {
  let min = Infinity;
  let newline = true;
  const adjust: LitItem[] = [];
  for (const item of items) {
    if (newline) {
      newline = false;
      if (item.kind !== 'lit') {
        min = 0;
      } else {
        const indent = item.value.length - item.value.trimStart().length;
        const blank = indent === item.value.length && item.value.endsWith('\n');
        if (!blank) {
          min = Math.min(min, [...item.value.slice(0, indent)].length);
          adjust.push(item);
        }
      }
    }
    if (item.kind === 'lit' && item.value.endsWith('\n')) newline = true;
  }
  if (min === 0 || min === Infinity) return;
  for (const lit of adjust) {
    const cut = [...lit.value].slice(0, min).join('').length;
    lit.value = lit.value.slice(cut);
    const start = lit.range.start;
    lit.range = { filename: lit.range.filename, start: { line: start.line, column: start.column + min, byte: start.byte + cut }, end: lit.range.end };
  }
}

/** Applies `${~`/`~}` (and directive) strip markers to the adjacent literal item only. */
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
  stop?: DirItem;
}

function unexpected(d: DirItem): Diagnostic {
  const opener = d.name === 'endfor' ? 'for' : 'if';
  return {
    summary: `Unexpected ${d.name} directive`,
    detail: `The control directive "${d.name}" is not valid here: there is no matching %{${opener}} directive.`,
    range: d.range,
  };
}

function unclosed(d: DirItem, end: Range): Diagnostic {
  return {
    summary: 'Unexpected end of template',
    detail: `The ${d.name} directive at ${formatRange(d.range)} is missing its corresponding end${d.name} directive.`,
    range: end,
  };
}

/** Adjacent literals (split per line while scanning) become one part again. */
function pushLiteral(parts: TemplatePart[], item: LitItem): void {
  if (item.value === '') return;
  const prev = parts[parts.length - 1];
  if (prev?.kind === 'literal') {
    parts[parts.length - 1] = { kind: 'literal', value: prev.value + item.value, range: span(prev.range, item.range) };
  } else {
    parts.push({ kind: 'literal', value: item.value, range: item.range });
  }
}

/**
 * Parts from `from` up to one of `stops` (the directive that ends the enclosing `owner`) or the
 * end. Like HCL's template parser it carries on after an error: a stray end directive at the top
 * is reported and skipped, and one that does not fit ends its `%{if}`/`%{for}` (reported).
 */
const STOPS: Record<'if' | 'for' | 'root', readonly DirectiveName[]> = { root: [], if: ['else', 'endif'], for: ['endfor'] };

function build(items: FlatItem[], from: number, owner: DirItem | undefined, end: Range, errors: Diagnostic[]): Built {
  const stops = STOPS[owner === undefined ? 'root' : owner.name === 'if' ? 'if' : 'for'];
  const parts: TemplatePart[] = [];
  let i = from;
  while (i < items.length) {
    const item = items[i]!;
    i++;
    if (item.kind === 'lit') {
      pushLiteral(parts, item);
    } else if (item.kind === 'interp') {
      parts.push({ kind: 'interp', expr: item.expr, range: item.range });
    } else if (stops.includes(item.name)) {
      return { parts, next: i, stop: item };
    } else if (item.name === 'if') {
      const r = buildIf(items, i, item, end, errors);
      if (r.part) parts.push(r.part);
      i = r.next;
    } else if (item.name === 'for') {
      const body = build(items, i, item, end, errors);
      i = body.next;
      if (!body.stop) continue;
      const part: TemplatePart = { kind: 'for', valueVar: item.valueVar!, collection: item.expr!, body: body.parts, range: span(item.range, body.stop.range) };
      if (item.keyVar !== undefined) part.keyVar = item.keyVar;
      parts.push(part);
    } else {
      errors.push(unexpected(item));
      if (owner) return { parts, next: i };
    }
  }
  if (owner) errors.push(unclosed(owner, end));
  return { parts, next: i };
}

function buildIf(items: FlatItem[], from: number, d: DirItem, end: Range, errors: Diagnostic[]): { part?: TemplatePart; next: number } {
  const then = build(items, from, d, end, errors);
  if (!then.stop) return { next: then.next };
  if (then.stop.name === 'endif') {
    return { part: { kind: 'if', cond: d.expr!, then: then.parts, range: span(d.range, then.stop.range) }, next: then.next };
  }
  const otherwise = build(items, then.next, d, end, errors);
  if (!otherwise.stop) return { next: otherwise.next };
  if (otherwise.stop.name === 'else') {
    errors.push(unexpected(otherwise.stop));
    return { next: otherwise.next };
  }
  const part: TemplatePart = { kind: 'if', cond: d.expr!, then: then.parts, else: otherwise.parts, range: span(d.range, otherwise.stop.range) };
  return { part, next: otherwise.next };
}

/**
 * The nested parts of a scanned template; `end` is where an unclosed directive is reported.
 * Throws all the nesting errors found.
 */
export function buildParts(items: FlatItem[], end: Range): TemplatePart[] {
  const r = build(items, 0, undefined, end, nestingErrors);
  if (nestingErrors.length === 0) return r.parts;
  throw new SourceError(nestingErrors.splice(0));
}

/**
 * The errors of the template being built: one array for all templates rather than one per
 * template (a bake file has thousands, nearly all fine). build() does not nest across templates.
 */
const nestingErrors: Diagnostic[] = [];
