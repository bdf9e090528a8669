// Values as Go's text/template sees buildx's inspect data: structs with Go field names and JSON
// tags, maps with sorted keys, nil pointers. `marshalJson` writes what Go's json.MarshalIndent
// writes (struct field order, omitempty, sorted map keys, HTML-safe escapes) so `{{json .Image}}`
// matches buildx; `printValue` is fmt's %v for the scalars and lists templates print.

export type GoValue = string | number | boolean | null | GoValue[] | GoMap | GoStruct;

export interface GoField {
  /** The Go field name templates use: `.Manifest.Digest`. */
  name: string;
  /** The JSON key; `omitEmpty` as the `,omitempty` tag option. */
  json: string;
  omitEmpty?: boolean;
  /** A method (buildx's `.Provenance`): callable from templates, absent from JSON. */
  method?: boolean;
  value: GoValue;
}

export class GoStruct {
  constructor(readonly fields: readonly GoField[]) {}

  field(name: string): GoField | undefined {
    return this.fields.find((f) => f.name === name);
  }
}

export class GoMap {
  constructor(readonly entries: ReadonlyMap<string, GoValue>) {}

  sortedKeys(): string[] {
    return [...this.entries.keys()].sort();
  }
}

/** Decoded JSON as Go's `interface{}` holds it: objects become maps (so keys print sorted). */
export function fromJson(v: unknown): GoValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object') return new GoMap(new Map(Object.entries(v).map(([k, x]) => [k, fromJson(x)])));
  return null;
}

/** Go's notion of an empty value (omitempty, `if`, `range ... else`). */
export function isEmpty(v: GoValue): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoMap) return v.entries.size === 0;
  return false;
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function quote(s: string): string {
  const escaped = s.replace(/["\\\n\r\t<>&\u2028\u2029]|[\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function block(open: string, close: string, items: string[], indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const inner = `${indent}  `;
  return `${open}\n${items.map((i) => `${inner}${i}`).join(',\n')}\n${indent}${close}`;
}

/** json.MarshalIndent(v, "", "  "). */
export function marshalJson(v: GoValue, indent = ''): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const next = `${indent}  `;
  if (Array.isArray(v)) return block('[', ']', v.map((x) => marshalJson(x, next)), indent);
  if (v instanceof GoMap) return block('{', '}', v.sortedKeys().map((k) => `${quote(k)}: ${marshalJson(v.entries.get(k)!, next)}`), indent);
  const fields = v.fields.filter((f) => !f.method && !(f.omitEmpty && isEmpty(f.value)));
  return block('{', '}', fields.map((f) => `${quote(f.json)}: ${marshalJson(f.value, next)}`), indent);
}

/** fmt's %v: strings bare, slices `[a b]`, maps `map[k:v]`, structs `{a b}`, nil `<nil>`. */
export function printValue(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(' ')}]`;
  if (v instanceof GoMap) return `map[${v.sortedKeys().map((k) => `${k}:${printValue(v.entries.get(k)!)}`).join(' ')}]`;
  return `{${v.fields.filter((f) => !f.method).map((f) => printValue(f.value)).join(' ')}}`;
}
