// Go's path.Match, which buildx uses for target patterns on the command line and in `--set`:
// `*` any run of non-`/` characters, `?` one, `[...]`/`[^...]` classes with ranges, `\` escapes.
import { UserError } from '../errors.js';

/** Go's path.ErrBadPattern: the pattern is malformed (callers word the message as buildx does). */
export class BadPatternError extends UserError {
  constructor() {
    super('syntax error in pattern');
  }
}

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
  if (pattern[i] !== ']') throw new BadPatternError();
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
      if (i + 1 >= pattern.length) throw new BadPatternError();
      re += escapeRegex(pattern[i + 1]!);
      i += 2;
    } else (re += escapeRegex(c)), i++;
  }
  return new RegExp(`^${re}$`);
}

/** The names matching `pattern`, in the order given; throws BadPatternError when there are names to test. */
export function matchNames(pattern: string, names: Iterable<string>): string[] {
  const list = [...names];
  // Go's path.Match only reports a bad pattern when it is called.
  if (list.length === 0) return [];
  const re = compilePattern(pattern);
  return list.filter((n) => re.test(n));
}
