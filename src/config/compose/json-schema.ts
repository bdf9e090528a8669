// A small JSON-schema checker over positioned compose trees, reporting as compose-go reports its
// schema errors: of all failures, the one deepest in the document (an unexpected key counting one
// level deeper than its mapping), the first of equals; worded as compose-go words it
// (`services.app.build.tags must be a array`, `... additional properties 'x' not allowed`).
import type { Range } from '../../errors.js';
import { goQuote } from '../../strconv.js';
import { sameNode, valueKind, type ValueKind, type YNode } from './yaml-tree.js';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** The subset of JSON schema the compose rules use. */
export interface Schema {
  type?: readonly JsonType[];
  properties?: Readonly<Record<string, Schema>>;
  patternProperties?: readonly (readonly [RegExp, Schema])[];
  additionalProperties?: false;
  required?: readonly string[];
  items?: Schema;
  uniqueItems?: true;
  /** Passes when one of them passes; else every branch's failures count. */
  oneOf?: readonly Schema[];
}

export interface Failure {
  message: string;
  range: Range;
  depth: number;
}

const JSON_TYPE: Record<ValueKind, JsonType> = { map: 'object', seq: 'array', null: 'null', bool: 'boolean', int: 'number', float: 'number', string: 'string' };

function hasType(node: YNode, types: readonly JsonType[]): boolean {
  const kind = valueKind(node);
  return types.includes(JSON_TYPE[kind]) || (kind === 'int' && types.includes('integer'));
}

/** compose-go's names for expected types: `mapping` for object, several sorted and joined with `or`. */
function typeNames(types: readonly JsonType[]): string {
  const names = types.map((t) => (t === 'object' ? 'mapping' : t));
  if (names.length === 1) return names[0]!;
  names.sort();
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** The validator's quoting: Go's %q with single quotes outside. */
function quote(s: string): string {
  const q = goQuote(s).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q}'`;
}

function at(path: readonly string[], message: string, range: Range, extraDepth = 0): Failure {
  return { message: `${path.join('.')} ${message}`, range, depth: path.length + extraDepth };
}

function checkObject(node: Extract<YNode, { kind: 'map' }>, schema: Schema, path: readonly string[]): Failure[] {
  const out: Failure[] = [];
  const missing = (schema.required ?? []).filter((k) => !node.entries.has(k));
  if (missing.length === 1) out.push(at(path, `missing property ${quote(missing[0]!)}`, node.range));
  else if (missing.length > 1) out.push(at(path, `missing properties ${missing.map(quote).join(', ')}`, node.range));
  const extra: { key: string; range: Range }[] = [];
  for (const [key, e] of node.entries) {
    const own = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const patterns = (schema.patternProperties ?? []).filter(([re]) => re.test(key)).map(([, s]) => s);
    for (const s of own ? [own, ...patterns] : patterns) out.push(...check(e.value, s, [...path, key]));
    if (!own && patterns.length === 0 && schema.additionalProperties === false) extra.push({ key, range: e.key });
  }
  if (extra.length > 0) out.push(at(path, `additional properties ${extra.map((x) => quote(x.key)).join(', ')} not allowed`, extra[0]!.range, 1));
  return out;
}

function checkArray(node: Extract<YNode, { kind: 'seq' }>, schema: Schema, path: readonly string[]): Failure[] {
  const out: Failure[] = [];
  if (schema.uniqueItems) {
    outer: for (let j = 1; j < node.items.length; j++) {
      for (let i = 0; i < j; i++) {
        if (sameNode(node.items[i]!, node.items[j]!)) {
          out.push(at(path, `items at ${i} and ${j} are equal`, node.range));
          break outer;
        }
      }
    }
  }
  if (schema.items) node.items.forEach((item, i) => out.push(...check(item, schema.items!, [...path, String(i)])));
  return out;
}

/** Every failure of `node` against `schema`, in document order. */
export function check(node: YNode, schema: Schema, path: readonly string[] = []): Failure[] {
  // A wrong type is the only failure reported for a value.
  if (schema.type && !hasType(node, schema.type)) return [at(path, `must be a ${typeNames(schema.type)}`, node.range)];
  const out: Failure[] = [];
  if (schema.oneOf) {
    const branches = schema.oneOf.map((s) => check(node, s, path));
    if (branches.every((b) => b.length > 0)) out.push(...branches.flat());
  }
  if (node.kind === 'map') out.push(...checkObject(node, schema, path));
  if (node.kind === 'seq') out.push(...checkArray(node, schema, path));
  return out;
}

/** The failure compose-go reports among several: the deepest, the first of equals. */
export function mostSpecific(failures: readonly Failure[]): Failure | undefined {
  return failures.reduce<Failure | undefined>((best, f) => (!best || f.depth > best.depth ? f : best), undefined);
}
