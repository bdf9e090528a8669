// Tar header blocks (POSIX ustar, with a pax extended header when a name does not fit). The
// layout reproduces byte for byte what the first packer (tar-stream 3) wrote, so layer diffIDs
// and blob digests of existing caches and images stay the same; tar-pin.test.ts pins them.
// Quirks kept for that reason: a zero mode is written as 0755 (dirs) or 0644, numeric fields
// are `digits + ' '` with the last byte NUL, over-long ids saturate to 7777777, and after a pax
// header the ustar header is named `PaxHeader` (no trailing `/`, even for a directory).

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

/** Sizes past 11 octal digits (8 GiB) use the base-256 form. */
function writeSize(buf: Buffer, size: number): void {
  if (size.toString(8).length <= 11) {
    buf.write(octal(size, 11), 124, 'latin1');
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

/** One ustar block, or undefined when the name or link name needs a pax header. */
function ustar(h: RawHeader): Buffer | undefined {
  const split = splitName(h.name);
  const linkname = h.linkname ?? '';
  if (!split || Buffer.byteLength(linkname) > 100) return undefined;
  const buf = Buffer.alloc(BLOCK);
  buf.write(split.name, 0, 'latin1');
  buf.write(octal(h.mode & 0o7777, 6), 100, 'latin1');
  buf.write(octal(h.uid, 6), 108, 'latin1');
  buf.write(octal(h.gid, 6), 116, 'latin1');
  writeSize(buf, h.size);
  buf.write(octal(h.mtime | 0, 11), 136, 'latin1');
  buf[156] = TYPE_FLAG[h.type];
  if (linkname) buf.write(linkname, 157, 'utf8');
  buf.write('ustar\x0000', 257, 'latin1');
  buf.write(octal(h.devmajor ?? 0, 6), 329, 'latin1');
  buf.write(octal(h.devminor ?? 0, 6), 337, 'latin1');
  if (split.prefix) buf.write(split.prefix, 345, 'latin1');
  buf.write(octal(checksum(buf), 6), 148, 'latin1');
  return buf;
}

/** A pax record: `<len> key=value\n`, where len counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const len = Buffer.byteLength(body);
  let digits = String(len).length;
  if (String(len + digits).length > digits) digits++;
  return `${len + digits}${body}`;
}

/** Zero bytes after a body of `size` bytes, up to the next block. */
export function bodyPadding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Pax header block, its padded records, then the ustar block (named `PaxHeader`). */
function withPax(h: RawHeader): Buffer {
  let records = h.name ? paxRecord('path', h.name) : '';
  if (h.linkname) records += paxRecord('linkpath', h.linkname);
  const body = Buffer.from(records, 'utf8');
  const base = { ...h, name: 'PaxHeader', linkname: h.linkname ? 'PaxHeader' : '' };
  const paxBlock = ustar({ ...base, type: 'pax', size: body.length })!;
  const entryBlock = ustar(base)!;
  return Buffer.concat([paxBlock, body, Buffer.alloc(bodyPadding(body.length)), entryBlock]);
}

/** The header block(s) of one entry; the body (for files) follows, padded by `bodyPadding`. */
export function encodeHeader(h: TarHeader): Buffer {
  const raw: RawHeader = {
    ...h,
    mode: h.mode || (h.type === 'directory' ? 0o755 : 0o644),
    size: h.type === 'file' ? h.size : 0,
  };
  return ustar(raw) ?? withPax(raw);
}
