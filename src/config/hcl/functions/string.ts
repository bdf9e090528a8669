// String functions of cty's stdlib (what buildx registers): case, trimming, splitting and
// slicing. Lengths and offsets count grapheme clusters as cty does, so "héllo" has 5.
import type { Value } from '../value.js';
import { fn, graphemes, intArg, LIST_OF_STRING, NUMBER, p, STRING } from './define.js';
import { listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

const str = (args: Value[], i: number): string => args[i] as string;

/**
 * Go maps case one rune at a time (unicode.ToUpper), so a letter without a single-rune mapping
 * stays as it is ("ß" is not "SS" as in JavaScript's full case mapping).
 */
function mapRunes(s: string, map: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const mapped = map(ch);
    out += [...mapped].length === 1 ? mapped : ch;
  }
  return out;
}
const toUpper = (s: string): string => mapRunes(s, (ch) => ch.toUpperCase());
const toLower = (s: string): string => mapRunes(s, (ch) => ch.toLowerCase());

// unicode.IsSpace, which strings.TrimSpace uses (JavaScript's \s also has U+FEFF).
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** Go's strings.Title: a letter is upper-cased when it follows a separator. */
function title(s: string): string {
  let out = '';
  let prevSeparator = true;
  for (const ch of s) {
    out += prevSeparator ? toUpper(ch) : ch;
    prevSeparator = isSeparator(ch);
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if (ch.codePointAt(0)! <= 0x7f) return !/[A-Za-z0-9_]/.test(ch);
  if (/[\p{L}\p{N}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

/** Go's strings.Trim: strip runs of any character of `cutset` from both ends. */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start]!)) start++;
  while (end > start && cut.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/**
 * cty's substr: offset and length in graphemes; a negative offset counts from the end. cty
 * short-circuits a zero length only for a non-negative offset; after a negative one its seek for
 * "length reached" never matches zero, so the rest of the string is taken.
 */
function substr(s: string, offset: number, length: number): string {
  const parts = graphemes(s);
  let from = offset;
  if (from < 0) from = Math.max(0, parts.length + from);
  else if (length === 0) return '';
  if (from >= parts.length) return '';
  const to = length <= 0 ? parts.length : Math.min(parts.length, from + length);
  return parts.slice(from, to).join('');
}

/** A pad longer than any string V8 can hold: Go cannot allocate it either. */
const MAX_PAD = 2 ** 29;

/** cty's indent builds the padding with Go's strings.Repeat, which panics on a negative count. */
function indent(spaces: number, s: string): string {
  if (spaces < 0) throw new FunctionCallError('panic in function implementation: strings: negative Repeat count');
  if (spaces > MAX_PAD) throw new FunctionCallError('panic in function implementation: strings: Repeat output length overflow');
  return s.replaceAll('\n', '\n' + ' '.repeat(spaces));
}

function join(args: Value[]): string {
  const [sep, ...lists] = args as [string, ...Value[][]];
  if (lists.length === 0) throw new FunctionCallError('at least one list is required');
  const items: string[] = [];
  lists.forEach((list, li) => {
    list.forEach((item, ei) => {
      if (item !== null) return void items.push(item as string);
      const which = lists.length > 1 ? `element ${ei} of list ${li + 1}` : `element ${ei}`;
      throw new FunctionArgError(li + 1, `${which} is null; cannot concatenate null values`);
    });
  });
  return items.join(sep);
}

function split(sep: string, s: string): string[] {
  return listOf(sep === '' ? [...s] : s.split(sep), STRING);
}

/**
 * byteslen and bytesslice take cty's `bytes` capsule type, which no HCL expression can produce
 * and to which no string converts, so in buildx every call is rejected at its first argument.
 */
function bytesRequired(): never {
  throw new FunctionArgError(0, 'bytes required');
}

const oneString = (impl: (s: string) => Value): HclFunction => fn([p('str', STRING)], (a) => impl(str(a, 0)));

export const stringFunctions: Record<string, HclFunction> = {
  upper: oneString(toUpper),
  lower: oneString(toLower),
  title: oneString(title),
  reverse: oneString((s) => graphemes(s).reverse().join('')),
  strlen: oneString((s) => graphemes(s).length),
  byteslen: fn([p('buf')], bytesRequired),
  bytesslice: fn([p('buf'), p('offset', NUMBER), p('length', NUMBER)], bytesRequired),
  chomp: oneString((s) => s.replace(/(?:\r\n|\r|\n)+$/, '')),
  trimspace: oneString((s) => s.replace(TRIM_SPACE, '')),
  indent: fn([p('spaces', NUMBER), p('str', STRING)], (a) => indent(intArg(a[0]!), str(a, 1))),
  trim: fn([p('str', STRING), p('cutset', STRING)], (a) => trimCutset(str(a, 0), str(a, 1))),
  trimprefix: fn([p('str', STRING), p('prefix', STRING)], (a) =>
    str(a, 0).startsWith(str(a, 1)) ? str(a, 0).slice(str(a, 1).length) : str(a, 0),
  ),
  trimsuffix: fn([p('str', STRING), p('suffix', STRING)], (a) =>
    str(a, 1) !== '' && str(a, 0).endsWith(str(a, 1)) ? str(a, 0).slice(0, -str(a, 1).length) : str(a, 0),
  ),
  substr: fn([p('str', STRING), p('offset', NUMBER), p('length', NUMBER)], (a) =>
    substr(str(a, 0), intArg(a[1]!), intArg(a[2]!)),
  ),
  split: fn([p('separator', STRING), p('str', STRING)], (a) => split(str(a, 0), str(a, 1))),
  join: fn([p('separator', STRING)], join, p('lists', LIST_OF_STRING)),
  // cty's replace is literal: the /pattern/ form is Terraform's, not in buildx's stdlib.
  replace: fn([p('str', STRING), p('substr', STRING), p('replace', STRING)], (a) =>
    replaceAll(str(a, 0), str(a, 1), str(a, 2)),
  ),
};

/** Go's strings.Replace with n = -1: an empty `old` inserts between every character. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old !== '') return s.split(old).join(replacement);
  const chars = [...s];
  return replacement + chars.map((c) => c + replacement).join('');
}
