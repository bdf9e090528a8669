// RE2 patterns (what Go's regexp accepts: cty's regex functions, the regexps moby/patternmatcher
// builds from .dockerignore lines) rewritten for JavaScript's `u`-mode RegExp: (?P<n>…) groups,
// (?imsU) flags (flags.ts), \A \z \a \Q…\E \pL, octal escapes, [[:alpha:]] classes, a leading
// `]` in a class, literal braces. Perl features RE2 rejects (lookaround, backreferences) are
// rejected.

import { caseFlagIsGlobal, otherCaseRange, otherCases, parseFlagGroup, posixClass, type Flags } from './flags.js';

export interface Re2 {
  regexp: RegExp;
  /** One entry per capture group in order: its name, or '' when unnamed. */
  groups: string[];
}

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');

/** Go's regexp/syntax error: a code ("missing closing ]") and the offending expression. */
export class Re2Error extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

// What V8 says for the mistakes RE2's own parser would catch, as Go words them.
const JS_ERRORS: [RegExp, string][] = [
  [/Unterminated group/, 'missing closing )'],
  [/Unmatched '\)'/, 'unexpected )'],
  [/Nothing to repeat/, 'missing argument to repetition operator'],
];

/** Compiles an RE2 pattern, `global` (JavaScript's `g`) for repeated matching; throws Re2Error. */
export function compileRe2(pattern: string, global = true): Re2 {
  const state: State = {
    out: '', groups: [], inClass: false, classStart: 0, jsFlags: global ? 'gu' : 'u',
    flags: { i: false, m: false, s: false, U: false }, stack: [], foldCase: true,
  };
  let i = leadingFlags(pattern, state);
  while (i < pattern.length) i = step(pattern, i, state);
  if (state.inClass) throw new Re2Error('missing closing ]', pattern.slice(state.classStart));
  try {
    return { regexp: new RegExp(state.out, state.jsFlags), groups: state.groups };
  } catch (err) {
    const message = (err as Error).message;
    const code = JS_ERRORS.find(([re]) => re.test(message))?.[1];
    throw new Re2Error(code ?? message, pattern);
  }
}

interface State {
  out: string;
  groups: string[];
  inClass: boolean;
  classStart: number;
  jsFlags: string;
  /** The flags in force, and those to restore at each open group's ). */
  flags: Flags;
  stack: Flags[];
  /** Whether (?i) is spelled out letter by letter rather than left to the RegExp's `i` flag. */
  foldCase: boolean;
  /** The quantifier just read, from its first character to past its lazy mark. */
  lastRepeat?: { start: number; end: number };
}

/** A leading (?i) that nothing changes later becomes the RegExp's own `i` flag. */
function leadingFlags(pattern: string, state: State): number {
  const parsed = parseFlagGroup(pattern, state.flags);
  if (!parsed || parsed.opens) return 0;
  state.flags = parsed.flags;
  if (parsed.flags.i && caseFlagIsGlobal(pattern, parsed.length)) {
    state.jsFlags += 'i';
    state.foldCase = false;
  }
  return parsed.length;
}

function step(pattern: string, i: number, state: State): number {
  const ch = pattern[i]!;
  const previous = state.lastRepeat;
  state.lastRepeat = undefined;
  if (ch === '\\') return escape(pattern, i, state);
  if (state.inClass) return classChar(pattern, i, state);
  if (ch === '[') return openClass(pattern, i, state);
  if (ch === '(') return group(pattern, i, state);
  if (ch === ')') state.flags = state.stack.pop() ?? state.flags;
  if (ch === '*' || ch === '+' || ch === '?') return quantifier(pattern, i, i + 1, state, previous);
  if (ch === '{') {
    const rep = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
    if (rep) return quantifier(pattern, i, i + rep[0].length, state, previous);
    state.out += '\\{';
    return i + 1;
  }
  state.out += translate(ch, state);
  return i + 1;
}

/** One pattern character outside classes and escapes, with the m, s and i flags in force. */
function translate(ch: string, state: State): string {
  const { m, s } = state.flags;
  // Go's ^ and $ under (?m) see only \n as a line end; JavaScript's m flag also sees \r.
  if (ch === '^') return assertion(m ? '(?<![^\\n])' : '^');
  if (ch === '$') return assertion(m ? '(?![^\\n])' : '$');
  // RE2's dot only excludes \n (JavaScript's also excludes \r, U+2028 and U+2029).
  if (ch === '.') return s ? '[^]' : '[^\\n]';
  if (ch === '}' || ch === ']') return `\\${ch}`;
  return literal(ch, state);
}

/** A literal character; under a spelled-out (?i), a class of its cases. */
function literal(ch: string, state: State): string {
  const others = state.flags.i && state.foldCase ? otherCases(ch) : [];
  return others.length > 0 ? `[${ch}${others.join('')}]` : ch;
}

/** RE2 may repeat an empty-width assertion (`^*`, `\b?`); JavaScript only a group holding one. */
function assertion(js: string): string {
  return `(?:${js})`;
}

/**
 * A quantifier (pattern[start, next)) and its optional lazy `?`; (?U) swaps which of the two is
 * lazy. RE2 rejects one quantifier right after another (`a**`, `a++?`).
 */
function quantifier(pattern: string, start: number, next: number, state: State, previous: State['lastRepeat']): number {
  const marked = pattern[next] === '?';
  const end = next + (marked ? 1 : 0);
  if (previous?.end === start) throw new Re2Error('invalid nested repetition operator', pattern.slice(previous.start, end));
  const lazy = marked !== state.flags.U;
  state.out += pattern.slice(start, next) + (lazy ? '?' : '');
  state.lastRepeat = { start, end };
  return end;
}

