// Finished results by cache key, under `$STATE/cache/`: one small JSON record per key naming the
// layers of each output. A record is written only after its layers are committed, atomically
// (temp file, fsync, rename), so a crash never leaves a record pointing at nothing.
import { mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from '../oci/types.js';
import type { LayerStore, Snapshot } from '../snapshot/types.js';
import { writeFileAtomic } from '../fs-atomic.js';

interface CacheRecord {
  outputs: Snapshot[];
  createdAt: string;
}

export class CacheStore {
  private readonly dir: string;

  constructor(
    stateDir: string,
    private readonly layers: LayerStore,
  ) {
    this.dir = join(stateDir, 'cache');
    mkdirSync(this.dir, { recursive: true });
  }

  private file(key: Digest): string {
    return join(this.dir, `${key.replace(/^sha256:/, '')}.json`);
  }

  /** The cached outputs for a key, if every layer they name still exists. */
  get(key: Digest): Snapshot[] | undefined {
    let record: CacheRecord;
    try {
      record = JSON.parse(readFileSync(this.file(key), 'utf8')) as CacheRecord;
    } catch {
      return undefined;
    }
    const complete = record.outputs.every((s) => s.layers.every((id) => this.layers.has(id)));
    if (!complete) return undefined;
    // The record's mtime is its last use, for `du` and for pruning the least recently used.
    const now = new Date();
    try {
      utimesSync(this.file(key), now, now);
    } catch {
      // Removed meanwhile by a prune: the solver's second look after leasing will miss.
    }
    return record.outputs;
  }

  async put(key: Digest, outputs: Snapshot[]): Promise<void> {
    const record: CacheRecord = { outputs, createdAt: new Date().toISOString() };
    await writeFileAtomic(this.file(key), JSON.stringify(record));
  }
}
