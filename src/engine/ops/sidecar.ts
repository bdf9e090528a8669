// Notes kept beside a layer's diff dir about how its files may be shared by hard link. Both
// layer stores keep `diff/` inside a per-layer dir that is staged and then renamed whole on
// commit, so a note written into the staging dir before commit appears atomically with the layer
// (or not at all), and goes away with it when the layer is garbage-collected.
//   context.json   a local-source layer: the sha256 of each regular file, by path
//   linked-inodes  a file-op layer: inode numbers it shares with a local-source layer, one a line
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LayerStore } from '../snapshot/types.js';

const CONTEXT = 'context.json';
const LINKED = 'linked-inodes';

function noteOf(diffDir: string, name: string): string {
  return join(dirname(diffDir), name);
}

export interface ContextNote {
  /** Digest of each regular file of the layer, by slash-separated path. */
  files: Record<string, string>;
}

export function writeContextNote(layerDir: string, note: ContextNote): void {
  writeFileSync(noteOf(layerDir, CONTEXT), JSON.stringify(note));
}

/** The note of a committed local-source layer; undefined when gone or not such a layer. */
export function readContextNote(layers: LayerStore, id: string): ContextNote | undefined {
  try {
    return JSON.parse(readFileSync(noteOf(layers.diffDir(id), CONTEXT), 'utf8')) as ContextNote;
  } catch {
    return undefined;
  }
}

export function isContextLayer(layers: LayerStore, id: string): boolean {
  return existsSync(noteOf(layers.diffDir(id), CONTEXT));
}

export function writeLinkedNote(layerDir: string, inodes: readonly bigint[]): void {
  writeFileSync(noteOf(layerDir, LINKED), inodes.map((i) => `${i}\n`).join(''));
}

/** Inodes a committed layer shares with local-source layers (none when it has no note). */
export function readLinkedNote(layers: LayerStore, id: string): bigint[] {
  let text: string;
  try {
    text = readFileSync(noteOf(layers.diffDir(id), LINKED), 'utf8');
  } catch (err) {
    // Only a missing note means "no shared inodes"; an unreadable one must not pass for it.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text.split('\n').filter((l) => l !== '').map((l) => BigInt(l));
}
