// The digest cache of a local dir, `$STATE/local-hash/<sha256 of the dir>.json` (the name of an
// earlier JSON format, replaced in place): for each file the stat identity it was hashed at and
// its sha256, and for the last few walks the digest of all their entries' identities with the
// content key they gave. A walk whose identities all match a recorded one gets that key without
// reading a record: an unchanged context costs its lstat calls and one hash.
//
// The format is text cheap to load (a JSON object of 20,000 records cost ~100 ms to parse and
// as much again in garbage collection): NUL-separated fields, since a path holds any other byte,
//   `bake-local-hash 2` NUL JSON [[walk identity, key], ...] NUL (path NUL record NUL)*
// with record = `<ExactStat.changeKey> <sha256 hex>`. Records are split out only when
// some file must be looked up, and are kept as their text.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Digest } from '../../oci/types.js';
import type { WalkEntry } from '../../fs/walk.js';
import { writeFileAtomic } from '../../fs-atomic.js';
import { sha256 } from '../../graph/digest.js';

const MAGIC = 'bake-local-hash 2';
/** Walks remembered per dir: a few selections of one context (several COPYs, several targets). */
const MAX_WALKS = 8;
const DIGEST_HEX = 64;

export function hashCachePath(stateDir: string, dir: string): string {
  return join(stateDir, 'local-hash', `${sha256(dir).slice('sha256:'.length)}.json`);
}

/**
 * A sha256 fed many short strings: they are joined into ~64 KiB pieces first (an update per
 * string costs a native call each; keeping all of them for one join kept 20,000 strings alive
 * through a garbage collection).
 */
export class LineHash {
  private readonly hash = createHash('sha256');
  private pending = '';

  add(line: string): void {
    this.pending += line;
    if (this.pending.length >= 1 << 16) this.flush();
  }

  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    this.hash.update(this.pending);
    this.pending = '';
  }
}

/** The digest of every entry's path, mode, owner and stat identity: equal walks, equal keys. */
export function walkIdentity(entries: readonly WalkEntry[]): string {
  const hash = new LineHash();
  for (const e of entries) {
    const st = e.stat;
    hash.add(`${e.rel}\0${st.mode} ${st.uid} ${st.gid} ${st.changeKey}\0`);
  }
  return hash.hex();
}

type WalkKeys = [walk: string, key: Digest][];

export class HashCache {
  private records?: Map<string, string>;
  private readonly changed = new Map<string, string>();

  private constructor(
    private readonly path: string,
    private readonly walks: WalkKeys,
    /** The undecoded records part of the file. */
    private readonly raw: Buffer,
  ) {}

  /** The cache at `path`; empty when missing or in another format (everything is hashed again). */
  static async load(path: string): Promise<HashCache> {
    const empty = new HashCache(path, [], Buffer.alloc(0));
    const buf = await readFile(path).catch(() => undefined);
    if (!buf || buf.toString('latin1', 0, MAGIC.length + 1) !== `${MAGIC}\0`) return empty;
    const end = buf.indexOf(0, MAGIC.length + 1);
    if (end < 0) return empty;
    try {
      const walks = JSON.parse(buf.toString('utf8', MAGIC.length + 1, end)) as WalkKeys;
      return new HashCache(path, walks, buf.subarray(end + 1));
    } catch {
      return empty;
    }
  }

  /** The content key recorded for a walk of this identity. */
  keyOf(walk: string): Digest | undefined {
    return this.walks.find(([w]) => w === walk)?.[1];
  }

  private parsed(): Map<string, string> {
    if (this.records) return this.records;
    const parts = this.raw.toString('utf8').split('\0');
    const records = new Map<string, string>();
    for (let i = 0; i + 1 < parts.length; i += 2) records.set(parts[i]!, parts[i + 1]!);
    return (this.records = records);
  }

  /** The cached digest of a regular file whose stat identity has not changed since it was hashed. */
  digest(e: WalkEntry): string | undefined {
    if (!e.stat.isFile()) return undefined;
    const rec = this.parsed().get(e.rel);
    if (rec === undefined) return undefined;
    const id = e.stat.changeKey;
    const same = rec.length === id.length + 1 + DIGEST_HEX && rec.charCodeAt(id.length) === 0x20 && rec.startsWith(id);
    return same ? rec.slice(id.length + 1) : undefined;
  }

  /** Records the digest of a file read at the identity its walk entry has. */
  remember(e: WalkEntry, digest: string): void {
    this.changed.set(e.rel, `${e.stat.changeKey} ${digest}`);
  }

  /**
   * Saves the digests remembered and the key of `walk`, merged with the records of other files
   * (other selections of the same dir). Nothing is written when neither is new.
   */
  async save(walk: string, key: Digest): Promise<void> {
    if (this.changed.size === 0 && this.keyOf(walk) === key) return;
    const walks = [[walk, key], ...this.walks.filter(([w]) => w !== walk)].slice(0, MAX_WALKS);
    const parts = [`${MAGIC}\0${JSON.stringify(walks)}\0`];
    if (this.changed.size === 0) parts.push(this.raw.toString('utf8'));
    else {
      const old = this.parsed();
      for (const [rel, rec] of old) parts.push(`${rel}\0${this.changed.get(rel) ?? rec}\0`);
      for (const [rel, rec] of this.changed) if (!old.has(rel)) parts.push(`${rel}\0${rec}\0`);
    }
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, parts.join(''));
  }
}
