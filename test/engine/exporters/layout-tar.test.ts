// Pins the bytes of the OCI layout tar (taken from the tar-stream based writer), so a faster
// writer keeps every output digest of `type=oci` and `type=docker` tars the same.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { layoutTar } from '../../../src/engine/exporters/layout-tar.js';
import type { Descriptor } from '../../../src/engine/oci/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function noise(size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update('layout').digest();
  for (let off = 0; off < size; off += block.length) {
    block.copy(out, off);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

async function bytes(s: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  return Buffer.concat(parts);
}

describe('layoutTar', () => {
  it('writes the pinned bytes for files and blobs of every size', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-layout-'));
    dirs.push(root);
    const store = new ContentStore(root);
    const blobs: Descriptor[] = [];
    for (const data of [noise(3 * 1024 * 1024 + 333), Buffer.from('{"config":true}'), Buffer.alloc(0), noise(512)]) {
      const ref = await store.write(data);
      blobs.push({ mediaType: 'application/octet-stream', ...ref });
    }
    const files = { 'index.json': '{"schemaVersion":2,"é":"ü"}', 'manifest.json': '[]' };
    const tar = await bytes(layoutTar({ files, blobs }, store, 1_700_000_000));
    expect(createHash('sha256').update(tar).digest('hex')).toBe('041fcd910fa2cb4b070ca3aef2ea47098e85f2b581f8bed5546b0c36b85c59ab');
    const plain = await bytes(layoutTar({ files, blobs: blobs.slice(1) }, store));
    expect(createHash('sha256').update(plain).digest('hex')).toBe('91f91084c5a8049a91313ecbc827d370202c45a5a9c59fb9712a6caee23e6656');
  });
});
