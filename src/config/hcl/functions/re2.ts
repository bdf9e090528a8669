// RE2 patterns (what Go's regexp and so cty accept) rewritten for JavaScript's `u`-mode RegExp:
// (?P<n>…) groups, leading (?ims) flags, \A \z \Q…\E \pL, [[:alpha:]] classes, literal braces.
// Perl features RE2 rejects (lookaround, backreferences) are rejected here too.

export interface Re2 {
  regexp: RegExp;
  /** One entry per capture group in order: its name, or '' when unnamed. */
  groups: string[];
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
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

/** Compiles an RE2 pattern; throws Re2Error. */
export function compileRe2(pattern: string): Re2 {
  const state: State = { out: '', groups: [], inClass: false, classStart: 0, flags: 'gu' };
  let i = leadingFlags(pattern, state);
  while (i < pattern.length) i = step(pattern, i, state);
  if (state.inClass) throw new Re2Error('missing closing ]', pattern.slice(state.classStart));
  try {
    return { regexp: new RegExp(state.out, state.flags), groups: state.groups };
  } catch (err) {
    const message = (err as Error).message;
    const code = JS_ERRORS.find(([re]) => re.test(message))?.[1];
    throw new Re2Error(code ?? message, pattern);
  }
}

type State = { out: string; groups: string[]; inClass: boolean; classStart: number; flags: string };

function leadingFlags(pattern: string, state: State): number {
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  if (!m) return 0;
  if (m[1]!.includes('U')) throw new Re2Error('invalid or unsupported Perl syntax', m[0]);
  for (const f of new Set(m[1])) state.flags += f;
  return m[0].length;
}

function step(pattern: string, i: number, state: State): number {
  const ch = pattern[i]!;
  if (ch === '\\') return escape(pattern, i, state);
  if (state.inClass) return classChar(pattern, i, state);
  if (ch === '[') {
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
  if (ch === '(') return group(pattern, i, state);
  if (ch === '{') {
    const rep = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
    state.out += rep ? rep[0] : '\\{';
    return i + (rep ? rep[0].length : 1);
  }
  // RE2's dot only excludes \n (JavaScript's also excludes \r, U+2028 and U+2029).
  if (ch === '.') state.out += state.flags.includes('s') ? '.' : '[^\\n]';
  else state.out += ch === '}' || ch === ']' ? `\\${ch}` : ch;
  return i + 1;
}

function classChar(pattern: string, i: number, state: State): number {
  const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
  if (posix) {
    const set = POSIX[posix[2]!];
    if (!set || posix[1]) throw new Re2Error('invalid character class range', posix[0]);
    state.out += set;
    return i + posix[0].length;
  }
  const ch = pattern[i]!;
  if (ch === ']') state.inClass = false;
  state.out += ch === '[' ? '\\[' : ch;
  return i + 1;
}

function group(pattern: string, i: number, state: State): number {
  const rest = pattern.slice(i);
  const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) {
    state.groups.push(named[1]!);
    state.out += `(?<${named[1]}>`;
    return i + named[0].length;
  }
  if (rest.startsWith('(?:')) {
    state.out += '(?:';
    return i + 3;
  }
  if (rest.startsWith('(?')) {
    throw new Re2Error('invalid or unsupported Perl syntax', rest.slice(0, 3));
  }
  state.groups.push('');
  state.out += '(';
  return i + 1;
}

function escape(pattern: string, i: number, state: State): number {
  const next = pattern[i + 1];
  if (next === undefined) throw new Re2Error('trailing backslash at end of expression', '');
  if (next === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const text = pattern.slice(i + 2, end < 0 ? undefined : end);
    for (const c of text) state.out += /[A-Za-z0-9 ]/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`;
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
    state.out += special[next];
    return i + 2;
  }
  if (next === 'p' || next === 'P') return unicodeClass(pattern, i, state);
  if (/[1-9]/.test(next)) throw new Re2Error('invalid escape sequence', `\\${next}`);
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
