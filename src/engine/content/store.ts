// The content-addressed blob store under `$STATE/blobs/sha256/<hex>`. A blob is written to
// `$STATE/tmp/`, hashed on the way, fsynced and renamed into place, so a crash leaves no
// half-visible blob and a reader never sees a blob whose bytes do not match its name.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Digest } from '../oci/types.js';

const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;
const WRITE_BATCH = 1 << 20;

/** The hex part of a sha256 digest; anything else (a hostile index.json) is an error, never a path. */
export function digestHex(d: Digest): string {
  const m = DIGEST_RE.exec(d);
  if (!m) throw new UserError(`invalid digest "${d}": only sha256 digests are supported`);
  return m[1]!;
}

export interface BlobRef {
  digest: Digest;
  size: number;
}

export class ContentStore {
  readonly root: string;
  private readonly blobs: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.root = root;
    this.blobs = join(root, 'blobs', 'sha256');
    this.tmp = join(root, 'tmp');
    mkdirSync(this.blobs, { recursive: true });
    mkdirSync(this.tmp, { recursive: true });
  }

  path(d: Digest): string {
    return join(this.blobs, digestHex(d));
  }

  has(d: Digest): boolean {
    return existsSync(this.path(d));
  }

  /** Stores `data`; with `expected`, a digest or size mismatch is an error and nothing is kept. */
  async write(data: Uint8Array | AsyncIterable<Uint8Array>, expected?: { digest?: Digest; size?: number }): Promise<BlobRef> {
    if (expected?.digest) digestHex(expected.digest);
    if (data instanceof Uint8Array) {
      const known = await this.existing(data, expected);
      if (known) return known;
    }
    const tmp = join(this.tmp, `blob-${process.pid}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(tmp, 'w', 0o644);
    try {
      // Chunks are hashed as they come and written in batches of about 1 MiB: one thread-pool
      // round trip per batch rather than per (often 16-64 KiB) stream chunk.
      let batch: Uint8Array[] = [];
      let batched = 0;
      for await (const chunk of data instanceof Uint8Array ? [data] : data) {
        hash.update(chunk);
        size += chunk.byteLength;
        batch.push(chunk);
        batched += chunk.byteLength;
        if (batched < WRITE_BATCH) continue;
        await writeAll(handle, batch, batched);
        batch = [];
        batched = 0;
      }
      await writeAll(handle, batch, batched);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    const digest = `sha256:${hash.digest('hex')}`;
    try {
      checkExpected(digest, size, expected);
      await rename(tmp, this.path(digest));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { digest, size };
  }

  /** In-memory data whose blob is already stored (configs and manifests of warm builds) is not
   *  rewritten: the digest names the bytes, so a second write would cost an fsync for nothing. */
  private async existing(data: Uint8Array, expected?: { digest?: Digest; size?: number }): Promise<BlobRef | undefined> {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    checkExpected(digest, data.byteLength, expected);
    const st = await stat(this.path(digest)).catch(() => undefined);
    return st?.size === data.byteLength ? { digest, size: data.byteLength } : undefined;
  }

  read(d: Digest): Promise<Buffer> {
    return readFile(this.path(d));
  }

  async readJson<T>(d: Digest): Promise<T> {
    return JSON.parse((await this.read(d)).toString('utf8')) as T;
  }
}

async function writeAll(handle: FileHandle, chunks: Uint8Array[], bytes: number): Promise<void> {
  if (chunks.length === 0) return;
  const { bytesWritten } = await handle.writev(chunks);
  if (bytesWritten !== bytes) throw new Error(`short write to the content store: ${bytesWritten} of ${bytes} bytes`);
}

function checkExpected(digest: Digest, size: number, expected?: { digest?: Digest; size?: number }): void {
  if (expected?.digest !== undefined && expected.digest !== digest) {
    throw new UserError(`digest mismatch: expected ${expected.digest}, got ${digest}`);
  }
  if (expected?.size !== undefined && expected.size !== size) {
    throw new UserError(`size mismatch for ${digest}: expected ${expected.size} bytes, got ${size}`);
  }
}
