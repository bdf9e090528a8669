// jsondecode's failures in the words of cty's ImpliedType: it walks the text with Go's
// json.Decoder token by token (whose messages differ from json.Unmarshal's: a document cut short
// is "EOF" between tokens and "unexpected EOF" inside one), rejects a property repeated with a
// different type, and then any data after the first value that is not `]` or `}`.
/** Where a token may start, for the wording of Go's tokenError. */
type TokenState = 'value' | 'arrayComma' | 'objectStart' | 'objectKey' | 'objectColon' | 'objectComma';

const CONTEXT: Record<TokenState, string> = {
  value: ' looking for beginning of value',
  arrayComma: ' after array element',
  objectStart: '',
  objectKey: ' looking for beginning of object key string',
  objectColon: ' after object key',
  objectComma: ' after object key:value pair',
};

class GoJsonError extends Error {}

const SHORT: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** Go's quoteChar: the offending UTF-8 byte, quoted as a rune the way strconv.Quote does. */
function quoteChar(text: string, at: number): string {
  const byte = Buffer.from(String.fromCodePoint(text.codePointAt(at)!))[0]!;
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  if (SHORT[byte]) return `'${SHORT[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if (byte >= 0x80 && byte < 0xa0) return `'\\u${byte.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c);

class Walker {
  private i = 0;

  constructor(private readonly text: string) {}

  /** The next non-space character (Decoder.peek); Go reports running out between tokens as EOF. */
  private peek(): string {
    while (isSpace(this.text[this.i])) this.i++;
    const c = this.text[this.i];
    if (c === undefined) throw new GoJsonError('EOF');
    return c;
  }

  private tokenError(state: TokenState): never {
    throw new GoJsonError(`invalid character ${quoteChar(this.text, this.i)}${CONTEXT[state]}`);
  }

  /** A scanner error inside a value being decoded; the end of input there is unexpected. */
  private scanError(what: string): never {
    if (this.i >= this.text.length) throw new GoJsonError('unexpected EOF');
    throw new GoJsonError(`invalid character ${quoteChar(this.text, this.i)} ${what}`);
  }

  /** One value at a position where a value may start; returns cty's implied type as a key. */
  value(): string {
    const c = this.peek();
    if (c === '[') return this.array();
    if (c === '{') return this.object();
    if (c === ']' || c === '}' || c === ',' || c === ':') this.tokenError('value');
    return this.scalar();
  }

  private array(): string {
    this.i++;
    const types: string[] = [];
    if (this.peek() === ']') {
      this.i++;
      return '[]';
    }
    for (;;) {
      types.push(this.value());
      const c = this.peek();
      if (c === ']') break;
      if (c !== ',') this.tokenError('arrayComma');
      this.i++;
    }
    this.i++;
    return `[${types.join(',')}]`;
  }

  private object(): string {
    this.i++;
    const types = new Map<string, string>();
    let state: TokenState = 'objectStart';
    for (;;) {
      const c = this.peek();
      if (c === '}' && state === 'objectStart') break;
      if (c !== '"') this.tokenError(state);
      const key = this.string();
      if (this.peek() !== ':') this.tokenError('objectColon');
      this.i++;
      const type = this.value();
      const seen = types.get(key);
      // cty tolerates a repeated property only when its value has the same type.
      if (seen !== undefined && seen !== type) throw new GoJsonError(`duplicate ${JSON.stringify(key)} property in JSON object`);
      types.set(key, type);
      const next = this.peek();
      if (next === '}') break;
      if (next !== ',') this.tokenError('objectComma');
      this.i++;
      state = 'objectKey';
    }
    this.i++;
    return `{${[...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => `${JSON.stringify(k)}:${t}`).join(',')}}`;
  }

  /** A string, number or literal, read as Decoder.Decode reads one value. */
  private scalar(): string {
    const c = this.text[this.i]!;
    if (c === '"') {
      this.string();
      return 'string';
    }
    if (c === '-' || isDigit(c)) {
      this.number();
      return 'number';
    }
    for (const word of ['true', 'false', 'null']) {
      if (c !== word[0]) continue;
      for (let k = 1; k < word.length; k++) {
        this.i++;
        if (this.text[this.i] !== word[k]) this.scanError(`in literal ${word} (expecting '${word[k]}')`);
      }
      this.i++;
      return word === 'null' ? 'dynamic' : 'bool';
    }
    return this.scanError('looking for beginning of value');
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.scanError('');
      if (c === '"') break;
      if (c === '\\') {
        this.i++;
        const e = this.text[this.i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!isHex(this.text[this.i])) this.scanError('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.scanError('in string escape code');
        }
      } else if (c < ' ') {
        this.scanError('in string literal');
      }
      this.i++;
    }
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private number(): void {
    if (this.text[this.i] === '-') {
      this.i++;
      if (!isDigit(this.text[this.i])) this.scanError('in numeric literal');
    }
    if (this.text[this.i] === '0') this.i++;
    else while (isDigit(this.text[this.i])) this.i++;
    if (this.text[this.i] === '.') {
      this.i++;
      if (!isDigit(this.text[this.i])) this.scanError('after decimal point in numeric literal');
      while (isDigit(this.text[this.i])) this.i++;
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++;
      if (!isDigit(this.text[this.i])) this.scanError('in exponent of numeric literal');
      while (isDigit(this.text[this.i])) this.i++;
    }
  }

  /** Decoder.More after the first value: anything but the end, `]` or `}` is extraneous. */
  rest(): string | undefined {
    while (isSpace(this.text[this.i])) this.i++;
    const c = this.text[this.i];
    return c === undefined || c === ']' || c === '}' ? undefined : 'extraneous data after JSON object';
  }
}

/** Why cty's jsondecode rejects `text`, in its words; undefined when it accepts it. */
export function goJsonError(text: string): string | undefined {
  const walker = new Walker(text);
  try {
    walker.value();
  } catch (err) {
    if (err instanceof GoJsonError) return err.message;
    throw err;
  }
  return walker.rest();
}
