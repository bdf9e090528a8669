// One argument parser per instruction (BuildKit parser/line_parsers.go): each turns the text
// after the keyword and flags into the `next` chain of the instruction node.
import { UserError } from '../../../../errors.js';
import { isSpace } from '../shell/words.js';
import { parseJSONArray } from './json-args.js';
import { chainOf, newNode, type Node } from './node.js';
import { goQuote } from '../../../../strconv.js';
import { RE_WHITESPACE, splitOnce } from './split-command.js';

export interface LineParseResult {
  next?: Node;
  attributes?: Record<string, boolean>;
}

/** Parses a whole instruction line; injected to break the ONBUILD recursion cycle. */
export type SubLineParser = (line: string, escapeToken: string) => Node;

export type LineParser = (rest: string, escapeToken: string, parseLine: SubLineParser) => LineParseResult;

/**
 * Quote-aware word split: quotes and escapes are KEPT (they are removed later by the shell
 * lexer); only unquoted whitespace separates words; a trailing escape is dropped.
 */
export function parseWords(rest: string, escapeToken: string): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos < chars.length; pos++) {
    let ch = chars[pos]!;
    if (!inWord) {
      if (isSpace(ch)) continue;
      inWord = true;
    }
    const atEnd = pos + 1 === chars.length;
    if (quote === '') {
      if (isSpace(ch)) {
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
      } else if (ch === escapeToken) {
        if (atEnd) continue;
        word += ch;
        ch = chars[++pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) quote = '';
    // Inside single quotes the escape token escapes nothing.
    if (ch === escapeToken && quote !== "'") {
      if (atEnd) {
        quote = '';
        continue;
      }
      word += ch;
      ch = chars[++pos]!;
    }
    word += ch;
  }
  if (inWord && (blankOK || word.length > 0)) words.push(word);
  return words;
}

function keyValueSep(key: string, value: string, sep: string, next?: Node): Node {
  return newNode(key, newNode(value, newNode(sep, next)));
}

/** ENV/LABEL: `K=V ...` pairs, or the legacy `K rest of line`. Nodes: key, value, separator. */
function parseNameVal(rest: string, escapeToken: string, keyword: string): LineParseResult {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return {};
  if (!words[0]!.includes('=')) {
    const parts = splitOnce(rest);
    if (parts[1] === undefined) throw new UserError(`${keyword} must have two arguments`);
    return { next: keyValueSep(parts[0], parts[1], '') };
  }
  let next: Node | undefined;
  for (const word of words.reverse()) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new UserError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    }
    next = keyValueSep(word.slice(0, eq), word.slice(eq + 1), '=', next);
  }
  return { next };
}

function parseStringsWhitespaceDelimited(rest: string): LineParseResult {
  if (rest === '') return {};
  return { next: chainOf(rest.split(RE_WHITESPACE)) };
}

function parseString(rest: string): LineParseResult {
  return rest === '' ? {} : { next: newNode(rest) };
}

function parseMaybeJSON(rest: string): LineParseResult {
  if (rest === '') return {};
  const json = parseJSONArray(rest);
  if (json !== undefined) return { next: chainOf(json), attributes: { json: true } };
  return { next: newNode(rest) };
}

function parseMaybeJSONToList(rest: string): LineParseResult {
  const json = parseJSONArray(rest);
  if (json !== undefined) return { next: chainOf(json), attributes: { json: true } };
  return parseStringsWhitespaceDelimited(rest);
}

// Go's unicode.IsSpace on one byte: BuildKit scans HEALTHCHECK's type word byte by byte.
function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0x85 || b === 0xa0;
}

/** HEALTHCHECK: a type word (`CMD`, `NONE`) then a maybe-JSON command. */
function parseHealthConfig(rest: string): LineParseResult {
  const bytes = Buffer.from(rest, 'utf8');
  let sep = 0;
  while (sep < bytes.length && !isSpaceByte(bytes[sep]!)) sep++;
  let next = sep;
  while (next < bytes.length && isSpaceByte(bytes[next]!)) next++;
  if (sep === 0) return {};
  const cmd = parseMaybeJSON(bytes.subarray(next).toString('utf8'));
  return { next: newNode(bytes.subarray(0, sep).toString('utf8'), cmd.next), attributes: cmd.attributes };
}

/** ONBUILD: the rest is a whole instruction, nested as a child. */
function parseSubCommand(rest: string, escapeToken: string, parseLine: SubLineParser): LineParseResult {
  if (rest === '') return {};
  const holder = newNode('');
  holder.children.push(parseLine(rest, escapeToken));
  return { next: holder };
}

/** ARG: each word is `K` or `K=V`, kept whole. */
function parseNameOrNameVal(rest: string, escapeToken: string): LineParseResult {
  return { next: chainOf(parseWords(rest, escapeToken)) };
}

/** Unknown instructions still parse (an empty argument); the instruction layer rejects them. */
function parseIgnore(): LineParseResult {
  return { next: newNode('') };
}

const DISPATCH: Record<string, LineParser> = {
  add: parseMaybeJSONToList,
  arg: parseNameOrNameVal,
  cmd: parseMaybeJSON,
  copy: parseMaybeJSONToList,
  entrypoint: parseMaybeJSON,
  env: (rest, esc) => parseNameVal(rest, esc, 'ENV'),
  expose: parseStringsWhitespaceDelimited,
  from: parseStringsWhitespaceDelimited,
  healthcheck: parseHealthConfig,
  label: (rest, esc) => parseNameVal(rest, esc, 'LABEL'),
  maintainer: parseString,
  onbuild: parseSubCommand,
  run: parseMaybeJSON,
  shell: parseMaybeJSON,
  stopsignal: parseString,
  user: parseString,
  volume: parseMaybeJSONToList,
  workdir: parseString,
};

export function lineParserFor(cmd: string): LineParser {
  return Object.prototype.hasOwnProperty.call(DISPATCH, cmd.toLowerCase()) ? DISPATCH[cmd.toLowerCase()]! : parseIgnore;
}
