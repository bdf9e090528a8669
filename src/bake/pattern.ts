// Go's path.Match, which buildx uses for target patterns on the command line and in `--set`:
// `*` any run of non-`/` characters, `?` one, `[...]`/`[^...]` classes with ranges, `\` escapes.
import { UserError } from '../errors.js';

/** True when a CLI name contains a glob metacharacter (buildx checks `*?[]`), so it is a pattern. */
export function isPattern(name: string): boolean {
  return /[*?[\]]/.test(name);
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function classToRegex(pattern: string, start: number): { re: string; end: number } {
  let i = start + 1;
  let re = '[';
  if (pattern[i] === '^') (re += '^'), i++;
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    let c = pattern[i]!;
    if (c === '\\') c = pattern[++i] ?? '';
    if (c === '') break;
    re += escapeRegex(c);
    i++;
    if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
      let hi = pattern[i + 1]!;
      i += 2;
      if (hi === '\\') hi = pattern[i++] ?? '';
      re += `-${escapeRegex(hi)}`;
    }
  }
  if (pattern[i] !== ']') throw new UserError(`syntax error in pattern "${pattern}"`);
  // A class never matches the separator.
  return { re: `(?!/)${re}]`, end: i + 1 };
}

/** Compiles a Go path.Match pattern to an anchored RegExp. */
export function compilePattern(pattern: string): RegExp {
  let re = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') (re += '[^/]*'), i++;
    else if (c === '?') (re += '[^/]'), i++;
    else if (c === '[') {
      const cls = classToRegex(pattern, i);
      re += cls.re;
      i = cls.end;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) throw new UserError(`syntax error in pattern "${pattern}"`);
      re += escapeRegex(pattern[i + 1]!);
      i += 2;
    } else (re += escapeRegex(c)), i++;
  }
  return new RegExp(`^${re}$`);
}

/** The names matching `pattern`, in the order given. */
export function matchNames(pattern: string, names: Iterable<string>): string[] {
  const re = compilePattern(pattern);
  return [...names].filter((n) => re.test(n));
}
