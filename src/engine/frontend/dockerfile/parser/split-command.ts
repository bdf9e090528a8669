// Splits an instruction line into its keyword, its leading `--flag` words and the rest
// (BuildKit parser/split_command.go).
import { isSpace } from '../shell/words.js';

/** The whitespace BuildKit splits on (`[\t\v\f\r ]+`): not Unicode spaces, unlike trimming. */
export const RE_WHITESPACE = /[\t\v\f\r ]+/;

/** Go's strings.TrimSpace (Unicode whitespace). */
export function trimSpace(s: string): string {
  return trimRightSpace(trimLeftSpace(s));
}

// Every Unicode White_Space char is in the BMP, so scanning UTF-16 code units is exact.
export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  return i === 0 ? s : s.slice(i);
}

function trimRightSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Splits on the first whitespace run, as Go's regexp Split(s, 2). */
export function splitOnce(s: string): [string] | [string, string] {
  const m = RE_WHITESPACE.exec(s);
  if (!m) return [s];
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

export interface SplitCommand {
  cmd: string;
  flags: string[];
  args: string;
}

export function splitCommand(line: string): SplitCommand {
  const parts = splitOnce(trimSpace(line));
  if (parts.length === 1) return { cmd: parts[0], flags: [], args: '' };
  const { rest, flags } = extractBuilderFlags(parts[1]);
  return { cmd: parts[0], flags, args: trimSpace(rest) };
}

// Go's unicode.IsSpace applied to a single byte (BuildKit scans flags byte by byte).
function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0x85 || b === 0xa0;
}

/**
 * Takes leading words starting with `--` as flags (quotes removed, `\` escapes) and returns the
 * rest of the line. `--` alone ends the flags. Works on UTF-8 bytes, as BuildKit does, so
 * non-ASCII flag text round-trips the same way (each byte becomes one Latin-1 char).
 */
export function extractBuilderFlags(line: string): { rest: string; flags: string[] } {
  // Fast path, no byte copy: most lines have no flags (and ONBUILD nests lines recursively).
  const start = line.search(/[^\t\n\v\f\r ]/);
  if (start < 0) return { rest: '', flags: [] };
  if (!line.startsWith('--', start)) return { rest: line.slice(start), flags: [] };
  const bytes = Buffer.from(line, 'utf8');
  const flags: string[] = [];
  const rest = (pos: number) => ({ rest: bytes.subarray(pos).toString('utf8'), flags });
  let word = '';
  let inWord = false;
  let quote = -1;
  let blankOK = false;
  for (let pos = 0; pos < bytes.length; pos++) {
    const ch = bytes[pos]!;
    if (!inWord && quote < 0) {
      if (isSpaceByte(ch)) continue;
      if (ch !== 0x2d || bytes[pos + 1] !== 0x2d) return rest(pos);
      inWord = true;
    }
    if (quote >= 0) {
      if (ch === quote) {
        quote = -1;
        continue;
      }
    } else if (isSpaceByte(ch)) {
      if (word === '--') return rest(pos);
      if (blankOK || word.length > 0) flags.push(word);
      word = '';
      inWord = false;
      blankOK = false;
      continue;
    } else if (ch === 0x27 || ch === 0x22) {
      quote = ch;
      blankOK = true;
      continue;
    }
    let c = ch;
    if (c === 0x5c) {
      if (pos + 1 === bytes.length) continue; // a trailing `\` is dropped
      c = bytes[++pos]!;
    }
    word += String.fromCharCode(c);
  }
  if ((inWord || quote >= 0) && word !== '--' && (blankOK || word.length > 0)) flags.push(word);
  return { rest: '', flags };
}
