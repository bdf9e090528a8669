// Archives come gzipped, bzip2'd, xz'd or plain (ADD accepts all of them, layers are usually
// gzip): the format is detected from the magic bytes, as Docker does, not from file names.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../errors.js';

export type Compression = 'gzip' | 'bzip2' | 'xz' | 'zstd' | 'none';

const MAGIC: [Compression, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
];

export function detectCompression(head: Uint8Array): Compression {
  for (const [kind, magic] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

/** Reads the first bytes of a stream, then gives back a stream of all of it. */
async function peek(input: AsyncIterable<Uint8Array>, bytes: number): Promise<{ head: Buffer; all: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < bytes) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(Buffer.from(r.value));
    have += r.value.byteLength;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* first;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: Buffer.concat(first), all: Readable.from(rest(), { objectMode: false }) };
}

/** Pipes through an external decompressor (`bzip2 -dc`, `xz -dc`): Node has neither built in. */
function viaCommand(cmd: string, input: Readable): Readable {
  const child = spawn(cmd, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('error', (err) => child.stdout.destroy(new UserError(`cannot decompress archive: ${cmd}: ${err.message}`, { cause: err })));
  child.on('close', (code) => {
    if (code !== 0) child.stdout.destroy(new UserError(`cannot decompress archive: ${cmd} exited ${code}: ${stderr.trim()}`));
  });
  input.on('error', (err) => child.stdout.destroy(err));
  child.stdin.on('error', () => {
    // The decompressor stopped reading (bad data): its exit status reports the error.
  });
  input.pipe(child.stdin);
  return child.stdout;
}

/** The uncompressed bytes of `input`; `gzip: true` forces gzip, `false` takes the bytes as they are. */
export async function decompress(input: AsyncIterable<Uint8Array>, gzip: 'auto' | boolean = 'auto'): Promise<Readable> {
  const { head, all } = await peek(input, 6);
  const kind: Compression = gzip === true ? 'gzip' : gzip === false ? 'none' : detectCompression(head);
  switch (kind) {
    case 'none':
      return all;
    case 'gzip': {
      // Large output chunks: each one is a turn of the event loop for the tar parser downstream.
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      all.on('error', (err) => gunzip.destroy(err));
      return all.pipe(gunzip);
    }
    case 'bzip2':
    case 'xz':
    case 'zstd':
      return viaCommand(kind, all);
  }
}
