// The content key of a local source's selected files, with file digests cached under
// `$STATE/local-hash/` by stat identity, so an unchanged context costs only stat calls. The
// runner reads the same cache to know which files are unchanged since its previous transfer.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from '../../oci/types.js';
import type { LocalDir } from '../../session.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { sha256 } from '../../graph/digest.js';
import type { WalkEntry } from '../../fs/walk.js';
import { selectedEntries, selectedEntriesOnce, type LocalSource } from './select.js';

const HASH_BATCH = 32;

interface CachedHash {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  digest: string;
}

export type HashRecords = Record<string, CachedHash>;

export function hashCachePath(stateDir: string, dir: string): string {
  return join(stateDir, 'local-hash', `${sha256(dir).slice('sha256:'.length)}.json`);
}

export async function loadHashCache(path: string): Promise<HashRecords> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as HashRecords;
  } catch {
    return {};
  }
}

function identity(e: WalkEntry): Omit<CachedHash, 'digest'> {
  return { size: String(e.stat.size), mtimeNs: String(e.stat.mtimeNs), ctimeNs: String(e.stat.ctimeNs), ino: String(e.stat.ino) };
}

/** The cached digest of a regular file whose stat identity has not changed since it was hashed. */
export function cachedDigest(e: WalkEntry, records: HashRecords): string | undefined {
  const hit = records[e.rel];
  if (!hit || !e.stat.isFile()) return undefined;
  const id = identity(e);
  const same = hit.size === id.size && hit.mtimeNs === id.mtimeNs && hit.ctimeNs === id.ctimeNs && hit.ino === id.ino;
  return same ? hit.digest : undefined;
}

// Below this size a file is read in one synchronous call: a stream per small file costs several
// thread-pool round trips, which dominated hashing a cold 20,000-file context.
const SMALL_FILE = 1 << 20;

async function fileDigest(path: string, size: bigint): Promise<string> {
  const hash = createHash('sha256');
  if (size < SMALL_FILE) return hash.update(readFileSync(path)).digest('hex');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const walkDigests = new WeakMap<readonly WalkEntry[], Map<string, string>>();

/** The digests hashLocalSource found for the regular files of this very walk, if it hashed it. */
export function digestsOfWalk(entries: readonly WalkEntry[]): Map<string, string> | undefined {
  return walkDigests.get(entries);
}

interface HashCache {
  old: HashRecords;
  /** Digests computed this time, for files whose stat identity is new or changed. */
  changed: HashRecords;
}

/** Content of one entry for the key: the file digest (cached by stat identity) or link target. */
async function entryContent(e: WalkEntry, cache: HashCache): Promise<string> {
  if (e.stat.isSymbolicLink()) return readlink(e.abs);
  if (!e.stat.isFile()) return '';
  const hit = cachedDigest(e, cache.old);
  if (hit !== undefined) return hit;
  const digest = await fileDigest(e.abs, e.stat.size);
  cache.changed[e.rel] = { ...identity(e), digest };
  return digest;
}

/**
 * The content key of a local source's selected files: path, mode, owner, size, content and link
 * target of each. With a `scope` (the solve's session) the walk is shared with the transfer.
 */
export async function hashLocalSource(dir: LocalDir, src: LocalSource, stateDir: string, scope?: object): Promise<Digest> {
  const entries = await (scope ? selectedEntriesOnce(scope, dir, src) : selectedEntries(dir, src));
  const cachePath = hashCachePath(stateDir, dir.dir);
  const cache: HashCache = { old: await loadHashCache(cachePath), changed: {} };
  const hash = createHash('sha256');
  // Files are read a batch at a time (in parallel), then hashed in walk order.
  const contents: string[] = [];
  for (let i = 0; i < entries.length; i += HASH_BATCH) {
    contents.push(...(await Promise.all(entries.slice(i, i + HASH_BATCH).map((e) => entryContent(e, cache)))));
  }
  const digests = new Map<string, string>();
  for (const [i, e] of entries.entries()) {
    const content = contents[i]!;
    if (e.stat.isFile()) digests.set(e.rel, content);
    const { mode, uid, gid, size } = e.stat;
    const sizeKey = e.stat.isFile() ? size : 0n;
    hash.update(`${JSON.stringify(e.rel)} ${mode.toString(8)} ${uid}:${gid} ${sizeKey} ${content}\n`);
  }
  walkDigests.set(entries, digests);
  // Keep digests of files other sources of the same dir selected: merge rather than replace.
  // Only a changed file rewrites the cache, so a warm walk never serialises it.
  if (Object.keys(cache.changed).length > 0) {
    await mkdir(join(stateDir, 'local-hash'), { recursive: true });
    await writeFileAtomic(cachePath, JSON.stringify({ ...cache.old, ...cache.changed }));
  }
  return `sha256:${hash.digest('hex')}`;
}
