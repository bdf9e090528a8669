// Which repositories of a registry are known to hold a blob (pulled from or pushed to), kept in
// `$STATE/registry-blob-sources.json` as BuildKit keeps distribution-source labels, so a push can
// offer the registry a cross-repository mount (`mount=...&from=...`) instead of an upload, even
// for content that came in an earlier run. It is a hint: a mount the registry refuses falls back
// to an upload. Writes re-read the file and merge before an atomic replace, so concurrent runs
// lose at most a hint, never the file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';

/** registry → digest → repositories, most recent first. */
type SourceMap = Record<string, Record<string, string[]>>;

const FILE = 'registry-blob-sources.json';
const REPOS_PER_BLOB = 4;
const BLOBS_PER_REGISTRY = 20000;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readMap(file: string): Promise<SourceMap> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isObject(parsed) ? (parsed as SourceMap) : {};
  } catch {
    // Missing or torn by hand: start over, it only holds hints.
    return {};
  }
}

/** Puts `repository` first for `digest`; the oldest blobs go when a registry holds too many. */
function add(map: SourceMap, registry: string, digest: string, repository: string): void {
  const known: unknown = map[registry];
  const blobs = isObject(known) ? (known as Record<string, string[]>) : {};
  map[registry] = blobs;
  const old: unknown = blobs[digest];
  delete blobs[digest];
  blobs[digest] = [repository, ...(Array.isArray(old) ? old.filter((r) => r !== repository) : [])].slice(0, REPOS_PER_BLOB);
  const digests = Object.keys(blobs);
  for (const d of digests.slice(0, Math.max(0, digests.length - BLOBS_PER_REGISTRY))) delete blobs[d];
}

export class BlobSources {
  private map: Promise<SourceMap> | undefined;
  private readonly pending: [string, string, string][] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  private load(): Promise<SourceMap> {
    this.map ??= readMap(this.file);
    return this.map;
  }

  /** Repositories other than `exclude` known to hold `digest` on `registry`, most recent first. */
  async candidates(registry: string, digest: string, exclude: string): Promise<string[]> {
    const repos = (await this.load())[registry]?.[digest];
    return Array.isArray(repos) ? repos.filter((r) => typeof r === 'string' && r !== exclude && REPOSITORY.test(r)) : [];
  }

  /** Notes that `repository` holds `digest`; resolves once that is on disk. Writes are coalesced. */
  async record(registry: string, repository: string, digest: string): Promise<void> {
    const map = await this.load();
    // Already the newest source: nothing to write (a re-push of existing content stays I/O-free).
    if (map[registry]?.[digest]?.[0] === repository) return this.writing;
    add(map, registry, digest, repository);
    this.pending.push([registry, digest, repository]);
    // A hint that cannot be saved (read-only state dir) must never fail the pull or push.
    this.writing = this.writing.then(() => this.write()).catch(() => undefined);
    return this.writing;
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const updates = this.pending.splice(0);
    const merged = await readMap(this.file);
    for (const [registry, digest, repository] of updates) add(merged, registry, digest, repository);
    await writeFileAtomic(this.file, JSON.stringify(merged));
    for (const [registry, digest, repository] of this.pending) add(merged, registry, digest, repository);
    this.map = Promise.resolve(merged);
  }
}

const indexes = new Map<string, BlobSources>();

/** The process-wide index of a state dir (the content store's root). */
export function blobSources(stateRoot: string): BlobSources {
  let index = indexes.get(stateRoot);
  if (!index) indexes.set(stateRoot, (index = new BlobSources(join(stateRoot, FILE))));
  return index;
}
