// HCL keeps parsing after an error by skipping tokens ("recovery"), and a few of its first
// diagnostics are reported where recovery stopped. These helpers skip the same way so that
// our single error lands where HCL's first one does.
import type { Pos, SourceError } from '../../errors.js';
import type { Token } from './lexer.js';
import type { Parser } from './parser-state.js';
import { parseHeredoc, parseQuoted, skipTemplateRest } from './template.js';

const resumePoints = new WeakMap<Error, Pos>();

/**
 * For an error inside brackets: skips to the closing bracket as HCL does and remembers where
 * HCL would carry on, so that an enclosing one-line block can report from there.
 */
export function withRecovery(p: Parser, err: SourceError, open: string, close: string): SourceError {
  resumePoints.set(err, recoverTo(p, open, close).range.end);
  return err;
}

/** Where HCL resumes after `err`, when an inner parser recorded it. */
export function resumeAfter(err: Error): Pos | undefined {
  return resumePoints.get(err);
}

/** Skips a string or heredoc, even a broken one. */
function skipTemplate(p: Parser, tok: Token): void {
  try {
    if (tok.kind === 'oquote') parseQuoted(p);
    else parseHeredoc(p);
  } catch {
    // Broken input inside broken input: carry on from wherever the template scan stopped.
  }
}

/** Consumes the next token, a whole string or heredoc counting as one, and returns where it ends. */
export function skipToken(p: Parser): Pos {
  const tok = p.peek();
  if (tok.kind === 'oquote' || tok.kind === 'heredoc') skipTemplate(p, tok);
  else p.next();
  return p.pos();
}

/**
 * Skips tokens up to the `close` that balances the current nesting (or EOF), and returns it.
 * A `}` that closes an enclosing `${` leaves that template, whose text is skipped too.
 */
export function recoverTo(p: Parser, open: string, close: string): Token {
  let nest = 0;
  let braces = 0;
  let level = p.templateModes.length;
  for (;;) {
    const tok = p.peek();
    if (tok.kind === 'eof') return tok;
    if (tok.kind === 'oquote' || tok.kind === 'heredoc') {
      skipTemplate(p, tok);
      continue;
    }
    p.next();
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
  p.seek(from);
  p.pushNewlines(true);
  try {
    const open: string[] = [];
    for (;;) {
      const tok = p.peek();
      if (tok.kind === 'eof') return;
      if (tok.kind === 'oquote' || tok.kind === 'heredoc') {
        skipTemplate(p, tok);
        continue;
      }
      p.next();
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
