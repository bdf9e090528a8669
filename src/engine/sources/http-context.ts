// An http(s) build context: downloaded once before solving, pinned by its sha256 (so the http
// source vertex changes exactly when the content does), and, as BuildKit does, extracted when it
// is a (compressed) tarball, else taken as the Dockerfile itself with an empty context.
import { mkdir, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UserError } from '../../errors.js';
import { sha256 } from '../graph/digest.js';
import type { Digest } from '../oci/types.js';
import { processDir } from '../fs/process-dir.js';
import { resolveInRoot } from '../fs/resolve.js';
import { extractTar } from '../layer/extract.js';
import { fsPath } from '../layer/raw-names.js';
import { startsWithTar } from '../ops/file/archive.js';
import { checkStatus } from '../ops/http.js';

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
  checkStatus(response);
  const body = Buffer.from(await response.arrayBuffer());
  return { url, checksum: sha256(body), body };
}

/** Whether `body` is a tar archive (plain, gzip, bzip2, xz), as ADD decides for a local file. */
export function isTarball(body: Buffer): Promise<boolean> {
  return startsWithTar(Readable.from([body]));
}

/** Tarballs this process unpacked, by state dir and content digest: each is unpacked once per run. */
const unpacked = new Map<string, Promise<string>>();

/**
 * The tarball unpacked as ADD unpacks it. The bake files, the Dockerfile and every build of the
 * run read the same download, so the first read unpacks it and later ones (even through another
 * download of the same bytes) read that directory, which lives until the process exits.
 */
function unpack(stateDir: string, dl: Download): Promise<string> {
  const key = `${stateDir}\0${dl.checksum}`;
  let dir = unpacked.get(key);
  if (!dir) unpacked.set(key, (dir = extractOnce(processDir(stateDir, 'httpcontext'), dl.body)));
  return dir;
}

async function extractOnce(dir: string, tar: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  await extractTar(Readable.from([tar]), dir, { format: 'apply' });
  return dir;
}

/**
 * One file of the unpacked tarball, or undefined. BuildKit reads the Dockerfile from the context
 * it unpacked (the same untar as ADD), so the archive is unpacked the same way here and the path
 * resolved inside it: symlinks and hard links count, and names keep their exact bytes.
 */
export async function tarEntry(stateDir: string, dl: Download, path: string): Promise<Buffer | undefined> {
  const file = await resolveInRoot(await unpack(stateDir, dl), path);
  return readFile(fsPath(file)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'ENOTDIR') return undefined;
    throw err;
  });
}
