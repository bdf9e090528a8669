// regex, regexall and regex_replace with cty's result shapes: the whole match without groups,
// a list of captures with unnamed groups, an object with named groups. Matching follows Go's
// regexp: successive non-overlapping matches, ignoring an empty match right after a match.
import { makeObject, markType, type Value, type ValueObject } from '../value.js';
import { compareStrings, fn, p, STRING } from './define.js';
import { compileRe2, Re2Error, type Re2 } from '../../../re2/compile.js';
import type { HclType } from '../types.js';
import { listOf } from './result-types.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

/**
 * regex and regexall blame the pattern argument (`invalid regexp pattern: <code> in <expr>`);
 * regex_replace fails the call with Go's own error text.
 */
function compile(pattern: string, asArgument: boolean): Re2 {
  try {
    return compileRe2(pattern);
  } catch (err) {
    if (!(err instanceof Re2Error)) throw err;
    if (asArgument) throw new FunctionArgError(0, `invalid regexp pattern: ${err.code} in ${err.expr}`);
    throw new FunctionCallError(err.message);
  }
}

/** Every match as Go's FindAll reports them. */
function allMatches(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      pos = end + (s.codePointAt(end)! > 0xffff ? 2 : 1);
      if (m.index === prevEnd) continue;
    } else {
      pos = end;
    }
    prevEnd = end;
    out.push(m);
  }
  return out;
}

function shape(re: Re2): 'string' | 'list' | 'object' {
  const unnamed = re.groups.filter((g) => g === '').length;
  if (re.groups.length === 0) return 'string';
  if (unnamed > 0 && unnamed < re.groups.length) {
    throw new FunctionArgError(0, 'invalid regexp pattern: cannot mix both named and unnamed capture groups');
  }
  return unnamed > 0 ? 'list' : 'object';
}

function result(re: Re2, kind: ReturnType<typeof shape>, m: RegExpExecArray): Value {
  if (kind === 'string') return m[0];
  const captures = m.slice(1).map((c) => c ?? null);
  if (kind === 'list') return captures;
  const entries = re.groups.map((name, i): [string, Value] => [name, captures[i]!]);
  return makeObject(entries.sort(([a], [b]) => compareStrings(a, b)));
}

function regex(pattern: string, s: string): Value {
  const re = compile(pattern, true);
  const kind = shape(re);
  const [first] = allMatches(re.regexp, s);
  if (!first) throw new FunctionCallError('pattern did not match any part of the given string');
  if (kind === 'string') return first[0];
  // A tuple or an object of the groups; an unmatched optional group is a null string.
  return markType(result(re, kind, first) as Value[] | ValueObject, resultType(re, kind));
}

function regexall(pattern: string, s: string): Value[] {
  const re = compile(pattern, true);
  const kind = shape(re);
  return listOf(allMatches(re.regexp, s).map((m) => result(re, kind, m)), resultType(re, kind));
}

/** The type of one match's result, which regexall's list has even when nothing matched. */
function resultType(re: Re2, kind: ReturnType<typeof shape>): HclType {
  if (kind === 'string') return STRING;
  if (kind === 'list') return { kind: 'tuple', elements: re.groups.map(() => STRING) };
  return { kind: 'object', attributes: Object.fromEntries(re.groups.map((g): [string, HclType] => [g, STRING])) };
}

/** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; unknown names are empty. */
function expand(template: string, re: Re2, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare;
    if (name === undefined) return whole === '$$' ? '$' : whole;
    // A group number has no leading zero ($01 names a group called "01", which never exists).
    if (/^(?:0|[1-9]\d{0,8})$/.test(name)) return m[Number(name)] ?? '';
    const at = re.groups.indexOf(name);
    return at < 0 ? '' : (m[at + 1] ?? '');
  });
}

/** Go's Regexp.ReplaceAllString. */
function regexReplace(s: string, pattern: string, replacement: string): string {
  const re = compile(pattern, false);
  let out = '';
  let last = 0;
  for (const m of allMatches(re.regexp, s)) {
    out += s.slice(last, m.index) + expand(replacement, re, m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

export const regexFunctions: Record<string, HclFunction> = {
  regex: fn([p('pattern', STRING), p('string', STRING)], (a) => regex(a[0] as string, a[1] as string)),
  regexall: fn([p('pattern', STRING), p('string', STRING)], (a) => regexall(a[0] as string, a[1] as string)),
  regex_replace: fn([p('str', STRING), p('pattern', STRING), p('replace', STRING)], (a) =>
    regexReplace(a[0] as string, a[1] as string, a[2] as string),
  ),
};
