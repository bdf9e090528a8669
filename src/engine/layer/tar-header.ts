// Tar header blocks (POSIX ustar, with a pax extended header when a name does not fit). The
// layout reproduces byte for byte what the first packer (tar-stream 3) wrote, so layer diffIDs
// and blob digests of existing caches and images stay the same; tar-pin.test.ts pins them.
// Quirks kept for that reason: numeric fields are `digits + ' '` with the last byte NUL, and
// after a pax header the ustar header is named
// `PaxHeader` (no trailing `/`, even for a directory). A zero mode is written as 0 (a 0000 file,
// a whiteout as containerd writes it). Names that are not valid UTF-8 arrive escaped
// (raw-names.ts) and go into the pax header as their exact bytes. Ids and times the ustar
// fields cannot hold (ids past 0o777777 in those 6 digits, times before 1970 or past 11 digits)
// go into pax uid/gid/mtime records, as Go's archive/tar does, instead of being cut.

import { encodeRaw, hasEscapes } from './raw-names.js';

export type EntryType = 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo';

export interface TarHeader {
  /** Full entry name; directories end with `/`. */
  name: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Body size; only regular files have one. */
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

export const BLOCK = 512;

const TYPE_FLAG: Record<EntryType | 'pax', number> = {
  file: 0x30,
  link: 0x31,
  symlink: 0x32,
  'character-device': 0x33,
  'block-device': 0x34,
  directory: 0x35,
  fifo: 0x36,
  pax: 0x78,
};

interface RawHeader extends Omit<TarHeader, 'type'> {
  type: EntryType | 'pax';
}

function octal(value: number, digits: number): string {
  const s = value.toString(8);
  return s.length > digits ? `${'7'.repeat(digits)} ` : `${s.padStart(digits, '0')} `;
}

/** `octal(value, digits)` written at `off` without making a string (headers are ~40% of a pack). */
function writeOctal(buf: Buffer, off: number, value: number, digits: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    buf.write(octal(value, digits), off, 'latin1');
    return;
  }
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    buf[off + i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  if (v > 0) buf.fill(0x37, off, off + digits);
  buf[off + digits] = 0x20;
}

const MAX_ID = 0o777777;
const MAX_TIME = 0o77777777777;

/** The pax records of the numbers ustar cannot hold. */
function numberRecords(h: RawHeader): [string, string][] {
  const out: [string, string][] = [];
  if (h.uid > MAX_ID) out.push(['uid', String(h.uid)]);
  if (h.gid > MAX_ID) out.push(['gid', String(h.gid)]);
  if (h.mtime < 0 || h.mtime > MAX_TIME) out.push(['mtime', String(h.mtime)]);
  return out;
}

/** Sizes past 11 octal digits (8 GiB) use the base-256 form. */
function writeSize(buf: Buffer, size: number): void {
  if (size.toString(8).length <= 11) {
    writeOctal(buf, 124, size, 11);
    return;
  }
  buf[124] = 0x80;
  let n = size;
  for (let i = 11; i > 0; i--) {
    buf[124 + i] = n & 0xff;
    n = Math.floor(n / 0x100);
  }
}

/** ustar name/prefix split: leading components move to the prefix until the name fits. */
function splitName(full: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(full) !== full.length) return undefined;
  let name = full;
  let prefix = '';
  while (name.length > 100) {
    const i = name.indexOf('/');
    if (i === -1) return undefined;
    prefix += prefix ? `/${name.slice(0, i)}` : name.slice(0, i);
    name = name.slice(i + 1);
  }
  return prefix.length > 155 ? undefined : { name, prefix };
}

function checksum(buf: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += buf[i]!;
  for (let i = 156; i < BLOCK; i++) sum += buf[i]!;
  return sum;
}

/** A short ASCII string written byte by byte: cheaper than a Buffer.write call per name. */
function asciiInto(buf: Buffer, off: number, s: string): void {
  for (let i = 0; i < s.length; i++) buf[off + i] = s.charCodeAt(i);
}

const MAGIC = Buffer.from('ustar\x0000', 'latin1');
const NEWLINE = Buffer.from('\n', 'latin1');

