// An http(s) build context: downloaded once before solving, pinned by its sha256 (so the http
// source vertex changes exactly when the content does), and, as BuildKit does, extracted when it
// is a (compressed) tarball, else taken as the Dockerfile itself with an empty context.
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { posix } from 'node:path';
import { UserError } from '../../errors.js';
import { sha256 } from '../graph/digest.js';
import type { Digest } from '../oci/types.js';
import { decompress } from '../layer/decompress.js';

export interface Download {
  url: string;
  checksum: Digest;
  body: Buffer;
}

export async function download(url: string, signal?: AbortSignal): Promise<Download> {
  const response = await fetch(url, { signal }).catch((err: unknown) => {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new UserError(`failed to fetch ${url}: ${cause}`, { cause: err });
  });
  if (!response.ok) throw new UserError(`failed to fetch ${url}: ${response.status} ${response.statusText}`);
  const body = Buffer.from(await response.arrayBuffer());
  return { url, checksum: sha256(body), body };
}

/** The uncompressed bytes when `body` is a tar archive (plain, gzip, bzip2, xz), else undefined. */
export async function tarBytes(body: Buffer): Promise<Buffer | undefined> {
  let plain: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const c of await decompress(Readable.from([body]))) chunks.push(Buffer.from(c as Uint8Array));
    plain = Buffer.concat(chunks);
  } catch {
    return undefined;
  }
  // POSIX and GNU tar headers both carry "ustar" at offset 257.
  return plain.length >= 512 && plain.subarray(257, 262).toString('latin1') === 'ustar' ? plain : undefined;
}

/** One regular file of a tar archive by its path (`./` prefixes ignored), or undefined. */
export async function tarEntry(tar: Buffer, path: string): Promise<Buffer | undefined> {
  const want = posix.normalize(`/${path}`);
  const ex = extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      const match = header.type === 'file' && posix.normalize(`/${header.name}`) === want;
      stream.on('data', (c: unknown) => {
        if (match) chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        if (match) found = Buffer.concat(chunks);
        next();
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  ex.end(tar);
  await done;
  return found;
}
