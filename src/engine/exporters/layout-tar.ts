// Lays out an image as an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/*`), as a
// tar stream or a directory. The docker exporter adds its `manifest.json` beside the same files,
// as BuildKit does, so one tar both `docker load` and OCI tools accept.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import type { Pack } from 'tar-stream';
import type { ContentStore } from '../content/store.js';
import { digestHex } from '../content/store.js';
import type { Descriptor, ImageIndex } from '../oci/types.js';
import { MediaType } from '../oci/types.js';

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

function addEntry(out: Pack, name: string, mtime: Date, data?: string): Promise<void> {
  const type = data === undefined ? 'directory' : 'file';
  return new Promise((res, rej) =>
    out.entry({ name, type, mode: type === 'directory' ? 0o755 : 0o644, mtime, uid: 0, gid: 0 }, data ?? '', (err) => (err ? rej(err) : res())),
  );
}

async function fill(out: Pack, layout: LayoutFiles, store: ContentStore, mtime: Date): Promise<void> {
  const files = withMarker(layout);
  for (const name of Object.keys(files).sort()) await addEntry(out, name, mtime, files[name]);
  await addEntry(out, 'blobs/', mtime);
  await addEntry(out, 'blobs/sha256/', mtime);
  for (const blob of layout.blobs) {
    const sink = out.entry({ name: blobName(blob), size: blob.size, mode: 0o644, mtime, uid: 0, gid: 0 });
    await pipeline(createReadStream(store.path(blob.digest)), sink);
  }
}

/** The layout as a tar stream; `epoch` fixes entry times for reproducible archives. */
export function layoutTar(layout: LayoutFiles, store: ContentStore, epoch = 0): Readable {
  const out = pack();
  fill(out, layout, store, new Date(epoch * 1000)).then(
    () => out.finalize(),
    (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out as unknown as Readable;
}

/** The layout written as a directory (`tar=false`). */
export async function layoutDir(layout: LayoutFiles, store: ContentStore, dir: string): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const files = withMarker(layout);
  for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
  for (const blob of layout.blobs) await copyFile(store.path(blob.digest), join(dir, blobName(blob)));
}
