// Shell patterns of `${VAR#p}`, `${VAR%p}` and `${VAR/p/r}` (BuildKit shell/lex.go
// convertShellPatternToRegex): `*` and `?` wildcards, `\` escapes; everything else literal.
import { UserError } from '../../../../errors.js';

const REGEX_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

/** Compiles a shell pattern; lazy `*` unless greedy, anchored at the start if asked. */
function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? '.*' : '.*?';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '*') out += star;
    else if (ch === '?') out += '.';
    else if (ch === '\\') {
      const next = chars[i + 1];
      // `\}` and `\/` only protect the ${} syntax: the escape is not part of the pattern.
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') {
        throw new UserError(`invalid escape '\\${next ?? ''}'`);
      }
      out += '\\' + next;
      i++;
    } else out += REGEX_SPECIAL.has(ch) ? '\\' + ch : ch;
  }
  // No `s` flag: like Go's regexp, `.` does not match a newline.
  return new RegExp(out, 'u');
}

function compile(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  try {
    return shellPatternToRegex(pattern, greedy, anchored);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new UserError(`invalid pattern (${pattern}) in substitution: ${msg}`, { cause: err });
  }
}

/** `${VAR#p}` / `${VAR##p}`: removes the shortest/longest matching prefix. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = compile(pattern, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

/** Reverses a pattern keeping each `\x` escape in front of the char it escapes. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const units: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i + 1 < chars.length) {
      units.push('\\' + chars[i + 1]!);
      i++;
    } else units.push(chars[i]!);
  }
  return units.reverse().join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

/** `${VAR%p}` / `${VAR%%p}`: a leftmost search on the reversed value finds the rightmost
 *  shortest/longest suffix, which a regex cannot do directly. */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/** `${VAR/p/r}` (first match) and `${VAR//p/r}` (all); the replacement is literal. */
export function replacePattern(pattern: string, value: string, replacement: string, all: boolean): string {
  const re = compile(pattern, true, false);
  if (!all) {
    const m = re.exec(value);
    return m ? value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length) : value;
  }
  return replaceAll(new RegExp(re.source, 'gu'), value, replacement);
}

/** Go's ReplaceAllString semantics: an empty match right after a previous match is skipped
 *  (JS `replace` would replace it, giving `XX` for `.*` on `abc`). */
function replaceAll(re: RegExp, value: string, replacement: string): string {
  let out = '';
  let last = 0;
  let prevEnd = -1;
  for (const m of value.matchAll(re)) {
    const end = m.index + m[0].length;
    if (m[0].length === 0 && m.index === prevEnd) continue;
    out += value.slice(last, m.index) + replacement;
    last = end;
    prevEnd = end;
  }
  return out + value.slice(last);
}
