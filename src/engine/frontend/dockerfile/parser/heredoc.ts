// Heredoc detection (BuildKit parser.go heredocsFromLine/ParseHeredoc): which words of a
// RUN/COPY/ADD line open a heredoc, their delimiter, and whether the body is expanded.
import { ShellLex } from '../shell/lex.js';
import type { Heredoc } from './node.js';

const RE_HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
const EMPTY_ENV = new Map<string, string>();

function lexer(rawQuotes: boolean): ShellLex {
  const lex = new ShellLex('\\');
  lex.skipUnsetEnv = true;
  lex.rawQuotes = rawQuotes;
  return lex;
}

function quoteCount(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '"' || ch === "'") n++;
  return n;
}

/** Parses one word as a heredoc opener (`<<EOF`, `<<-"EOF"`, `2<<EOF`); undefined if it is not. */
export function parseHeredoc(word: string): Heredoc | undefined {
  const m = RE_HEREDOC.exec(word);
  if (!m) return undefined;
  const rest = m[3]!;
  if (rest === '') return undefined;
  const words = lexer(false).processWords(rest, EMPTY_ENV);
  if (words.length !== 1) return undefined;
  const raw = lexer(true).processWords(rest, EMPTY_ENV);
  const name = words[0]!;
  const fd = m[1] === '' ? 0 : Number.parseInt(m[1]!, 10);
  return {
    name,
    fileDescriptor: Number.isSafeInteger(fd) ? fd : 0,
    // Quoting any part of the delimiter disables expansion of the body.
    expand: quoteCount(name) === quoteCount(raw[0] ?? ''),
    chomp: m[2] === '-',
    content: '',
  };
}

/** Every heredoc opened on an instruction line, in order. */
export function heredocsFromLine(line: string): Heredoc[] {
  const lex = lexer(true);
  lex.rawEscapes = true;
  let words: string[];
  try {
    words = lex.processWords(line, EMPTY_ENV);
  } catch {
    words = []; // BuildKit ignores lexing errors here: such a line has no heredocs
  }
  const docs: Heredoc[] = [];
  for (const word of words) {
    const doc = parseHeredoc(word);
    if (doc) docs.push(doc);
  }
  return docs;
}

/** `<<-`: strips leading tabs from every line of the body. */
export function chompHeredocContent(src: string): string {
  // Only `\n` starts a line, as in Go's multiline mode (JS `m` would also split on `\r`).
  return src.replace(/(^|\n)\t+/g, '$1');
}
