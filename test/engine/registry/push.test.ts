// Blob uploads against a real docker-registry: chunked PATCH uploads, cross-repository mounts,
// and existence checks that skip uploads.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { RegistryClient } from '../../../src/engine/registry/client.js';
import { hasRegistry, startRegistry } from '../../helpers/registry.js';
import type { TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let dir: string;

describe.skipIf(!hasRegistry)('RegistryClient pushes', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'bake-push-'));
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uploads in PATCH chunks when a blob is larger than the chunk size, and reads it back verified', async () => {
    const data = Buffer.from('0123456789'.repeat(7) + 'tail');
    const store = new ContentStore(join(dir, 'src'));
    const ref = await store.write(data);
    const desc = { mediaType: 'application/octet-stream', ...ref };
    const client = new RegistryClient(registry.host, { env: {}, chunkSize: 16 });
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      await client.pushBlob('chunks/a', desc, store, 'test');
      const methods = spy.mock.calls.map(([, init]) => init?.method);
      expect(methods).toEqual(['HEAD', 'POST', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'PUT']);
    } finally {
      spy.mockRestore();
    }
    expect(await client.hasBlob('chunks/a', desc.digest, 'test')).toBe(true);
    const back = new ContentStore(join(dir, 'back'));
    await client.fetchBlob('chunks/a', desc, back, 'test');
    expect((await back.read(desc.digest)).equals(data)).toBe(true);
  });

  it('mounts a blob from another repository of the same registry instead of uploading it', async () => {
    const data = Buffer.from('mount me');
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const store = new ContentStore(join(dir, 'm'));
    await store.write(data);
    const desc = { mediaType: 'application/octet-stream', digest, size: data.length };
    const client = new RegistryClient(registry.host, { env: {} });
    await client.pushBlob('mount/src', desc, store, 'test');
    // An empty store: an upload would fail to read the blob, so success means it was mounted.
    const empty = new ContentStore(join(dir, 'empty'));
    await client.pushBlob('mount/dst', desc, empty, 'test', 'mount/src');
    expect(await client.hasBlob('mount/dst', digest, 'test')).toBe(true);
    // Already there: nothing to read or send.
    await client.pushBlob('mount/dst', desc, empty, 'test');
  });
});
