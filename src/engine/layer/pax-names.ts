// The exact bytes of pax `path` and `linkpath` records. tar-stream decodes pax records as
// UTF-8, so a name that is not UTF-8 (GNU tar and Go's archive/tar write the raw bytes) comes out
// with U+FFFD in place of its bytes. This scanner walks the same uncompressed bytes alongside
// tar-stream, the way it does (null blocks skipped, pax and GNU long-name bodies read, a pax
// `size` overriding the next entry's, a directory's body never skipped), and keeps the raw
// records of each entry by the offset of the entry's header block, which tar-stream reports as
// the entry's `offset`. Anything it cannot follow stops the scan: tar-stream fails there too.

import { BLOCK, bodyPadding } from './tar-header.js';

/** tar-stream refuses longer pax and GNU long-name bodies. */
const MAX_META_SIZE = 4 * 1024 * 1024;
const PAX_LOCAL = 0x78; // 'x'
const PAX_GLOBAL = 0x67; // 'g'
const GNU_LONG = new Set([0x4b, 0x4c, 0x4e]); // 'K', 'L', 'N'
const DIRECTORY = 0x35;
const ZERO = 0x30;

export interface RawPaxNames {
  path?: Buffer;
  linkpath?: Buffer;
}

type PaxRecords = Map<string, Buffer>;

/** Records as tar-stream reads them: `len key=value\n`, stopping at the first malformed one. */
function parsePax(body: Buffer): PaxRecords {
  const out: PaxRecords = new Map();
  let rest = body;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const len = parseInt(rest.subarray(0, space === -1 ? rest.length : space).toString('latin1'), 10);
    if (!len) break;
    const record = rest.subarray(space + 1, len - 1);
    const eq = record.indexOf(0x3d);
    if (eq === -1) break;
    out.set(record.subarray(0, eq).toString('utf8'), record.subarray(eq + 1));
    rest = rest.subarray(len);
  }
  return out;
}

/** A numeric field: octal (leading spaces and NULs skipped), or base-256 when the high bit is set. */
function numeric(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    if (field[0] !== 0x80 && field[0] !== 0xff) return NaN;
    const positive = field[0] === 0x80;
    let sum = 0;
    for (let i = 1; i < field.length; i++) sum = sum * 256 + (positive ? field[i]! : 0xff - field[i]!);
    return positive ? sum : -(sum + 1);
  }
  let start = 0;
  while (start < field.length && field[start] === 0x20) start++;
  let end = field.indexOf(0x20, start);
  if (end === -1) end = field.length;
  while (start < end && field[start] === 0) start++;
  return start === end ? 0 : parseInt(field.subarray(start, end).toString('latin1'), 8);
}

/** The header checksum as computed over the block, its own field counted as spaces. */
function checksum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return sum;
}

/** A plain file entry whose name ends in `/` is a directory (old tars), as tar-stream reads it. */
function endsWithSlash(block: Buffer): boolean {
  const nul = block.indexOf(0, 0);
  const nameEnd = nul === -1 || nul > 100 ? 100 : nul;
  if (nameEnd > 0) return block[nameEnd - 1] === 0x2f;
  const ustar = block.subarray(257, 263).toString('latin1') === 'ustar\0';
  return ustar && block[345] !== 0;
}

export class PaxNameScanner {
  private readonly found = new Map<number, RawPaxNames>();
  private held: Buffer = Buffer.alloc(0);
  /** Stream offset of the first byte not yet consumed (held bytes start here). */
  private pos = 0;
  private skip = 0;
  /** The meta header whose body is being read. */
  private meta: { type: number; size: number } | undefined;
  private local: PaxRecords | undefined;
  private global: PaxRecords | undefined;
  private stopped = false;

  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (at < buf.length && !this.stopped) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - at);
        this.skip -= n;
        this.pos += n;
        at += n;
        continue;
      }
      const want = this.meta?.size ?? BLOCK;
      const n = Math.min(want - this.held.length, buf.length - at);
      this.held = Buffer.concat([this.held, buf.subarray(at, at + n)]);
      at += n;
      if (this.held.length === want) this.consume();
    }
  }

  /** The raw names of the entry whose header starts at `offset`, once (undefined when it had none). */
  take(offset: number): RawPaxNames | undefined {
    const names = this.found.get(offset);
    this.found.delete(offset);
    return names;
  }

  private consume(): void {
    const data = this.held;
    this.held = Buffer.alloc(0);
    const start = this.pos;
    this.pos += data.length;
    if (this.meta) {
      const { type, size } = this.meta;
      this.meta = undefined;
      this.skip = bodyPadding(size);
      if (type === PAX_GLOBAL) this.global = parsePax(data);
      else if (type === PAX_LOCAL) this.local = new Map([...(this.global ?? []), ...parsePax(data)]);
      return;
    }
    this.header(data, start);
  }

  private header(block: Buffer, offset: number): void {
    if (checksum(block) === 8 * 0x20) return; // a null block
    const flag = block[156]!;
    const size = numeric(block, 124, 12);
    if (flag === PAX_LOCAL || flag === PAX_GLOBAL || GNU_LONG.has(flag)) {
      // An empty body is never read by tar-stream, so it changes nothing.
      if (!(size >= 0) || size > MAX_META_SIZE) this.stopped = true;
      else if (size > 0) this.meta = { type: flag, size };
      return;
    }
    const pax = this.local;
    this.local = undefined;
    const path = pax?.get('path');
    const linkpath = pax?.get('linkpath');
    if ((path !== undefined && path.length > 0) || (linkpath !== undefined && linkpath.length > 0)) this.found.set(offset, { path, linkpath });
    const paxSize = pax?.get('size')?.toString('latin1');
    const bodySize = paxSize ? parseInt(paxSize, 10) : size;
    if (!(bodySize >= 0)) {
      this.stopped = true;
      return;
    }
    const directory = flag === DIRECTORY || ((flag === 0 || flag === ZERO) && endsWithSlash(block));
    if (bodySize > 0 && !directory) this.skip = bodySize + bodyPadding(bodySize);
  }
}
