// Notes kept beside a layer's diff dir about how its files may be shared by hard link. Both
// layer stores keep `diff/` inside a per-layer dir that is staged and then renamed whole on
// commit, so a note written into the staging dir before commit appears atomically with the layer
// (or not at all), and goes away with it when the layer is garbage-collected.
//   context.json   a local-source layer: per regular file its sha256 and its inode's mode, owner,
//                  mtime, number, size and blocks (NUL-separated text; the name is that of an
//                  earlier JSON note)
//   linked-inodes  a file-op layer: inode numbers it shares with a local-source layer, one a line
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CopiedInode } from '../fs/copy-file.js';
import type { LayerStore } from '../snapshot/types.js';

const CONTEXT = 'context.json';
const LINKED = 'linked-inodes';

function noteOf(diffDir: string, name: string): string {
  return join(dirname(diffDir), name);
}

/** A regular file of a context layer: its content digest and its (immutable) inode's metadata. */
export interface ContextFile {
  digest: string;
  mode: number;
  uid: number;
  gid: number;
  mtimeNs: bigint;
  ino: bigint;
  size: number;
  /** 512-byte blocks allocated, as lstat counts them. */
  blocks: number;
}

const NOTE_MAGIC = 'bake-context 4';
/** The type bits of a regular file: a note holds only those. */
const S_IFREG = 0o100000;

/** The note's text for one file: `<digest> <mode> <uid> <gid> <mtimeNs> <ino> <size> <blocks>`. */
export function contextRecord(f: ContextFile): string {
  return `${f.digest} ${f.mode} ${f.uid} ${f.gid} ${f.mtimeNs} ${f.ino} ${f.size} ${f.blocks}`;
}

/** The blocks field of a record's text. */
export function recordBlocks(rec: string): number {
  return Number(rec.slice(rec.lastIndexOf(' ') + 1));
}

/** The files of a context layer's note, kept as text and parsed one at a time when asked. */
export class ContextNote {
  constructor(readonly records: ReadonlyMap<string, string>) {}

  /**
   * Whether the file at `rel` has content `digest` and an inode with exactly `inode`'s owner, mode
   * and mtime: compared on the record's text, no parse (asked for every file of a transfer).
   */
  holds(rel: string, digest: string, inode: CopiedInode): boolean {
    const want = `${digest} ${S_IFREG | inode.mode} ${inode.uid} ${inode.gid} ${inode.mtimeNs} `;
    return this.records.get(rel)?.startsWith(want) ?? false;
  }

  file(rel: string): ContextFile | undefined {
    const rec = this.records.get(rel);
    if (rec === undefined) return undefined;
    const [digest, mode, uid, gid, mtimeNs, ino, size, blocks] = rec.split(' ') as [string, string, string, string, string, string, string, string];
    return {
      digest, mode: Number(mode), uid: Number(uid), gid: Number(gid),
      mtimeNs: BigInt(mtimeNs), ino: BigInt(ino), size: Number(size), blocks: Number(blocks),
    };
  }
}

/** Writes the note of a local-source layer being built in `layerDir`: records by path. */
export function writeContextNote(layerDir: string, records: ReadonlyMap<string, string>): void {
  const parts = [`${NOTE_MAGIC}\0`];
  for (const [rel, rec] of records) parts.push(`${rel}\0${rec}\0`);
  writeFileSync(noteOf(layerDir, CONTEXT), parts.join(''));
}

/**
 * The note of a committed local-source layer; undefined when gone, not such a layer, or a note
 * of an earlier format (its files are then copied, never linked).
 */
export function readContextNote(layers: LayerStore, id: string): ContextNote | undefined {
  return readContextNoteOf(layers.diffDir(id));
}

/** readContextNote by the layer's diff dir. */
export function readContextNoteOf(diffDir: string): ContextNote | undefined {
  let text: string;
  try {
    text = readFileSync(noteOf(diffDir, CONTEXT), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.startsWith(`${NOTE_MAGIC}\0`)) return undefined;
  const parts = text.slice(NOTE_MAGIC.length + 1).split('\0');
  const records = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) records.set(parts[i]!, parts[i + 1]!);
  return new ContextNote(records);
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
