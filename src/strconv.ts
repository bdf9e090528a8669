// Go's strconv, shared by every layer. ParseBool: buildx and BuildKit read booleans (environment
// switches, `--set` values, variable overrides, `--mount` options) with it, so we accept exactly
// the same spellings everywhere. Quote: Go prints strings so in messages, dumps and cty's set
// hashes, which must match byte for byte.

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool; undefined when the text is not a boolean. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function quoteRune(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  if (ch === ' ' || PRINTABLE.test(ch)) return ch;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/** Go `strconv.Quote(s)`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteRune(ch);
  return out + '"';
}
