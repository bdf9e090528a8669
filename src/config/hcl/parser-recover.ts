// HCL keeps parsing after an error by skipping tokens ("recovery"): each bracketed construct
// skips to its closing bracket, a body item to the end of its line. These helpers skip the same
// way, so that parsing resumes where HCL's does and reports what HCL reports next.
import { SourceError, type Pos } from '../../errors.js';
import type { Token } from './lexer.js';
import type { Parser } from './parser-state.js';
import { parseHeredoc, parseQuoted, skipTemplateRest } from './template.js';

/** Skips a string or heredoc, even a broken one, reporting nothing (HCL's skip only reads tokens). */
function skipTemplate(p: Parser, tok: Token): void {
  const reported = p.diags.length;
  const recovery = p.recovery;
  try {
    if (tok.kind === 'oquote') parseQuoted(p);
    else parseHeredoc(p);
  } catch {
    // Broken input inside broken input: carry on from wherever the template scan stopped.
  } finally {
    p.diags.length = reported;
    p.recovery = recovery;
  }
}

/** Consumes the next token, a whole string or heredoc counting as one, and returns where it ends. */
export function skipToken(p: Parser): Pos {
  readWhole(p);
  return p.pos();
}

/**
 * Consumes the next token as HCL's parser reads a bad one before skipping: a string or heredoc
 * goes whole (HCL's skip reads its tokens without seeing brackets in them). Returns its first token.
 */
export function readWhole(p: Parser): Token {
  const tok = p.peek();
  if (tok.kind === 'oquote' || tok.kind === 'heredoc') skipTemplate(p, tok);
  else p.next();
  return tok;
}

/** Consumes and returns the next token outside strings and heredocs (skipped whole); EOF stays. */
function nextPlain(p: Parser): Token {
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'eof') return tok;
    readWhole(p);
    if (tok.kind !== 'oquote' && tok.kind !== 'heredoc') return tok;
  }
}

/**
 * Skips tokens up to the `close` that balances the current nesting (or EOF), and returns it.
 * A `}` that closes an enclosing `${` leaves that template, whose text is skipped too.
 */
export function recoverTo(p: Parser, open: string, close: string): Token {
  p.recovery = true;
  let nest = 0;
  let braces = 0;
  let level = p.templateModes.length;
  for (;;) {
    const tok = nextPlain(p);
    if (tok.kind === 'eof') return tok;
    if (tok.kind !== 'punct') continue;
    if (tok.text === '{') braces++;
    if ((tok.text === '}' || tok.text === '~}') && braces-- === 0 && level > 0) {
      braces = 0;
      skipTemplateRest(p, p.templateModes[--level]!);
    }
    if (tok.text === open) nest++;
    else if (tok.text === close && nest-- === 0) return tok;
  }
}

const CLOSER: Record<string, string> = { '}': '{', ']': '[', ')': '(' };

/** From `from`, skips to just after the next newline outside any brackets (or to EOF). */
export function recoverAfterBodyItem(p: Parser, from: Pos): void {
  p.recovery = true;
  p.seek(from);
  p.pushNewlines(true);
  try {
    const open: string[] = [];
    for (;;) {
      const tok = nextPlain(p);
      if (tok.kind === 'eof') return;
      if (tok.kind === 'newline' && open.length === 0) return;
      if (tok.kind !== 'punct') continue;
      if (tok.text === '{' || tok.text === '[' || tok.text === '(') open.push(tok.text);
      const opener = CLOSER[tok.text];
      if (opener) {
        while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
        open.pop();
      }
    }
  } finally {
    p.popNewlines();
  }
}

/**
 * An error from inside a bracketed construct: recorded, then the construct skips to its closing
 * bracket as HCL's does, and the error goes on up to the constructs around it.
 */
export function bail(p: Parser, err: unknown, open: string, close: string): never {
  if (err instanceof SourceError) {
    p.settle(err);
    recoverTo(p, open, close);
  }
  throw err;
}

/**
 * An error found by a bracketed construct itself: recorded, and the construct skips to its
 * closing bracket. A reported error then goes up to the constructs around; one HCL keeps quiet
 * in recovery mode does not, and the construct ends at the bracket returned.
 */
export function skipOver(p: Parser, err: SourceError, open: string, close: string): Token {
  const reported = p.settle(err);
  const end = recoverTo(p, open, close);
  if (reported) throw err;
  return end;
}

/** Skips to just after the `}` (or `~}`) that ends the current `${`/`%{` sequence, or to EOF. */
export function recoverSequenceEnd(p: Parser): void {
  p.recovery = true;
  let braces = 0;
  for (;;) {
    const tok = nextPlain(p);
    if (tok.kind === 'eof') return;
    if (tok.kind !== 'punct') continue;
    if (tok.text === '{') braces++;
    else if ((tok.text === '}' || tok.text === '~}') && braces-- === 0) return;
  }
}
