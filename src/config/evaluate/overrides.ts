// Variable values given as text (environment or `--var`), parsed the way buildx parses them:
// by the declared type (primitives with Go's ParseBool/ParseFloat, collections as one CSV
// record, `NAME_JSON` as JSON), or for untyped variables by the type of the default.
import type { HclType } from '../hcl/types.js';
import { parseGoBool } from '../../strconv.js';
import { formatType } from '../hcl/types.js';
import { decodeJson } from '../hcl/functions/json.js';
import { fromFloat64, isNum } from '../hcl/number.js';
import { typeName, type Value } from '../hcl/value.js';

/** A text override for a variable and where it came from. */
export interface Override {
  /** The name it was given under (`N` or `N_JSON`), for messages. */
  key: string;
  text: string;
  json: boolean;
}

/** An override that cannot be parsed; the caller attaches the variable's position. */
export class OverrideError extends Error {}

/** Parses an override of a typed variable (the result still goes through convertValue). */
export function parseTypedOverride(name: string, o: Override, type: HclType): Value {
  if (o.json) return parseJson(o);
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return parsePrimitive(name, o.text, type.kind);
    case 'list':
    case 'set':
      return fromCsv(name, () => csvFields(o.text).map((f) => parseElement(name, f, type.element, type)));
    case 'tuple':
      return fromCsv(name, () => parseTuple(name, o.text, type));
    case 'map':
      return fromCsv(name, () => parseMap(name, o.text, type));
    case 'any':
      return o.text;
    case 'object':
      throw new OverrideError(`unsupported type object for variable ${name}`);
  }
}

/**
 * Parses an override of an untyped variable by the type of its default value. `N_JSON` text is
 * not JSON here: buildx only decodes JSON for typed variables.
 */
export function parseUntypedOverride(name: string, o: Override, def: Value | undefined): Value {
  if (def === undefined || def === null || typeof def === 'string') return o.text;
  if (isNum(def)) return parsePrimitive(name, o.text, 'number');
  if (typeof def === 'boolean') return parsePrimitive(name, o.text, 'bool');
  throw new OverrideError(`unsupported type ${typeName(def)} for variable ${name}`);
}

function parseJson(o: Override): Value {
  try {
    JSON.parse(o.text);
  } catch (err) {
    throw new OverrideError(`failed to convert ${o.key} from JSON: ${(err as Error).message}`);
  }
  return decodeJson(o.text);
}

/** A collection override's failure, named as buildx names it. */
function fromCsv(name: string, parse: () => Value): Value {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof OverrideError) || err.message.startsWith('unsupported type')) throw err;
    throw new OverrideError(`failed to convert ${name} from CSV: ${err.message}`);
  }
}

/** `subject` names what is parsed in messages: the variable, or an element of it. */
function parsePrimitive(subject: string, text: string, kind: 'string' | 'number' | 'bool'): Value {
  if (kind === 'string') return text;
  if (kind === 'bool') {
    const b = parseGoBool(text);
    if (b === undefined) throw new OverrideError(`failed to parse ${subject} as bool: strconv.ParseBool: parsing ${goQuote(text)}: invalid syntax`);
    return b;
  }
  const n = parseGoFloat(text);
  if (n === undefined) throw new OverrideError(`failed to parse ${subject} as number: strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`);
  // buildx keeps the float64 it parsed (a 53-bit value), not the decimal text.
  return fromFloat64(n);
}

function parseElement(name: string, text: string, element: HclType, whole: HclType): Value {
  if (element.kind === 'string' || element.kind === 'number' || element.kind === 'bool') {
    return parsePrimitive(`element ${goQuote(text)}`, text, element.kind);
  }
  if (element.kind === 'any') return text;
  throw new OverrideError(`unsupported type ${formatType(whole)} for variable ${name}`);
}

function parseTuple(name: string, text: string, type: HclType & { kind: 'tuple' }): Value {
  const fields = csvFields(text);
  if (fields.length !== type.elements.length) {
    throw new OverrideError(`expected ${type.elements.length} elements, got ${fields.length}`);
  }
  return fields.map((f, i) => parseElement(name, f, type.elements[i]!, type));
}

/** `k:v,k2:v2`: each entry is itself a `:`-separated CSV record of exactly a key and a value. */
function parseMap(name: string, text: string, type: HclType & { kind: 'map' }): Value {
  const out: Record<string, Value> = Object.create(null) as Record<string, Value>;
  for (const field of csvFields(text)) {
    const pair = mapEntry(field);
    if (pair.length !== 2) throw new OverrideError(`failed to parse ${goQuote(field)}: expected one k/v pair`);
    out[pair[0]!] = parseElement(name, pair[1]!, type.element, type);
  }
  return out;
}

function mapEntry(field: string): string[] {
  try {
    return csvFields(field, ':');
  } catch (err) {
    if (!(err instanceof OverrideError)) throw err;
    throw new OverrideError(`failed to parse ${goQuote(field)} as CSV: ${err.message}`);
  }
}

/** One CSV record: `sep`-separated fields, double quotes around a field, `""` inside quotes. */
export function csvFields(text: string, sep = ','): string[] {
  if (text === '') return [];
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (; i < text.length; i++) {
        if (text[i] !== '"') field += text[i];
        else if (text[i + 1] === '"') field += text[++i];
        else break;
      }
      if (i >= text.length) throw new OverrideError(`parse error: extraneous or missing " in quoted-field`);
      i++;
    }
    const next = text.indexOf(sep, i);
    field += text.slice(i, next < 0 ? text.length : next);
    fields.push(field);
    if (next < 0) return fields;
    i = next + 1;
  }
}

/** Go's strconv.ParseFloat for decimal input; NaN and infinities are not valid HCL numbers. */
export function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}
