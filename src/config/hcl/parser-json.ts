// A small JSON parser that keeps source ranges (JSON.parse loses them), so HCL-JSON bake files
// can report errors at file:line:col like native HCL files.
import { parseNumber, type Num } from './number.js';
import type { Pos, Range } from '../../errors.js';
import { isDigit, Lexer } from './lexer.js';

export type JsonNode =
  | { kind: 'object'; members: JsonMember[]; range: Range }
  | { kind: 'array'; items: JsonNode[]; range: Range }
  | {
      kind: 'string';
      value: string;
      range: Range;
      /** Where the string's content starts (after the quote). */
      contentStart: Pos;
      /**
       * With escapes: for each UTF-16 index of `value` (and its end), the offset in the raw
       * content, so positions computed on the decoded text can be mapped back.
       */
      rawOffsets?: number[];
    }
  | { kind: 'number'; value: Num; range: Range }
  | { kind: 'bool' | 'null'; value: boolean | null; range: Range };

export interface JsonMember {
  key: string;
  keyRange: Range;
  value: JsonNode;
}

function skipWs(lx: Lexer): void {
  for (let c = lx.code(); c === 32 || c === 9 || c === 10 || c === 13; c = lx.code()) lx.advance();
}

function syntaxError(lx: Lexer, detail: string): Error {
  const start = lx.pos();
  if (!lx.atEnd()) lx.advance();
  return lx.error('Invalid JSON', detail, lx.rangeFrom(start));
}

/** Parses a whole JSON document; trailing content is an error. */
export function parseJson(filename: string, text: string): JsonNode {
  const lx = new Lexer(filename, text);
  skipWs(lx);
  const node = parseValue(lx);
  skipWs(lx);
  if (!lx.atEnd()) throw syntaxError(lx, 'Extra characters after the JSON value.');
  return node;
}

function parseValue(lx: Lexer): JsonNode {
  const c = lx.code();
  if (c === 123) return parseObject(lx);
  if (c === 91) return parseArray(lx);
  if (c === 34) return parseString(lx);
  if (c === 45 || isDigit(c)) return parseNumberNode(lx);
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (lx.startsWith(word)) {
      const start = lx.pos();
      lx.advance(word.length);
      return { kind: value === null ? 'null' : 'bool', value, range: lx.rangeFrom(start) };
    }
  }
  throw syntaxError(lx, lx.atEnd() ? 'Unexpected end of the file; a JSON value is expected.' : 'A JSON value (object, array, string, number, true, false or null) is expected here.');
}

function parseObject(lx: Lexer): JsonNode {
  const start = lx.pos();
  lx.advance();
  const members: JsonMember[] = [];
  skipWs(lx);
  if (lx.code() === 125) {
    lx.advance();
    return { kind: 'object', members, range: lx.rangeFrom(start) };
  }
  for (;;) {
    skipWs(lx);
    if (lx.code() !== 34) throw syntaxError(lx, 'A quoted property name is expected here.');
    const key = parseString(lx);
    skipWs(lx);
    if (lx.code() !== 58) throw syntaxError(lx, 'A colon is expected after a property name.');
    lx.advance();
    skipWs(lx);
    members.push({ key: key.value as string, keyRange: key.range, value: parseValue(lx) });
    skipWs(lx);
    const sep = lx.code();
    if (sep !== 44 && sep !== 125) throw syntaxError(lx, 'A comma or a closing brace is expected here.');
    lx.advance();
    if (sep === 125) return { kind: 'object', members, range: lx.rangeFrom(start) };
  }
}

function parseArray(lx: Lexer): JsonNode {
  const start = lx.pos();
  lx.advance();
  const items: JsonNode[] = [];
  skipWs(lx);
  if (lx.code() === 93) {
    lx.advance();
    return { kind: 'array', items, range: lx.rangeFrom(start) };
  }
  for (;;) {
    skipWs(lx);
    items.push(parseValue(lx));
    skipWs(lx);
    const sep = lx.code();
    if (sep === 93) {
      lx.advance();
      return { kind: 'array', items, range: lx.rangeFrom(start) };
    }
    if (sep !== 44) throw syntaxError(lx, 'A comma or a closing bracket is expected here.');
    lx.advance();
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function parseString(lx: Lexer): JsonNode & { kind: 'string' } {
  const start = lx.pos();
  lx.advance();
  const contentStart = lx.pos();
  const base = lx.byte;
  let value = '';
  let rawOffsets: number[] | undefined;
  for (;;) {
    const from = lx.byte;
    while (!lx.atEnd() && lx.code() !== 34 && lx.code() !== 92 && lx.code() >= 32) lx.advance();
    value += lx.text.slice(from, lx.byte);
    if (rawOffsets) for (let i = from; i < lx.byte; i++) rawOffsets.push(i - base);
    const c = lx.code();
    if (c === 34) {
      rawOffsets?.push(lx.byte - base);
      lx.advance();
      const node: JsonNode & { kind: 'string' } = { kind: 'string', value, range: lx.rangeFrom(start), contentStart };
      if (rawOffsets) node.rawOffsets = rawOffsets;
      return node;
    }
    if (c !== 92) throw syntaxError(lx, lx.atEnd() ? 'The string is not terminated.' : 'Control characters must be escaped in JSON strings.');
    rawOffsets ??= Array.from({ length: value.length }, (_, i) => i);
    const at = lx.byte - base;
    const decoded = parseEscape(lx);
    value += decoded;
    rawOffsets.push(at);
  }
}

function parseEscape(lx: Lexer): string {
  const sel = lx.text[lx.byte + 1] ?? '';
  const simple = ESCAPES[sel];
  if (simple !== undefined) {
    lx.advance(2);
    return simple;
  }
  const hex = lx.text.slice(lx.byte + 2, lx.byte + 6);
  if (sel !== 'u' || !/^[0-9a-fA-F]{4}$/.test(hex)) throw syntaxError(lx, 'Invalid escape sequence in JSON string.');
  lx.advance(6);
  return String.fromCharCode(parseInt(hex, 16));
}

function parseNumberNode(lx: Lexer): JsonNode {
  const start = lx.pos();
  const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(lx.text.slice(lx.byte, lx.byte + 64));
  if (!m) throw syntaxError(lx, 'Invalid JSON number.');
  lx.advance(m[0].length);
  return { kind: 'number', value: parseNumber(m[0])!, range: lx.rangeFrom(start) };
}
