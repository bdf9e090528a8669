// .dockerignore-style path patterns with moby/patternmatcher semantics, as fsutil walks a context
// with them: patterns are cleaned (`./` and a leading `/` dropped), `*` and `?` stay inside one
// path segment, `**` spans any number of segments, a pattern starting with `**` and otherwise
// literal is a suffix test (`**.go` matches `a/x.go`), `!` re-includes, and the LAST matching
// pattern wins. A path is decided from its parent directory's per-pattern results
// (MatchesUsingParentResults): a pattern matched by a directory matches everything below it, and
// an exception only re-includes below a directory that was excluded when it was evaluated.
import { UserError } from '../../errors.js';
import { trimSpace } from '../frontend/dockerfile/parser/split-command.js';
import { compileRe2 } from '../../re2/compile.js';

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface Pattern {
  text: string;
  exclusion: boolean;
  kind: MatchKind;
  /** Go regexp text for kind 'regexp', compiled on first use as patternmatcher does. */
  source: string;
  re?: RegExp;
}

/** Per-pattern results of a directory, handed to its entries. */
type ParentResults = readonly boolean[];

const REGEX_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

/** Cleans a pattern or path like Go's filepath.Clean, without a leading `/`. */
export function cleanPattern(p: string): string {
  const out: string[] = [];
  // As Clean: `..` at the root of a rooted path is dropped (`/../a` is `/a`).
  const rooted = p.startsWith('/');
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !rooted) out.push(seg);
  }
  return out.length === 0 ? '.' : out.join('/');
}

/** A glob as a RegExp: `*`, `?`, `[...]` stay within a segment (Go filepath.Match), `**` spans segments. */
export function globRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '\\') {
      const next = pattern[++i];
      if (next !== undefined) re += '\\' + next;
    } else if (ch === '[') {
      // The class passes through: Go negates with `^` only (`[!a]` matches `!` or `a`).
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`syntax error in pattern: ${pattern}`);
      const body = pattern.slice(i + 1, end).replace(/\\(.)/g, '\\$1');
      re += `[${body}]`;
      i = end;
    } else {
      re += REGEX_SPECIAL.has(ch) ? '\\' + ch : ch;
    }
  }
  return new RegExp(re + '$');
}

// Characters patternmatcher escapes in its regexp: special there, plain in a path pattern.
const GO_ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/**
 * A cleaned pattern as patternmatcher compiles it: literal patterns compare as text (`**` at the
 * end is a prefix test, at the start a suffix test), the others become a Go regexp whose text is
 * built the same way, so that its odd corners (an open `[` taking in a generated `[^/]`, `^`
 * anchoring) keep Go's meaning.
 */
function compile(pattern: string): { kind: MatchKind; source: string } {
  let re = '^';
  let kind: MatchKind = 'exact';
  const cps = Array.from(pattern);
  for (let i = 0, n = 0; i < cps.length; i++, n++) {
    const ch = cps[i]!;
    if (ch === '*' && cps[i + 1] === '*') {
      i++;
      if (cps[i + 1] === '/') i++;
      if (i + 1 >= cps.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          re += '.*';
          kind = 'regexp';
        }
      } else {
        re += '(.*/)?';
        kind = 'regexp';
      }
      // n counts scanned units, as Go's loop does: `**` first makes a suffix test.
      if (n === 0) kind = 'suffix';
    } else if (ch === '*') {
      re += '[^/]*';
      kind = 'regexp';
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if (GO_ESCAPED.has(ch)) {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      // A trailing `\` stays as is (validGlobSyntax has rejected it already).
      if (i + 1 < cps.length) {
        re += `\\${cps[++i]!}`;
        kind = 'regexp';
      } else re += '\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else {
      re += ch;
    }
  }
  return { kind, source: `${re}$` };
}

