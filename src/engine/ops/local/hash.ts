// The content key of a local source's selected files, with file digests cached under
// `$STATE/local-hash/` by stat identity (hash-cache.ts), so an unchanged context costs only stat
// calls. The runner reads the same cache to know which files are unchanged since its previous
// transfer.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import type { Digest } from '../../oci/types.js';
import type { LocalDir } from '../../session.js';
import type { WalkEntry } from '../../fs/walk.js';
import { fsPath, readlinkExact } from '../../layer/raw-names.js';
import { HashCache, LineHash, hashCachePath, walkIdentity } from './hash-cache.js';
import { selectedEntries, selectedEntriesOnce, type LocalSource } from './select.js';

const HASH_BATCH = 32;

// Below this size a file is read in one synchronous call: a stream per small file costs several
// thread-pool round trips, which dominated hashing a cold 20,000-file context.
const SMALL_FILE = 1 << 20;

async function fileDigest(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size < SMALL_FILE) return hash.update(readFileSync(fsPath(path))).digest('hex');
  for await (const chunk of createReadStream(fsPath(path))) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const walkDigests = new WeakMap<readonly WalkEntry[], Map<string, string>>();

/** The digests hashLocalSource found for the regular files of this very walk, if it hashed it. */
export function digestsOfWalk(entries: readonly WalkEntry[]): Map<string, string> | undefined {
  return walkDigests.get(entries);
}

/** Content of one entry for the key: the file digest (cached by stat identity) or link target. */
async function entryContent(e: WalkEntry, cache: HashCache): Promise<string> {
  if (e.stat.isSymbolicLink()) return readlinkExact(e.abs);
  if (!e.stat.isFile()) return '';
  const digest = await fileDigest(e.abs, e.stat.size);
  cache.remember(e, digest);
  return digest;
}

/** Each entry's content for the key: cache hits at once, the rest read a batch at a time. */
async function contentsOf(entries: readonly WalkEntry[], cache: HashCache): Promise<string[]> {
  const contents = entries.map((e) => cache.digest(e));
  const todo = [...contents.keys()].filter((i) => contents[i] === undefined);
  for (let i = 0; i < todo.length; i += HASH_BATCH) {
    const batch = todo.slice(i, i + HASH_BATCH);
    const found = await Promise.all(batch.map((j) => entryContent(entries[j]!, cache)));
    batch.forEach((j, k) => (contents[j] = found[k]));
  }
  return contents as string[];
}

// What JSON.stringify would escape in a string (surrogates: only lone ones, but any sends the
// path the slow way).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(s), without its cost for the plain names most paths are. */
function quoted(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

const octals = new Map<number, string>();

/** mode.toString(8), memoised: a context has a handful of distinct modes. */
function octal(mode: number): string {
  let s = octals.get(mode);
  if (s === undefined) octals.set(mode, (s = mode.toString(8)));
  return s;
}

/**
 * The content key of a local source's selected files: path, mode, owner, size, content and link
 * target of each. With a `scope` (the solve's session) the walk is shared with the transfer.
 */
export async function hashLocalSource(dir: LocalDir, src: LocalSource, stateDir: string, scope?: object): Promise<Digest> {
  const entries = await (scope ? selectedEntriesOnce(scope, dir, src) : selectedEntries(dir, src));
  const cache = await HashCache.load(hashCachePath(stateDir, dir.dir));
  const walk = walkIdentity(entries);
  const known = cache.keyOf(walk);
  if (known !== undefined) return known;
  const contents = await contentsOf(entries, cache);
  const digests = new Map<string, string>();
  const hash = new LineHash();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const content = contents[i]!;
    const { mode, uid, gid } = e.stat;
    const size = e.stat.isFile() ? e.stat.size : 0;
    if (e.stat.isFile()) digests.set(e.rel, content);
    hash.add(`${quoted(e.rel)} ${octal(mode)} ${uid}:${gid} ${size} ${content}\n`);
  }
  walkDigests.set(entries, digests);
  const key: Digest = `sha256:${hash.hex()}`;
  // Digests of files other sources of the same dir selected are kept: the cache merges.
  await cache.save(walk, key);
  return key;
}