function openClass(pattern: string, i: number, state: State): number {
  state.inClass = true;
  state.classStart = i;
  const negate = pattern[i + 1] === '^' ? 1 : 0;
  state.out += negate ? '[^' : '[';
  // A ] right after [ or [^ is a literal in RE2.
  if (pattern[i + 1 + negate] === ']') {
    state.out += '\\]';
    return i + 2 + negate;
  }
  return i + 1 + negate;
}

function classChar(pattern: string, i: number, state: State): number {
  const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
  if (posix) {
    const set = posixClass(posix[2]!, posix[1] === '^');
    if (set === undefined) throw new Re2Error('invalid character class range', posix[0]);
    state.out += set;
    return i + posix[0].length;
  }
  const ch = pattern[i]!;
  if (ch === ']') {
    state.inClass = false;
    state.out += ch;
    return i + 1;
  }
  const fold = state.flags.i && state.foldCase;
  const to = pattern[i + 2];
  if (pattern[i + 1] === '-' && to !== undefined && to !== ']' && to !== '\\') {
    state.out += `${ch}-${to}${fold ? otherCaseRange(ch, to) : ''}`;
    return i + 3;
  }
  state.out += (ch === '[' ? '\\[' : ch) + (fold ? otherCases(ch).join('') : '');
  return i + 1;
}

function group(pattern: string, i: number, state: State): number {
  const rest = pattern.slice(i);
  const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  const flagGroup = named ? undefined : parseFlagGroup(rest, state.flags);
  if (flagGroup && !flagGroup.opens) {
    state.flags = flagGroup.flags;
    return i + flagGroup.length;
  }
  if (!named && !flagGroup && rest.startsWith('(?')) {
    throw new Re2Error('invalid or unsupported Perl syntax', rest.slice(0, 3));
  }
  state.stack.push(state.flags);
  if (flagGroup) {
    state.flags = flagGroup.flags;
    state.out += '(?:';
    return i + flagGroup.length;
  }
  state.groups.push(named ? named[1]! : '');
  state.out += named ? `(?<${named[1]}>` : '(';
  return i + (named ? named[0].length : 1);
}

function escape(pattern: string, i: number, state: State): number {
  const next = pattern[i + 1];
  if (next === undefined) throw new Re2Error('trailing backslash at end of expression', '');
  if (next === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const text = pattern.slice(i + 2, end < 0 ? undefined : end);
    for (const c of text) state.out += /[A-Za-z0-9 ]/.test(c) ? literal(c, state) : `\\u{${c.codePointAt(0)!.toString(16)}}`;
    return end < 0 ? pattern.length : end + 2;
  }
  // \A, \z and RE2's ASCII-only \s, which JavaScript widens to all Unicode spaces.
  const special: Record<string, string> = {
    A: '(?<![^])',
    z: '(?![^])',
    s: '[\\t\\n\\f\\r ]',
    S: '[^\\t\\n\\f\\r ]',
  };
  if (next === 's' && state.inClass) {
    state.out += '\\t\\n\\f\\r ';
    return i + 2;
  }
  if (special[next] && !state.inClass) {
    state.out += next === 'A' || next === 'z' ? assertion(special[next]) : special[next];
    return i + 2;
  }
  if ((next === 'b' || next === 'B') && !state.inClass) {
    state.out += assertion(`\\${next}`);
    return i + 2;
  }
  if (next === 'p' || next === 'P') return unicodeClass(pattern, i, state);
  // Octal: \0 with up to two more digits, or \1-\7 with one or two (a lone \1 is a backreference).
  const octal = /^\\(?:0[0-7]{0,2}|[1-7][0-7]{1,2})/.exec(pattern.slice(i, i + 4));
  if (octal) {
    state.out += `\\u{${parseInt(octal[0].slice(1), 8).toString(16)}}`;
    return i + octal[0].length;
  }
  if (/[1-9]/.test(next)) throw new Re2Error('invalid escape sequence', `\\${next}`);
  // \a (BEL) is RE2's; JavaScript has no such escape.
  if (next === 'a') {
    state.out += '\\x07';
    return i + 2;
  }
  if (next === 'x' && pattern[i + 2] === '{') {
    const end = pattern.indexOf('}', i);
    state.out += `\\u${pattern.slice(i + 2, end + 1)}`;
    return end + 1;
  }
  if (/[A-Za-z0-9]/.test(next) || JS_SYNTAX.has(next) || (next === '-' && state.inClass)) state.out += `\\${next}`;
  else state.out += `\\u{${next.codePointAt(0)!.toString(16)}}`;
  return i + 2;
}

/** \pL, \p{Greek}: one-letter and two-letter names are categories, longer ones scripts. */
function unicodeClass(pattern: string, i: number, state: State): number {
  const m = /^\\([pP])(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(pattern.slice(i));
  if (!m) throw new Re2Error('invalid character class range', pattern.slice(i, i + 3));
  const name = m[3] ?? m[4]!;
  const negate = (m[1] === 'P') !== (m[2] === '^');
  const prop = name.length <= 2 || name === 'Any' ? name : `Script=${name}`;
  state.out += prop === 'Any' ? (negate ? '[^\\s\\S]' : '[\\s\\S]') : `\\${negate ? 'P' : 'p'}{${prop}}`;
  return i + m[0].length;
}
