// Tar output gathered into large chunks. Headers and small file bodies are written (or read
// straight from the file) into a 1 MiB buffer, so hashing, gzip and writes downstream see a
// few large chunks instead of three stream writes per entry — each of which would be a
// thread-pool round trip. Chunks start zeroed, so padding is only skipped over.
import { readSync } from 'node:fs';
import { BLOCK, bodyPadding, encodeHeader, encodeHeaderInto } from './tar-header.js';
import type { TarHeader } from './tar-header.js';

export const CHUNK = 1 << 20;

export class TarWriter {
  private chunk = Buffer.alloc(CHUNK);
  private used = 0;
  private readonly full: Buffer[] = [];

  header(h: TarHeader): void {
    if (CHUNK - this.used >= BLOCK && encodeHeaderInto(h, this.chunk, this.used)) this.advance(BLOCK);
    else this.write(encodeHeader(h));
  }

  /** An entry whose body is in memory (`h.size` is taken from it). */
  entry(h: TarHeader, body: Uint8Array): void {
    this.header({ ...h, size: body.length });
    this.write(body);
    this.zeros(bodyPadding(body.length));
  }

  /**
   * The body of a file entry: `size` bytes of the open file `fd` read straight into the chunks,
   * then the padding; full chunks are handed out as they fill, so memory stays at one chunk.
   */
  *body(fd: number, size: number, name: string): Generator<Buffer> {
    for (let pos = 0; pos < size; ) {
      const n = this.readFrom(fd, pos, size - pos);
      if (n === 0) throw new Error(`${name} shrank while it was packed`);
      pos += n;
      if (this.pending) yield* this.take();
    }
    this.zeros(bodyPadding(size));
  }

  write(bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length; ) {
      const n = Math.min(bytes.length - off, CHUNK - this.used);
      this.chunk.set(bytes.subarray(off, off + n), this.used);
      off += n;
      this.advance(n);
    }
  }

  /** Zero bytes: the chunk past `used` is still zero, so they are skipped over. */
  zeros(count: number): void {
    for (let left = count; left > 0; ) {
      const n = Math.min(left, CHUNK - this.used);
      left -= n;
      this.advance(n);
    }
  }

  /** Reads up to `max` bytes of `fd` at `pos` into the chunk, no further than its end; 0 at EOF. */
  private readFrom(fd: number, pos: number, max: number): number {
    const n = readSync(fd, this.chunk, this.used, Math.min(max, CHUNK - this.used), pos);
    this.advance(n);
    return n;
  }

  /** Whether filled chunks wait to be taken. */
  get pending(): boolean {
    return this.full.length > 0;
  }

  /** The filled chunks, handed over: the writer never touches them again. */
  take(): Buffer[] {
    return this.full.splice(0);
  }

  /** Ends the archive (two zero blocks) and hands over everything left. */
  finish(): Buffer[] {
    this.zeros(2 * BLOCK);
    if (this.used > 0) this.close();
    return this.take();
  }

  private advance(n: number): void {
    this.used += n;
    if (this.used === CHUNK) this.close();
  }

  private close(): void {
    this.full.push(this.used === CHUNK ? this.chunk : this.chunk.subarray(0, this.used));
    this.chunk = Buffer.alloc(CHUNK);
    this.used = 0;
  }
}
