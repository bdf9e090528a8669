// File names that are not valid UTF-8 (a RUN can make `n\xe9` in Latin-1). Node decodes them
// lossily to U+FFFD, after which the path no longer names the file. Such a name is kept as a
// string with each undecodable byte stored as a lone surrogate U+DC80..U+DCFF (Python's
// "surrogateescape"), which no valid UTF-8 decodes to, and turned back into its exact bytes for
// file system calls and tar headers.
import { readdirSync, readlinkSync } from 'node:fs';

const ESCAPE_BASE = 0xdc00;
// A low surrogate in range that is not the second half of a pair.
const ESCAPED = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** True when a listed (UTF-8 decoded) name lost bytes and must be read again as a buffer. */
export function lossy(name: string): boolean {
  return name.includes('\ufffd');
}

/** True when `s` holds escaped bytes. */
export function hasEscapes(s: string): boolean {
  return ESCAPED.test(s);
}

/** The length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not one. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
  const second = n > 1 ? b[i + 1]! : 0;
  if (c === 0xe0 && second < 0xa0) return 0;
  if (c === 0xed && second >= 0xa0) return 0;
  if (c === 0xf0 && second < 0x90) return 0;
  if (c === 0xf4 && second >= 0x90) return 0;
  return n;
}

/** The name's bytes as a string: UTF-8 where valid, each other byte escaped. */
export function decodeRaw(b: Buffer): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += b.toString('utf8', start, i) + String.fromCharCode(ESCAPE_BASE + b[i]!);
    i++;
    start = i;
  }
  return out + b.toString('utf8', start);
}

/** The exact bytes of a string from `decodeRaw` (plain UTF-8 when it has no escapes). */
export function encodeRaw(s: string): Buffer {
  if (!hasEscapes(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0xdc80 || code > 0xdcff) continue;
    const before = i > 0 ? s.charCodeAt(i - 1) : 0;
    if (before >= 0xd800 && before <= 0xdbff) continue;
    parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.from([code - ESCAPE_BASE]));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** A path for fs calls: the string itself, or its exact bytes when it holds escapes. */
export function fsPath(s: string): string | Buffer {
  return hasEscapes(s) ? encodeRaw(s) : s;
}

/** A listed directory entry: its exact name (escaped where not UTF-8) and its type. */
export interface ExactDirent {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** The entries of `dir` (a path from this module's strings), names kept exact. */
export function readdirExact(dir: string): ExactDirent[] {
  const entries = readdirSync(fsPath(dir), { withFileTypes: true });
  if (!entries.some((e) => lossy(e.name))) return entries;
  return readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' }).map((e) => ({
    name: decodeRaw(e.name),
    isFile: () => e.isFile(),
    isDirectory: () => e.isDirectory(),
  }));
}

/** A symlink's exact target, read as bytes when it is not UTF-8. */
export function readlinkExact(path: string): string {
  const target = readlinkSync(fsPath(path));
  return lossy(target) ? decodeRaw(readlinkSync(fsPath(path), { encoding: 'buffer' })) : target;
}
