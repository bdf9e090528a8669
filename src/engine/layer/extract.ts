// Unpacks a (possibly compressed) tar from an untrusted source. `overlay` turns OCI whiteouts
// into overlayfs ones (a layer directory of the layer store); `apply` unpacks the archive onto
// an existing tree (ADD of a local archive), where, as in Docker's untar, `.wh.` entries are
// plain files. Nothing is ever written outside `dest`: see safe-path.ts.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import type { WritableOptions } from 'streamx';
import { extract } from 'tar-stream';
import type { Header } from 'tar-stream';
import { createHash } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { Digest } from '../oci/types.js';
import { resolveInRoot } from '../fs/resolve.js';
import { decompress } from './decompress.js';
import { applyMeta, writeEntry } from './extract-entry.js';
import type { PendingMeta } from './extract-entry.js';
import { cleanEntryName, ensureParents } from './safe-path.js';
import { PaxNameScanner } from './pax-names.js';
import type { RawPaxNames } from './pax-names.js';
import { decodeRaw, fsPath } from './raw-names.js';
import { OPAQUE_MARKER, WHITEOUT_PREFIX, makeWhiteouts, markOpaque } from './whiteout.js';

export interface ExtractOptions {
  format: 'overlay' | 'apply';
  gzip?: 'auto' | boolean;
  /** The digest the uncompressed tar must have (a layer's diffID); a mismatch is an error. */
  verifyDigest?: Digest;
}

async function* chunks(input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

/**
 * The header with the pax uid/gid/mtime records applied: tar-stream applies only path, linkpath
 * and size, and Go's archive/tar puts ids past the ustar fields (0 there) in these records.
 */
function paxNumbers(header: Header): Header {
  if (!header.pax || typeof header.pax !== 'object') return header;
  const pax = header.pax as Record<string, string | undefined>;
  const out = { ...header };
  const id = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  out.uid = id(pax['uid']) ?? out.uid;
  out.gid = id(pax['gid']) ?? out.gid;
  const mtime = pax['mtime'] !== undefined ? Number(pax['mtime']) : NaN;
  if (Number.isFinite(mtime)) out.mtime = new Date(mtime * 1000);
  return out;
}

/** A name tar-stream decoded as Latin-1 (ustar and GNU long names): its bytes, escaped where not UTF-8. */
function fromLatin1(name: string): string {
  return decodeRaw(Buffer.from(name, 'latin1'));
}

/**
 * The header with its names kept exact (raw-names.ts): ustar and GNU long names are read as
 * Latin-1, one character a byte; a pax path or linkpath comes from the scanner's raw bytes.
 */
function exactNames(header: Header, raw: RawPaxNames | undefined): Header {
  const pax = (header.pax ?? {}) as Record<string, string | undefined>;
  const name = pax['path'] ? (raw?.path ? decodeRaw(raw.path) : header.name) : fromLatin1(header.name);
  // tar-stream gives null for an empty ustar link name, though its type says string.
  const link = header.linkname as string | null;
  const linkname = pax['linkpath'] ? (raw?.linkpath ? decodeRaw(raw.linkpath) : link) : link === null ? null : fromLatin1(link);
  return { ...header, name, linkname: linkname as string };
}

class Extraction {
  private readonly whiteouts: string[] = [];
  private readonly opaque: string[] = [];
  private readonly dirs: PendingMeta[] = [];

  constructor(
    private readonly dest: string,
    private readonly format: ExtractOptions['format'],
  ) {}

  async entry(raw: Header, body: Readable): Promise<void> {
    const header = paxNumbers(raw);
    let rel = cleanEntryName(header.name);
    if (rel === '') return;
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (this.format === 'overlay' && base.startsWith(WHITEOUT_PREFIX)) return this.whiteout(rel, base);
    if (!ensureParents(this.dest, rel)) {
      if (this.format !== 'apply') return;
      rel = await this.throughLinks(rel, base);
      if (!ensureParents(this.dest, rel)) return;
    }
    const pending = await writeEntry(this.dest, rel, header, body);
    if (pending) this.dirs.push(pending);
  }

  /**
   * Docker's untar runs chrooted in the destination, so an ADD entry below a symlink (`lib/x`
   * onto `lib -> usr/lib`) lands where the link points, resolved inside the destination.
   */
  private async throughLinks(rel: string, base: string): Promise<string> {
    const parent = relative(this.dest, await resolveInRoot(this.dest, rel.slice(0, rel.length - base.length)));
    return parent === '' ? base : `${parent}/${base}`;
  }

  private whiteout(rel: string, base: string): void {
    const dirRel = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const dir = join(this.dest, dirRel);
    if (!ensureParents(this.dest, rel)) return;
    if (base === OPAQUE_MARKER) {
      this.opaque.push(dir);
      return;
    }
    const name = base.slice(WHITEOUT_PREFIX.length);
    if (name === '' || name === '.' || name === '..') return;
    const target = join(dir, name);
    rmSync(fsPath(target), { recursive: true, force: true });
    this.whiteouts.push(target);
  }

  async finish(): Promise<void> {
    // Host commands take names that are not UTF-8 as their exact bytes (command-runner.ts).
    await makeWhiteouts(this.whiteouts);
    await markOpaque(this.opaque);
    // Deepest first, so setting a child's times does not change its parent's mtime afterwards.
    const dirs = [...this.dirs].sort((a, b) => b.path.length - a.path.length);
    for (const d of dirs) applyMeta(d.path, d.header);
  }
}

/** Extracts `input` into `dest` (which must exist). */
export async function extractTar(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  dest: string,
  opts: ExtractOptions,
): Promise<void> {
  const stream = await decompress(chunks(input), opts.gzip ?? 'auto');
  // Latin-1 maps each byte of a name to one character, so exactNames can recover the bytes.
  const tarOptions: WritableOptions & { filenameEncoding: BufferEncoding } = { filenameEncoding: 'latin1' };
  const tar = extract(tarOptions);
  const hash = createHash('sha256');
  const paxNames = new PaxNameScanner();
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    paxNames.push(chunk);
  });
  stream.on('error', (err) => tar.destroy(err));
  stream.pipe(tar);
  const job = new Extraction(dest, opts.format);
  for await (const entry of tar) {
    await job.entry(exactNames(entry.header, paxNames.take(entry.offset)), entry as unknown as Readable);
    entry.resume();
  }
  await job.finish();
  const got = `sha256:${hash.digest('hex')}`;
  if (opts.verifyDigest !== undefined && got !== opts.verifyDigest) {
    throw new UserError(`layer content does not match its diffID: expected ${opts.verifyDigest}, got ${got}`);
  }
}
