// Lays out an image as an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/*`), as a
// tar stream or a directory. The docker exporter adds its `manifest.json` beside the same files,
// as BuildKit does, so one tar both `docker load` and OCI tools accept.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ContentStore } from '../content/store.js';
import { digestHex } from '../content/store.js';
import { sha256 } from '../graph/digest.js';
import type { Descriptor, ImageIndex } from '../oci/types.js';
import { MediaType } from '../oci/types.js';
import { TarWriter } from '../layer/tar-writer.js';

export interface LayoutFiles {
  /** Small files at the top of the layout (`index.json`, `manifest.json`...). */
  files: Record<string, string>;
  blobs: Descriptor[];
}

export function layoutIndex(root: Descriptor, annotations?: Record<string, string>): ImageIndex {
  const entry: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
  if (annotations && Object.keys(annotations).length > 0) entry.annotations = annotations;
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [entry] };
}

export function blobName(d: Descriptor): string {
  return `blobs/sha256/${digestHex(d.digest)}`;
}

function withMarker(layout: LayoutFiles): Record<string, string> {
  return { 'oci-layout': JSON.stringify({ imageLayoutVersion: '1.0.0' }), ...layout.files };
}

/** A blob of the store as an entry body; its size is checked against the descriptor first. */
function* blobEntry(out: TarWriter, blob: Descriptor, store: ContentStore, mtime: number): Generator<Buffer> {
  const path = store.path(blob.digest);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size !== blob.size) throw new Error(`blob ${blob.digest} has ${size} bytes, its descriptor says ${blob.size}`);
    out.header({ name: blobName(blob), type: 'file', mode: 0o644, uid: 0, gid: 0, size, mtime });
    yield* out.body(fd, size, path);
  } finally {
    closeSync(fd);
  }
}

/** The layout tar in ~1 MiB chunks: blobs are read straight into them, without a stream per blob. */
function* layoutChunks(layout: LayoutFiles, store: ContentStore, mtime: number): Generator<Buffer> {
  const out = new TarWriter();
  const files = withMarker(layout);
  const owner = { uid: 0, gid: 0, size: 0, mtime };
  for (const name of Object.keys(files).sort()) {
    out.entry({ name, type: 'file', mode: 0o644, ...owner }, Buffer.from(files[name]!, 'utf8'));
  }
  out.header({ name: 'blobs/', type: 'directory', mode: 0o755, ...owner });
  out.header({ name: 'blobs/sha256/', type: 'directory', mode: 0o755, ...owner });
  for (const blob of layout.blobs) yield* blobEntry(out, blob, store, mtime);
  yield* out.finish();
}

// Bump when the bytes layoutTar writes for the same layout change, so outputs kept as unchanged
// (output.ts) are written again.
const LAYOUT_TAR_FORMAT = 1;

/** What fully decides layoutTar's bytes: its files, its blobs and the entry mtime. */
export function layoutTarIdentity(layout: LayoutFiles, epoch = 0): string {
  const blobs = layout.blobs.map((b) => [b.digest, b.size]);
  return sha256(JSON.stringify([LAYOUT_TAR_FORMAT, withMarker(layout), blobs, epoch]));
}

/** The layout as a tar stream; `epoch` fixes entry times for reproducible archives. */
export function layoutTar(layout: LayoutFiles, store: ContentStore, epoch = 0): Readable {
  return Readable.from(layoutChunks(layout, store, epoch), { objectMode: false });
}

/** The layout written as a directory (`tar=false`). */
export async function layoutDir(layout: LayoutFiles, store: ContentStore, dir: string): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const files = withMarker(layout);
  for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
  for (const blob of layout.blobs) await copyFile(store.path(blob.digest), join(dir, blobName(blob)));
}
