// `format` and `formatlist`: cty's printf dialect. Verbs: %v %#v %t %s %q, integers %b %d %o %x %X,
// floats %e %E %f %g %G; flags `+ - # 0 space`, width, .precision and `[n]` argument indexes.
// Strings pad and truncate by grapheme cluster; numbers follow Go's fmt rules.
import { isInteger, isNum, truncToBigInt, type Num } from '../number.js';
import { convertValue, ConversionError } from '../convert.js';
import type { HclType } from '../types.js';
import type { Value } from '../value.js';
import { ANY, fn, graphemes, p, STRING } from './define.js';
import { formatFloat, formatInteger, padTo, type NumberVerb } from './format-number.js';
import { jsonString, marshalJson } from './json.js';
import { listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

interface Verb extends NumberVerb {
  raw: string;
  offset: number;
  argNum: number;
}

// % flags [n] width .precision letter — what cty's scanner accepts.
const VERB = /%([-+# 0]*)(?:\[([1-9]\d*)\])?([1-9]\d*)?(?:\.(\d*))?([A-Za-z])?/y;

export function format(template: string, args: Value[]): string {
  let out = '';
  let nextArg = 1;
  let highest = 0;
  let i = 0;
  while (i < template.length) {
    const at = template.indexOf('%', i);
    if (at < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, at);
    if (template[at + 1] === '%') {
      out += '%';
      i = at + 2;
      continue;
    }
    VERB.lastIndex = at;
    const m = VERB.exec(template)!;
    if (!m[5]) badVerb(template, VERB.lastIndex);
    const verb = parseVerb(m, byteOffset(template, at), nextArg);
    out += formatOne(verb, args);
    nextArg = verb.argNum + 1;
    highest = Math.max(highest, verb.argNum);
    i = VERB.lastIndex;
  }
  rejectUnused(highest, args.length);
  return out;
}

/** cty rejects arguments no verb consumed, to catch mistakes; reported at the first unused one. */
function rejectUnused(highest: number, given: number): void {
  if (highest >= given) return;
  const why = highest === 0 ? 'no verbs in format string' : `only ${highest} used by format string`;
  throw new FunctionArgError(highest + 1, `too many arguments; ${why}`);
}

/** A verb with no letter where one was due: at `index`, or cut short by the template's end. */
function badVerb(template: string, index: number): never {
  // cty's scanner reports a verb cut short by the end of the template at the end's offset.
  const end = byteOffset(template, template.length);
  if (index >= template.length) throw new FunctionCallError(`invalid format string starting at offset ${end}`);
  const char = String.fromCodePoint(template.codePointAt(index)!);
  throw new FunctionCallError(`unrecognized format character ${quoteRune(char)} at offset ${byteOffset(template, index)}`);
}

/** Go reports offsets in the template's UTF-8 bytes. */
function byteOffset(template: string, index: number): number {
  return Buffer.byteLength(template.slice(0, index), 'utf8');
}

/** A character as Go's %q prints a rune: 'z', with quote and backslash escaped. */
function quoteRune(ch: string): string {
  return `'${ch === "'" || ch === '\\' ? `\\${ch}` : ch}'`;
}

function parseVerb(m: RegExpExecArray, offset: number, nextArg: number): Verb {
  const flags = m[1] ?? '';
  return {
    raw: m[0],
    offset,
    argNum: m[2] ? Number(m[2]) : nextArg,
    mode: m[5]!,
    zero: flags.includes('0'),
    sharp: flags.includes('#'),
    plus: flags.includes('+'),
    minus: flags.includes('-'),
    space: flags.includes(' '),
    width: m[3] ? Number(m[3]) : -1,
    prec: m[4] !== undefined ? Number(m[4] || '0') : -1,
  };
}

function formatOne(verb: Verb, args: Value[]): string {
  if (verb.argNum > args.length) {
    throw new FunctionCallError(
      `not enough arguments for ${jsonString(verb.raw)} at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
    );
  }
  const arg = args[verb.argNum - 1]!;
  if (verb.mode !== 'v' && arg === null) {
    throw new FunctionCallError(`unsupported value for ${jsonString(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  }
  switch (verb.mode) {
    case 'v':
      return formatAsIs(verb, arg);
    case 't':
      return String(convertFor(verb, arg, { kind: 'bool' }));
    case 'b': case 'd': case 'o': case 'x': case 'X': {
      const n = convertFor(verb, arg, { kind: 'number' }) as Num;
      if (!isInteger(n)) {
        throw new FunctionCallError(`unsupported value for ${jsonString(verb.raw)} at ${verb.offset}: an integer is required`);
      }
      return formatInteger(verb, truncToBigInt(n));
    }
    case 'e': case 'E': case 'f': case 'g': case 'G':
      return formatFloat(verb, convertFor(verb, arg, { kind: 'number' }) as Num);
    case 's': case 'q':
      return formatString(verb, convertFor(verb, arg, { kind: 'string' }) as string);
    default:
      throw new FunctionCallError(
        `unsupported format verb ${quoteRune(verb.mode)} in ${jsonString(verb.raw)} at offset ${verb.offset}`,
      );
  }
}

function convertFor(verb: Verb, arg: Value, type: HclType): Value {
  try {
    return convertValue(arg, type);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    throw new FunctionCallError(`unsupported value for ${jsonString(verb.raw)} at ${verb.offset}: ${err.message}`);
  }
}

const SHORTEST_G: NumberVerb = { mode: 'g', zero: false, sharp: false, plus: false, minus: false, space: false, width: -1, prec: -1 };

function formatAsIs(verb: Verb, arg: Value): string {
  if (!verb.sharp && typeof arg === 'string') return padTo(verb, arg);
  // cty writes the number alone (big.Float Text 'g' -1) and only pads it: no sign flags.
  if (!verb.sharp && isNum(arg)) return padTo(verb, formatFloat(SHORTEST_G, arg));
  try {
    return padTo(verb, marshalJson(arg));
  } catch (err) {
    if (!(err instanceof FunctionCallError)) throw err;
    throw new FunctionCallError(`unsupported value for ${jsonString(verb.raw)} at ${verb.offset}: ${err.message}`);
  }
}

function formatString(verb: Verb, s: string): string {
  const cut = verb.prec > 0 ? graphemes(s).slice(0, verb.prec).join('') : s;
  return padTo(verb, verb.mode === 'q' ? jsonString(cut) : cut);
}

/** formatlist: lists (and tuples, sets) are iterated in step; other arguments repeat. */
function formatlist(template: string, args: Value[]): string[] {
  let length = -1;
  let chooser = -1;
  args.forEach((arg, i) => {
    if (!Array.isArray(arg)) return;
    if (length === -1) {
      length = arg.length;
      chooser = i;
    } else if (arg.length !== length) {
      throw new FunctionArgError(
        i + 1,
        `argument ${i + 1} has length ${arg.length}, which is inconsistent with argument ${chooser + 1} of length ${length}`,
      );
    }
  });
  const rounds = length === -1 ? 1 : length;
  const out: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const row = args.map((a) => (Array.isArray(a) ? a[r]! : a));
    try {
      out.push(format(template, row));
    } catch (err) {
      // cty wraps every per-row failure, argument errors included, once there are arguments.
      if (!(err instanceof FunctionCallError || err instanceof FunctionArgError) || args.length === 0) throw err;
      throw new FunctionCallError(`error on format iteration ${r}: ${err.message}`);
    }
  }
  return listOf(out, STRING);
}

export const formatFunctions: Record<string, HclFunction> = {
  format: fn([p('format', STRING)], (a) => format(a[0] as string, a.slice(1)), p('args', ANY, true)),
  formatlist: fn([p('format', STRING)], (a) => formatlist(a[0] as string, a.slice(1)), p('args', ANY, true)),
};
