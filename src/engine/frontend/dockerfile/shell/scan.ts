// The scanning state machine behind ShellLex: one pass over the code points of a word.
import { replacePattern, trimPrefix, trimSuffix } from './pattern.js';
import { Words } from './words.js';

export type EnvLookup = (name: string) => string | undefined;

/** A cursor over the code points of a string; `undefined` is end of input. */
export class Scanner {
  private readonly chars: string[];
  private pos = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  peek(): string | undefined {
    return this.chars[this.pos];
  }

  next(): string | undefined {
    return this.chars[this.pos++];
  }
}

export interface WordScanOptions {
  escapeToken: string;
  rawQuotes: boolean;
  rawEscapes: boolean;
  skipProcessQuotes: boolean;
  skipUnsetEnv: boolean;
  getEnv: EnvLookup;
}

// POSIX special parameters: never set in a Dockerfile, so they expand to "".
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const DIGIT = /^\p{Nd}$/u;
const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

class ScanError extends Error {}

export class WordScanner {
  constructor(
    private readonly s: Scanner,
    private readonly opts: WordScanOptions,
  ) {}

  processAll(): { result: string; words: string[] } {
    return this.processStopOn(undefined, this.opts.rawEscapes);
  }

  /** Reads up to `stop` (consumed) or the end; a missing `stop` is an error. */
  private processStopOn(stop: string | undefined, rawEscapes: boolean): { result: string; words: string[] } {
    let result = '';
    const words = new Words();
    for (let ch = this.s.peek(); ch !== undefined; ch = this.s.peek()) {
      if (stop !== undefined && ch === stop) {
        this.s.next();
        return { result, words: words.finish() };
      }
      const special = this.special(ch);
      if (special) {
        const tmp = special();
        result += tmp;
        if (ch === '$') words.addString(tmp);
        else words.addRawString(tmp);
        continue;
      }
      let c = this.s.next()!;
      if (c === this.opts.escapeToken) {
        if (rawEscapes) {
          words.addRawChar(c);
          result += c;
        }
        const escaped = this.s.next();
        if (escaped === undefined) break; // a trailing lone escape is dropped
        c = escaped;
        words.addRawChar(c);
      } else words.addChar(c);
      result += c;
    }
    if (stop !== undefined) throw new ScanError(`unexpected end of statement while looking for matching ${stop}`);
    return { result, words: words.finish() };
  }

  private special(ch: string): (() => string) | undefined {
    if (ch === '$') return () => this.processDollar();
    if (ch === '<') return () => this.processPossibleHeredoc();
    if (this.opts.skipProcessQuotes) return undefined;
    if (ch === "'") return () => this.processSingleQuote();
    if (ch === '"') return () => this.processDoubleQuote();
    return undefined;
  }

  /**
   * `<<` keeps the blanks after it in its word, so that `<< EOF` is one heredoc word as in
   * BuildKit; the text itself is unchanged.
   */
  private processPossibleHeredoc(): string {
    this.s.next();
    if (this.s.peek() !== '<') return '<';
    this.s.next();
    let result = '<<';
    for (let ch = this.s.peek(); ch === ' ' || ch === '\t' || ch === '\r'; ch = this.s.peek()) result += this.s.next()!;
    return result;
  }

  /** Everything up to the next `'` is literal; `'` cannot be escaped inside. */
  private processSingleQuote(): string {
    const open = this.s.next()!;
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const ch = this.s.next();
      if (ch === undefined) throw new ScanError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return this.opts.rawQuotes ? result + ch : result;
      result += ch;
    }
  }

  /** Up to the next `"`: `$` expands, the escape token only escapes `"`, `$` and itself. */
  private processDoubleQuote(): string {
    const open = this.s.next()!;
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const peek = this.s.peek();
      if (peek === undefined) throw new ScanError('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') {
        this.s.next();
        return this.opts.rawQuotes ? result + peek : result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.s.next()!;
      if (ch === this.opts.escapeToken) {
        if (this.opts.rawEscapes) result += ch;
        const after = this.s.peek();
        if (after === undefined) continue; // ignored at the end; the missing `"` errors next
        if (after === '"' || after === '$' || after === this.opts.escapeToken) ch = this.s.next()!;
      }
      result += ch;
    }
  }

  private getEnv(name: string): string | undefined {
    return this.opts.getEnv(name);
  }

  private processDollar(): string {
    this.s.next();
    if (this.s.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return '$' + name;
      return value ?? '';
    }
    this.s.next();
    const first = this.s.peek();
    if (first === undefined) throw new ScanError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new ScanError('syntax error: bad substitution');
    const name = this.processName();
    const ch = this.s.next();
    if (ch === undefined) throw new ScanError("syntax error: missing '}'");
    if (ch === '}') {
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (ch === '/') return this.processReplace(name);
    if (ch === ':') {
      const mod = this.s.next();
      if (mod === undefined) throw new ScanError("syntax error: missing '}'");
      return this.processModifier(name, mod, true);
    }
    return this.processModifier(name, ch, false);
  }

  /** `${name<mod>word}` for `-`, `+`, `?` (with `:` when nullIsUnset), `#`, `%`. */
  private processModifier(name: string, mod: string, nullIsUnset: boolean): string {
    const chs = (nullIsUnset ? ':' : '') + mod;
    if (!'+-?#%'.includes(mod)) throw new ScanError(`unsupported modifier (${chs}) in substitution`);
    const isPattern = mod === '#' || mod === '%';
    if (nullIsUnset && isPattern) throw new ScanError(`unsupported modifier (${chs}) in substitution`);
    let word = this.readUntilBrace(isPattern);
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}${chs}${word}}`;
    const empty = value === undefined || (nullIsUnset && value === '');
    switch (mod) {
      case '-':
        return empty ? word : value!;
      case '+':
        return empty ? '' : word;
      case '?':
        if (value === undefined) throw new ScanError(`${name}: ${word || 'is not allowed to be unset'}`);
        if (empty) throw new ScanError(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      default: {
        // A doubled modifier (`##`, `%%`) asks for the longest match.
        const greedy = word.startsWith(mod);
        if (greedy) word = word.slice(1);
        const v = value ?? '';
        return mod === '%' ? trimSuffix(word, v, greedy) : trimPrefix(word, v, greedy);
      }
    }
  }

  private readUntilBrace(rawEscapes: boolean): string {
    return this.readUntil('}', rawEscapes, "syntax error: missing '}'");
  }

  private readUntil(stop: string, rawEscapes: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (err) {
      if (this.s.peek() === undefined && err instanceof ScanError && err.message.startsWith('unexpected end')) {
        throw new ScanError(missing);
      }
      throw err;
    }
  }

  /** `${name/pattern/repl}` and `${name//pattern/repl}`. */
  private processReplace(name: string): string {
    const all = this.s.peek() === '/';
    if (all) this.s.next();
    const pattern = this.readUntil('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.readUntil('}', true, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}/${pattern}/${replacement}}`;
    return replacePattern(pattern, value ?? '', replacement, all);
  }

  /** A variable name, a run of digits (positional), or one special-parameter char. */
  private processName(): string {
    let name = '';
    for (let ch = this.s.peek(); ch !== undefined; ch = this.s.peek()) {
      if (name === '' && DIGIT.test(ch)) {
        while (this.s.peek() !== undefined && DIGIT.test(this.s.peek()!)) name += this.s.next();
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) return this.s.next()!;
      if (!NAME_CHAR.test(ch)) break;
      name += this.s.next();
    }
    return name;
  }
}