function matchOne(p: Pattern, path: string): boolean {
  switch (p.kind) {
    case 'exact':
      return path === p.text;
    case 'prefix':
      return path.startsWith(p.text.slice(0, -2));
    case 'suffix': {
      const suffix = p.text.slice(2);
      // `**/foo` also matches `foo` itself.
      return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp':
      return regexpOf(p).test(path);
  }
}

function regexpOf(p: Pattern): RegExp {
  if (!p.re) {
    try {
      p.re = compileRe2(p.source, false).regexp;
    } catch {
      // patternmatcher reports a regexp Go cannot compile as filepath.ErrBadPattern.
      throw new UserError(`syntax error in pattern: ${JSON.stringify(p.text)}`);
    }
  }
  return p.re;
}

/**
 * Go's filepath.Match syntax check, which patternmatcher.New runs on each pattern: a trailing
 * `\\`, an unclosed or empty `[]` class, or a class range missing an end is an error.
 */
export function validGlobSyntax(pattern: string): boolean {
  let rest = pattern;
  while (rest.length > 0) {
    rest = rest.replace(/^\*+/, '');
    let end = 0;
    let inRange = false;
    for (; end < rest.length; end++) {
      const c = rest[end];
      if (c === '\\') {
        if (end + 1 < rest.length) end++;
      } else if (c === '[') inRange = true;
      else if (c === ']') inRange = false;
      else if (c === '*' && !inRange) break;
    }
    if (!validChunk(Array.from(rest.slice(0, end)))) return false;
    rest = rest.slice(end);
  }
  return true;
}

function validChunk(c: string[]): boolean {
  let i = 0;
  // One class member (Go's getEsc): a character, possibly escaped, that must not end the chunk.
  const member = (): boolean => {
    if (i >= c.length || c[i] === '-' || c[i] === ']') return false;
    if (c[i] === '\\' && ++i >= c.length) return false;
    i++;
    return i < c.length;
  };
  while (i < c.length) {
    const ch = c[i]!;
    if (ch === '[') {
      i++;
      if (c[i] === '^') i++;
      for (let members = 0; ; members++) {
        if (c[i] === ']' && members > 0) {
          i++;
          break;
        }
        if (!member()) return false;
        if (c[i] === '-') {
          i++;
          if (!member()) return false;
        }
      }
    } else if (ch === '\\') {
      if (i + 1 >= c.length) return false;
      i += 2;
    } else i++;
  }
  return true;
}

export class PatternMatcher {
  private readonly patterns: Pattern[];
  /** Results of the directories last decided, so a directory's entries reuse them. */
  private readonly dirResults = new Map<string, { matched: boolean; results: ParentResults }>();

  /** Throws a UserError for a pattern patternmatcher.New rejects. */
  constructor(patterns: readonly string[]) {
    this.patterns = [];
    for (const raw of patterns) {
      // As New: trim, clean, then take the `!` (so `!` must be followed by a pattern).
      let text = trimSpace(raw);
      if (text === '') continue;
      text = cleanPattern(text);
      const exclusion = text.startsWith('!');
      if (exclusion) {
        if (text.length === 1) throw new UserError('illegal exclusion pattern: "!"');
        text = text.slice(1);
      }
      if (!validGlobSyntax(text)) throw new UserError(`syntax error in pattern: ${JSON.stringify(text)}`);
      // `.` (the context itself) and `/` are never a walked path.
      if (text === '.' || text === '/') continue;
      this.patterns.push({ text, exclusion, ...compile(text) });
    }
  }

  /** True when some pattern re-includes (`!`): excluded dirs must still be walked. */
  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /** Whether `path` (slash-separated, relative to the context) is matched, deciding each parent first. */
  matches(path: string): boolean {
    // No patterns (most contexts have no .dockerignore): skip cleaning and splitting the path.
    if (this.patterns.length === 0) return false;
    return this.decide(cleanPattern(path)).matched;
  }

  private decide(file: string): { matched: boolean; results: ParentResults } {
    const cached = this.dirResults.get(file);
    if (cached) return cached;
    const slash = file.lastIndexOf('/');
    const parent = slash < 0 ? undefined : this.decide(file.slice(0, slash)).results;
    const decided = this.step(file, parent);
    // Entries of one directory come together: a small cache of directories is enough.
    if (this.dirResults.size >= 256) this.dirResults.clear();
    this.dirResults.set(file, decided);
    return decided;
  }

  /** One path given its parent's results (patternmatcher's MatchesUsingParentResults). */
  private step(file: string, parent: ParentResults | undefined): { matched: boolean; results: ParentResults } {
    let matched = false;
    const results = this.patterns.map((p, i) => {
      let hit = parent?.[i] ?? false;
      // A pattern only counts when it could change the outcome: an exclusion once matched,
      // an inclusion while not yet matched.
      if (!hit && p.exclusion === matched) hit = matchOne(p, file);
      if (hit) matched = !p.exclusion;
      return hit;
    });
    return { matched, results };
  }

  /**
   * Whether an exclusion (`!`) pattern's text starts with `dir/`: fsutil enters an excluded
   * directory only then (and keeps the directory itself), a prefix test, not a match.
   */
  exclusionBelow(dir: string): boolean {
    const prefix = `${cleanPattern(dir)}/`;
    return this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
  }

  /**
   * Whether some path below directory `dir` could match a non-exclusion pattern: used to walk
   * into directories when patterns select (include patterns) rather than reject.
   */
  couldMatchBelow(dir: string): boolean {
    const segs = cleanPattern(dir).split('/');
    return this.patterns.some((p) => !p.exclusion && prefixCouldMatch(p.text.split('/'), segs));
  }
}

function prefixCouldMatch(patSegs: string[], dirSegs: string[]): boolean {
  for (let i = 0; i < dirSegs.length; i++) {
    const ps = patSegs[i];
    if (ps === undefined) return false;
    // A class, escape, `^` or `?` can mean more than one segment's glob says (an open `[` may
    // span `/`, `?` takes a code point): walk in rather than risk skipping a match.
    if (ps.includes('**') || /[[\]\\^?]/.test(ps)) return true;
    if (!globRegExp(ps).test(dirSegs[i]!)) return false;
  }
  return true;
}
