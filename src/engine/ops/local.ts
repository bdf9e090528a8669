// The local context source: copies only the selected paths of a session directory into a new
// layer, and computes the content key the solver uses for it, so a COPY's cache depends on the
// files it reads and nothing else in the context.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Vertex, SourceOp } from '../graph/op.js';
import type { Digest } from '../oci/types.js';
import type { LocalDir } from '../session.js';
import type { Snapshot } from '../snapshot/types.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { sha256 } from '../graph/digest.js';
import { copyEntries, fromBigInt } from '../fs/copy.js';
import { cleanInRoot, inRootPath, resolveInRoot } from '../fs/resolve.js';
import { walkSelected, type WalkEntry } from '../fs/walk.js';
import { hasWildcard } from './file/glob.js';
import type { OpContext, OpRunner } from './types.js';

type LocalSource = Extract<SourceOp, { type: 'local' }>;

/**
 * The walk filter of a local source: its include/exclude plus the session's .dockerignore, and
 * the targets of followed symlinks. BuildKit's frontend sends COPY sources as both include
 * patterns and follow paths; an op without `followPaths` follows its literal includes the same way.
 */
async function selectedEntries(dir: LocalDir, src: LocalSource): Promise<WalkEntry[]> {
  const include = [...(src.include ?? [])];
  const follow = src.followPaths ?? include.filter((p) => !hasWildcard(p));
  if (include.length > 0) include.push(...(await followTargets(dir.dir, follow)));
  return walkSelected(dir.dir, { include, exclude: [...dir.excludes, ...(src.exclude ?? [])] });
}

// Linux's limit on symlink hops in one lookup.
const MAX_HOPS = 40;

/** The in-context paths symlink chains starting at `paths` go through, targets included. */
async function followTargets(root: string, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let cur = cleanInRoot(p);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const host = await resolveInRoot(root, cur, false);
      const here = inRootPath(root, host);
      if (here !== cur) out.push(here.slice(1));
      const target = await readlink(host).catch(() => undefined);
      if (target === undefined) break;
      cur = cleanInRoot(target.startsWith('/') ? target : join(dirname(here), target));
      out.push(cur.slice(1));
    }
  }
  return out.filter((p) => p !== '');
}

export class LocalSourceRunner implements OpRunner {
  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'source' || vertex.op.source.type !== 'local') throw new Error('not a local source');
    const entries = await selectedEntries(ctx.session.localDir(vertex.op.source.name), vertex.op.source);
    const layer = await ctx.layers.create(ctx.newLayerId);
    try {
      const copies = entries.map((e) => ({ src: e.abs, dest: join(layer.dir, e.rel), stat: fromBigInt(e.stat) }));
      // Context files belong to root in the image whatever their owner on the client.
      await copyEntries(copies, { owner: { uid: 0, gid: 0 }, fresh: true });
      await layer.commit();
    } catch (err) {
      await layer.discard();
      throw err;
    }
    return [{ layers: [layer.id] }];
  }
}

const HASH_BATCH = 32;

interface CachedHash {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  digest: string;
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function loadCache(path: string): Promise<Record<string, CachedHash>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, CachedHash>;
  } catch {
    return {};
  }
}

interface HashCache {
  old: Record<string, CachedHash>;
  /** Digests computed this time, for files whose stat identity is new or changed. */
  changed: Record<string, CachedHash>;
}

/** Content of one entry for the key: the file digest (cached by stat identity) or link target. */
async function entryContent(e: WalkEntry, cache: HashCache): Promise<string> {
  if (e.stat.isSymbolicLink()) return readlink(e.abs);
  if (!e.stat.isFile()) return '';
  const id = { size: String(e.stat.size), mtimeNs: String(e.stat.mtimeNs), ctimeNs: String(e.stat.ctimeNs), ino: String(e.stat.ino) };
  const hit = cache.old[e.rel];
  if (hit && hit.size === id.size && hit.mtimeNs === id.mtimeNs && hit.ctimeNs === id.ctimeNs && hit.ino === id.ino) return hit.digest;
  const digest = await fileDigest(e.abs);
  cache.changed[e.rel] = { ...id, digest };
  return digest;
}

/**
 * The content key of a local source's selected files: path, mode, owner, size, content and link
 * target of each. File digests are cached under `$STATE/local-hash/` keyed by stat identity, so an
 * unchanged context costs only stat calls.
 */
export async function hashLocalSource(dir: LocalDir, src: LocalSource, stateDir: string): Promise<Digest> {
  const entries = await selectedEntries(dir, src);
  const cacheDir = join(stateDir, 'local-hash');
  const cachePath = join(cacheDir, `${sha256(dir.dir).slice('sha256:'.length)}.json`);
  const cache: HashCache = { old: await loadCache(cachePath), changed: {} };
  const hash = createHash('sha256');
  // Files are read a batch at a time (in parallel), then hashed in walk order.
  const contents: string[] = [];
  for (let i = 0; i < entries.length; i += HASH_BATCH) {
    contents.push(...(await Promise.all(entries.slice(i, i + HASH_BATCH).map((e) => entryContent(e, cache)))));
  }
  for (const [i, e] of entries.entries()) {
    const content = contents[i]!;
    const { mode, uid, gid, size } = e.stat;
    const sizeKey = e.stat.isFile() ? size : 0n;
    hash.update(`${JSON.stringify(e.rel)} ${mode.toString(8)} ${uid}:${gid} ${sizeKey} ${content}\n`);
  }
  // Keep digests of files other sources of the same dir selected: merge rather than replace.
  // Only a changed file rewrites the cache, so a warm walk never serialises it.
  if (Object.keys(cache.changed).length > 0) {
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(cachePath, JSON.stringify({ ...cache.old, ...cache.changed }));
  }
  return `sha256:${hash.digest('hex')}`;
}
