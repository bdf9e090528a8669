// HCL's JSON syntax mapped onto the native AST under bake's schema: `variable`, `target`,
// `group` and `function` are one-label blocks, `validation` is a nested block of a variable,
// everything else is an attribute whose JSON strings are templates. Ranges point into the JSON.
import { formatRange, SourceError, type Pos, type Range } from '../../errors.js';
import type { Attribute, Block, Body, Expr, TemplateExpr } from './ast.js';
import { parseJson, type JsonMember, type JsonNode } from './parser-json.js';
import { parseTemplate } from './template.js';

const LABELLED_BLOCKS = new Set(['variable', 'target', 'group', 'function']);

/** Parses a `docker-bake.json` file into the same Body the native parser produces. */
export function parseHclJson(filename: string, text: string): Body {
  const root = parseJson(filename, text);
  if (root.kind !== 'object') {
    throw new SourceError({ summary: 'Root value must be object', detail: 'The root value in a JSON-based configuration must be a JSON object.', range: root.range });
  }
  return bodyOf(root, (m) => (LABELLED_BLOCKS.has(m.key) ? labelledBlocks(m) : undefined));
}

/** How a body's member maps to blocks; undefined means "an attribute". */
type BlockRule = (m: JsonMember) => Block[] | undefined;

function bodyOf(node: JsonNode & { kind: 'object' }, rule: BlockRule, attrExpr: (m: JsonMember) => Expr = (m) => expr(m.value)): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  const seen = new Map<string, Range>();
  for (const m of node.members) {
    // HCL-JSON's comment convention: a "//" property in a body is ignored.
    if (m.key === '//') continue;
    const made = rule(m);
    if (made) {
      blocks.push(...made);
      continue;
    }
    const prev = seen.get(m.key);
    if (prev) {
      throw new SourceError({ summary: 'Duplicate argument', detail: `Argument "${m.key}" was already set at ${formatRange(prev)}.`, range: m.keyRange });
    }
    seen.set(m.key, m.keyRange);
    const value = attrExpr(m);
    attributes.push({ name: m.key, expr: value, range: span(m.keyRange, m.value.range), nameRange: m.keyRange });
  }
  return { attributes, blocks, range: node.range };
}

function span(a: Range, b: Range): Range {
  return { filename: a.filename, start: a.start, end: b.end };
}

function objectsOf(node: JsonNode, what: string): (JsonNode & { kind: 'object' })[] {
  const list = node.kind === 'array' ? node.items : [node];
  return list.map((n) => {
    if (n.kind !== 'object') {
      throw new SourceError({ summary: `Incorrect JSON value type`, detail: `A JSON object is required here, to define ${what}.`, range: n.range });
    }
    return n;
  });
}

/** `"target": {"app": {...}}`, also with arrays at either level. */
function labelledBlocks(m: JsonMember): Block[] {
  const blocks: Block[] = [];
  for (const labels of objectsOf(m.value, `${m.key} blocks`)) {
    for (const l of labels.members) {
      for (const bodyNode of objectsOf(l.value, `the body of ${m.key} "${l.key}"`)) {
        const body = m.key === 'variable' ? bodyOf(bodyNode, validationBlocks) : m.key === 'function' ? bodyOf(bodyNode, () => undefined, functionAttr) : bodyOf(bodyNode, () => undefined);
        blocks.push({ type: m.key, labels: [l.key], labelRanges: [l.keyRange], body, range: span(l.keyRange, bodyNode.range), typeRange: m.keyRange });
      }
    }
  }
  return blocks;
}

function validationBlocks(m: JsonMember): Block[] | undefined {
  if (m.key !== 'validation') return undefined;
  return objectsOf(m.value, 'a validation block').map((n) => ({
    type: 'validation',
    labels: [],
    labelRanges: [],
    body: bodyOf(n, () => undefined),
    range: n.range,
    typeRange: m.keyRange,
  }));
}

function nameExpr(n: JsonNode, what: string): Expr {
  if (n.kind !== 'string') {
    throw new SourceError({ summary: 'Incorrect JSON value type', detail: `A string is required here, naming ${what}.`, range: n.range });
  }
  return { kind: 'variable', name: n.value, range: n.range };
}

/** In a function body, parameter lists are names, not templates. */
function functionAttr(m: JsonMember): Expr {
  if (m.key === 'variadic_params') return nameExpr(m.value, 'the variadic parameter');
  if (m.key !== 'params') return expr(m.value);
  if (m.value.kind !== 'array') {
    throw new SourceError({ summary: 'Incorrect JSON value type', detail: 'An array of parameter names is required here.', range: m.value.range });
  }
  return { kind: 'tuple', items: m.value.items.map((n) => nameExpr(n, 'a parameter')), range: m.value.range };
}

function literalKey(key: string, range: Range): TemplateExpr {
  return { kind: 'template', parts: [{ kind: 'literal', value: key, range }], range };
}

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && 'filename' in v && 'start' in v && 'end' in v;
}

/**
 * Positions inside a template parsed from a decoded JSON string with escapes were computed
 * on the decoded text; move them to the raw JSON text (a JSON string is on one line).
 */
function remapRanges(node: object, start: Pos, rawOffsets: number[]): void {
  const move = (p: Pos): Pos => {
    const raw = rawOffsets[Math.min(p.byte - start.byte, rawOffsets.length - 1)]!;
    return { line: start.line, column: start.column + raw, byte: start.byte + raw };
  };
  for (const [key, v] of Object.entries(node)) {
    if (isRange(v)) (node as Record<string, unknown>)[key] = { filename: v.filename, start: move(v.start), end: move(v.end) };
    else if (typeof v === 'object' && v !== null) remapRanges(v as object, start, rawOffsets);
  }
}

function stringTemplate(n: JsonNode & { kind: 'string' }): TemplateExpr {
  const offsets = n.rawOffsets;
  if (!offsets) return parseTemplate(n.range.filename, n.value, n.contentStart);
  try {
    const tpl = parseTemplate(n.range.filename, n.value, n.contentStart);
    remapRanges(tpl, n.contentStart, offsets);
    return tpl;
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    const diagnostics = err.diagnostics.map((d) => ({ ...d }));
    diagnostics.forEach((d) => remapRanges(d, n.contentStart, offsets));
    throw new SourceError(diagnostics, { cause: err });
  }
}

/** A JSON value as an expression: strings are templates, containers recurse. */
function expr(n: JsonNode): Expr {
  switch (n.kind) {
    case 'string':
      return { ...stringTemplate(n), range: n.range };
    case 'array':
      return { kind: 'tuple', items: n.items.map(expr), range: n.range };
    case 'object':
      return { kind: 'object', items: n.members.map((m) => ({ key: literalKey(m.key, m.keyRange), value: expr(m.value) })), range: n.range };
    default:
      return { kind: 'literal', value: n.value, range: n.range };
  }
}