/**
 * Writes the ustar block of `h` into the zeroed block of `buf` at `off`; false when the name or
 * link name needs a pax header (nothing is written then).
 */
function ustarInto(h: RawHeader, buf: Buffer, off: number): boolean {
  const split = splitName(h.name);
  const linkname = h.linkname ?? '';
  if (!split || Buffer.byteLength(linkname) > 100 || (linkname !== '' && hasEscapes(linkname))) return false;
  if (h.type !== 'pax' && numberRecords(h).length > 0) return false;
  const block = off === 0 && buf.length === BLOCK ? buf : buf.subarray(off, off + BLOCK);
  asciiInto(block, 0, split.name);
  writeOctal(block, 100, h.mode & 0o7777, 6);
  writeOctal(block, 108, h.uid, 6);
  writeOctal(block, 116, h.gid, 6);
  writeSize(block, h.size);
  writeOctal(block, 136, Math.floor(h.mtime), 11);
  block[156] = TYPE_FLAG[h.type];
  if (linkname) block.write(linkname, 157, 'utf8');
  block.set(MAGIC, 257);
  writeOctal(block, 329, h.devmajor ?? 0, 6);
  writeOctal(block, 337, h.devminor ?? 0, 6);
  asciiInto(block, 345, split.prefix);
  writeOctal(block, 148, checksum(block), 6);
  return true;
}

/** One ustar block, or undefined when the name or link name needs a pax header. */
function ustar(h: RawHeader): Buffer | undefined {
  const buf = Buffer.alloc(BLOCK);
  return ustarInto(h, buf, 0) ? buf : undefined;
}

/** A pax record: `<len> key=value\n`, where len counts its own digits; the value's exact bytes. */
function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, 'utf8'), encodeRaw(value), NEWLINE]);
  const len = body.length;
  let digits = String(len).length;
  if (String(len + digits).length > digits) digits++;
  return Buffer.concat([Buffer.from(String(len + digits), 'latin1'), body]);
}

/** Zero bytes after a body of `size` bytes, up to the next block. */
export function bodyPadding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/**
 * Pax header block, its padded records, then the ustar block (named `PaxHeader` when the name
 * is in the records; numbers that do not fit are written there as 0).
 */
function withPax(h: RawHeader): Buffer {
  const numbers = numberRecords(h);
  const named = ustar({ ...h, uid: 0, gid: 0, mtime: 0 }) === undefined;
  const records = named ? [h.name ? paxRecord('path', h.name) : Buffer.alloc(0)] : [];
  if (named && h.linkname) records.push(paxRecord('linkpath', h.linkname));
  for (const [key, value] of numbers) records.push(paxRecord(key, value));
  const body = Buffer.concat(records);
  const fitted = {
    ...h,
    uid: h.uid > MAX_ID ? 0 : h.uid,
    gid: h.gid > MAX_ID ? 0 : h.gid,
    mtime: h.mtime < 0 || h.mtime > MAX_TIME ? 0 : h.mtime,
  };
  const base = named ? { ...fitted, name: 'PaxHeader', linkname: h.linkname ? 'PaxHeader' : '' } : fitted;
  const paxBlock = ustar({ ...base, type: 'pax', size: body.length })!;
  const entryBlock = ustar(base)!;
  return Buffer.concat([paxBlock, body, Buffer.alloc(bodyPadding(body.length)), entryBlock]);
}

function rawOf(h: TarHeader): RawHeader {
  return { ...h, size: h.type === 'file' ? h.size : 0 };
}

/** The header block(s) of one entry; the body (for files) follows, padded by `bodyPadding`. */
export function encodeHeader(h: TarHeader): Buffer {
  const raw = rawOf(h);
  return ustar(raw) ?? withPax(raw);
}

/**
 * Writes the header of `h` as one ustar block into the zeroed bytes of `buf` at `off` (at least
 * BLOCK of them); false, writing nothing, when it needs a pax header (use encodeHeader).
 */
export function encodeHeaderInto(h: TarHeader, buf: Buffer, off: number): boolean {
  return ustarInto(rawOf(h), buf, off);
}
