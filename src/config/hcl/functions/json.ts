// JSON as cty writes and reads it: keys sorted by byte order, numbers in plain decimal, and Go's
// HTML-safe string escaping (`<` → \u003c), so `jsonencode` and `%#v` print what buildx prints.
import { BigNum, formatNumber, isNum, parseNumber, type Num } from '../number.js';
import { makeObject, type Value } from '../value.js';
import { compareStrings, fn, p, STRING, ANY } from './define.js';
import { goJsonError } from './go-json-check.js';
import { FunctionCallError, type HclFunction } from './types.js';

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal escaped as Go's encoding/json does. */
export function jsonString(s: string): string {
  const escaped = s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udfff]/g, (ch, offset: number) => {
    const short = SHORT_ESCAPES[ch];
    if (short) return short;
    const code = ch.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return isPaired(s, offset, code) ? ch : '\\ufffd';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** Whether the surrogate at `offset` is half of a valid pair (lone halves are invalid UTF-8). */
function isPaired(s: string, offset: number, code: number): boolean {
  const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
  if (isHigh(code)) return isLow(s.charCodeAt(offset + 1));
  return isHigh(s.charCodeAt(offset - 1));
}

/** A value as compact JSON, the way cty's json.Marshal writes it; JSON has no infinities. */
export function marshalJson(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (isNum(v)) {
    if (isInfinite(v)) throw new FunctionCallError('cannot serialize infinity as JSON');
    return formatNumber(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(marshalJson).join(',')}]`;
  const keys = Object.keys(v).sort(compareStrings);
  return `{${keys.map((k) => `${jsonString(k)}:${marshalJson(v[k]!)}`).join(',')}}`;
}

function isInfinite(n: Num): boolean {
  return n instanceof BigNum ? n.infinite : !Number.isFinite(n);
}

/** cty checks the text as Go's json.Decoder reads it (go-json-check.ts) before decoding it. */
function jsondecode(text: string): Value {
  const problem = goJsonError(text);
  if (problem !== undefined) throw new FunctionCallError(problem);
  return decodeJson(text);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const JSON_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Valid JSON text (checked beforehand) as HCL values the way cty decodes it: the first value
 * only, numbers parsed from their digits at cty's precision (JSON.parse would round them to
 * float64), objects with a null prototype and sorted keys (a repeated key's last value wins),
 * escapes of lone surrogates as U+FFFD as Go decodes them.
 */
export function decodeJson(text: string): Value {
  let i = 0;
  const skipSpace = (): void => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  };
  const str = (): string => {
    const end = stringEnd(text, i);
    const s = JSON.parse(text.slice(i, end)) as string;
    i = end;
    return s.replace(LONE_SURROGATE, '\ufffd');
  };
  const value = (): Value => {
    skipSpace();
    const c = text[i];
    if (c === '"') return str();
    if (c === '[' || c === '{') {
      i++;
      const items: Value[] = [];
      const entries = new Map<string, Value>();
      skipSpace();
      const close = c === '[' ? ']' : '}';
      while (text[i] !== close) {
        if (c === '[') items.push(value());
        else {
          skipSpace();
          const key = str();
          skipSpace();
          i++; // the colon
          entries.set(key, value());
        }
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
      if (c === '[') return items;
      return makeObject([...entries].sort(([a], [b]) => compareStrings(a, b)));
    }
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return literal;
      }
    }
    JSON_NUMBER.lastIndex = i;
    const digits = JSON_NUMBER.exec(text)![0];
    i += digits.length;
    return parseNumber(digits)!;
  };
  return value();
}

/** Index just past the JSON string literal that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

export const jsonFunctions: Record<string, HclFunction> = {
  jsonencode: fn([p('val', ANY, true)], (a) => marshalJson(a[0]!)),
  jsondecode: fn([p('str', STRING)], (a) => jsondecode(a[0] as string)),
};

