// Go regexp's flags i, m, s and U, set for the rest of the current group by (?flags) or for one
// group by (?flags:…), possibly cleared with a minus. JavaScript (Node 20) has no inline
// modifiers, so the translation spells them out: ^ $ and . by the m and s flags in force, U by
// swapping each quantifier's greediness, and a scoped i by writing each letter in both cases.

export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

export type FlagName = keyof Flags;

const FLAG_GROUP = /^\(\?([imsU]*)(?:(-)([imsU]*))?([:)])/;

/** A flag group at the start of `rest`: the flags after it, whether it opens a group, its length. */
export function parseFlagGroup(rest: string, current: Flags): { flags: Flags; opens: boolean; length: number } | undefined {
  const m = FLAG_GROUP.exec(rest);
  if (!m) return undefined;
  const [whole, set = '', minus, clear = '', end] = m;
  // Go rejects a minus that clears nothing: (?i-) and (?-).
  if (minus && clear === '') return undefined;
  const flags = { ...current };
  for (const f of set) flags[f as FlagName] = true;
  for (const f of clear) flags[f as FlagName] = false;
  return { flags, opens: end === ':', length: whole.length };
}

/**
 * Whether case-insensitivity can be the whole RegExp's `i` flag: it is set by the leading flag
 * group and no later flag group sets or clears it.
 */
export function caseFlagIsGlobal(pattern: string, leadingLength: number): boolean {
  const later = pattern.slice(leadingLength).match(/\(\?[imsU]*(?:-[imsU]*)?[:)]/g) ?? [];
  return later.every((g) => !g.includes('i'));
}

/** The other cases of one character, as single code points ("a" → ["A"]); empty when none. */
export function otherCases(ch: string): string[] {
  const out = new Set([ch.toLowerCase(), ch.toUpperCase()]);
  out.delete(ch);
  return [...out].filter((c) => [...c].length === 1);
}

/** `a-f` in a class under a scoped (?i): the same range in the other case, or '' when none. */
export function otherCaseRange(from: string, to: string): string {
  const lower = /^[a-z]$/;
  const upper = /^[A-Z]$/;
  if (lower.test(from) && lower.test(to)) return `${from.toUpperCase()}-${to.toUpperCase()}`;
  if (upper.test(from) && upper.test(to)) return `${from.toLowerCase()}-${to.toLowerCase()}`;
  return '';
}

/** The code point ranges of each POSIX class RE2 knows ([[:alpha:]]); all ASCII. */
const POSIX: Record<string, [number, number][]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

const hex = (n: number): string => `\\u{${n.toString(16)}}`;

/** A POSIX class as JavaScript class content; `negate` gives its complement ([:^alpha:]). */
export function posixClass(name: string, negate: boolean): string | undefined {
  const ranges = POSIX[name];
  if (!ranges) return undefined;
  const wanted = negate ? complement(ranges) : ranges;
  return wanted.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

function complement(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of ranges) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  out.push([next, 0x10ffff]);
  return out;
}
