// Go (RE2) regular expression text → an equivalent JavaScript RegExp, for the regexps that
// moby/patternmatcher builds out of ignore patterns. Their pieces are Go's, so they must keep Go's
// meaning: a `[` the pattern left open swallows the generated `[^/]` (`a[*]b` is the class
// `[[^/]` then `*` then `]b`), `]` first in a class is a member, `^` outside a class anchors,
// `\a` is BEL, `.` skips only `\n`, and `?`/`[^/]` take one code point. Every literal is emitted
// as `\u{…}` under the `u` flag, so no JavaScript syntax can leak in.

const lit = (cp: number): string => `\\u{${cp.toString(16)}}`;

// Go's `\s` is ASCII only; JavaScript's has Unicode spaces.
const GO_SPACE = '\\t\\n\\f\\r ';
const PERL_CLASSES: Record<string, { inClass: string; alone: string }> = {
  d: { inClass: '0-9', alone: '[0-9]' },
  D: { inClass: '\\D', alone: '[^0-9]' },
  w: { inClass: '0-9A-Za-z_', alone: '[0-9A-Za-z_]' },
  W: { inClass: '\\W', alone: '[^0-9A-Za-z_]' },
  s: { inClass: GO_SPACE, alone: `[${GO_SPACE}]` },
  S: { inClass: '\\S', alone: `[^${GO_SPACE}]` },
};

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7f}',
  blank: '\\t ',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// Go's single-letter escapes that stand for one character.
const CHAR_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class GoRegexpError extends Error {}

class Translator {
  private i = 0;
  private readonly cps: number[];

  constructor(src: string) {
    this.cps = Array.from(src, (c) => c.codePointAt(0)!);
  }

  private peek(offset = 0): string | undefined {
    const cp = this.cps[this.i + offset];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private next(): string {
    const ch = this.peek();
    if (ch === undefined) throw new GoRegexpError('unexpected end');
    this.i++;
    return ch;
  }

  translate(): string {
    let out = '';
    let canRepeat = false;
    let lastWasRepeat = false;
    while (this.peek() !== undefined) {
      const ch = this.next();
      if (ch === '*' || ch === '?') {
        // `x*?` is Go's non-greedy form; `x**` is an error there.
        if (lastWasRepeat && ch === '?') {
          out += '?';
          lastWasRepeat = false;
          continue;
        }
        if (!canRepeat || lastWasRepeat) throw new GoRegexpError(`bad repetition ${ch}`);
        out += ch;
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      canRepeat = true;
      if (ch === '[') out += this.classBody();
      else if (ch === '\\') out += this.escape();
      else if (ch === '.') out += '[^\\n]';
      else if (ch === '(') {
        out += '(?:';
        canRepeat = false;
      } else if (ch === ')') out += ')';
      else if (ch === '^' || ch === '$') {
        out += ch;
        canRepeat = false;
      } else out += lit(ch.codePointAt(0)!);
    }
    return out;
  }

  private escape(): string {
    const ch = this.next();
    const perl = PERL_CLASSES[ch];
    if (perl) return perl.alone;
    if (ch === 'b' || ch === 'B') return `\\${ch}`;
    if (ch === 'A') return '^';
    if (ch === 'z') return '$';
    return lit(this.escapedChar(ch));
  }

  /** The character of a `\x` escape (outside or inside a class), `\` already read. */
  private escapedChar(ch: string): number {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(ch)) return cp;
    const c = CHAR_ESCAPES[ch];
    if (c !== undefined) return c;
    // Octal, hex, \p{…}, \Q…\E: not produced from ignore patterns in practice.
    throw new GoRegexpError(`unsupported escape \\${ch}`);
  }

  /** A class after its `[`, parsed as Go's parseClass does (Perl flags). */
  private classBody(): string {
    let out = '[';
    if (this.peek() === '^') {
      this.i++;
      out += '^';
    }
    let first = true;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) throw new GoRegexpError('missing closing ]');
      if (ch === ']' && !first) {
        this.i++;
        return out + ']';
      }
      first = false;
      const posix = this.posixClass();
      if (posix !== undefined) {
        out += posix;
        continue;
      }
      if (ch === '\\') {
        const perl = PERL_CLASSES[this.peek(1) ?? ''];
        if (perl) {
          this.i += 2;
          out += perl.inClass;
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        hi = this.classChar();
        if (hi < lo) throw new GoRegexpError('invalid character class range');
      }
      out += lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`;
    }
  }

  private classChar(): number {
    const ch = this.next();
    return ch === '\\' ? this.escapedChar(this.next()) : ch.codePointAt(0)!;
  }

  /** `[:alpha:]` or `[:^alpha:]` inside a class; undefined when not one (it is then literal). */
  private posixClass(): string | undefined {
    if (this.peek() !== '[' || this.peek(1) !== ':') return undefined;
    const rest = String.fromCodePoint(...this.cps.slice(this.i + 2));
    const end = rest.indexOf(':]');
    if (end < 0) return undefined;
    const name = rest.slice(0, end);
    const negated = name.startsWith('^');
    const body = POSIX_CLASSES[negated ? name.slice(1) : name];
    if (body === undefined) throw new GoRegexpError(`invalid character class range [:${name}:]`);
    // A negated POSIX class inside a class has no JavaScript spelling: not worth one here.
    if (negated) throw new GoRegexpError(`unsupported negated class [:${name}:]`);
    this.i += 2 + Array.from(name).length + 2;
    return body;
  }
}

/** The JavaScript RegExp for Go regexp text; throws when Go would not compile it either. */
export function goRegExp(src: string): RegExp {
  try {
    return new RegExp(new Translator(src).translate(), 'u');
  } catch (err) {
    if (err instanceof GoRegexpError || err instanceof SyntaxError) throw new Error(`invalid regexp ${src}: ${err.message}`);
    throw err;
  }
}
