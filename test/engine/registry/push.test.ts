// Blob uploads against a real docker-registry: chunked PATCH uploads, cross-repository mounts,
// and existence checks that skip uploads.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { BlobSources } from '../../../src/engine/registry/blob-sources.js';
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

  /** The requests a push makes: method plus, for POSTs, the query (mount=...&from=...). */
  async function tracePush(client: RegistryClient, repository: string, desc: { mediaType: string; digest: string; size: number }, store: ContentStore): Promise<string[]> {
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      await client.pushBlob(repository, desc, store, 'test');
      return spy.mock.calls.map(([url, init]) => `${init?.method} ${init?.method === 'POST' ? new URL(String(url)).search : ''}`.trim());
    } finally {
      spy.mockRestore();
    }
  }

  async function storeWith(name: string, text: string): Promise<{ store: ContentStore; desc: { mediaType: string; digest: string; size: number } }> {
    const store = new ContentStore(join(dir, name));
    const ref = await store.write(Buffer.from(text));
    return { store, desc: { mediaType: 'application/octet-stream', ...ref } };
  }

  it('remembers where a blob was pushed (in the state dir) and mounts it from there in a later run', async () => {
    const { store, desc } = await storeWith('idx', 'pushed in an earlier run');
    await new RegistryClient(registry.host, { env: {} }).pushBlob('idx/one', desc, store, 'test');
    const saved = JSON.parse(await readFile(join(dir, 'idx', 'registry-blob-sources.json'), 'utf8')) as Record<string, Record<string, string[]>>;
    expect(saved[registry.host]?.[desc.digest]).toEqual(['idx/one']);
    expect(await new BlobSources(join(dir, 'idx', 'registry-blob-sources.json')).candidates(registry.host, desc.digest, 'idx/two')).toEqual(['idx/one']);
    const calls = await tracePush(new RegistryClient(registry.host, { env: {} }), 'idx/two', desc, store);
    expect(calls).toEqual(['HEAD', `POST ?mount=${encodeURIComponent(desc.digest)}&from=idx%2Fone`]);
    expect(await new RegistryClient(registry.host, { env: {} }).hasBlob('idx/two', desc.digest, 'test')).toBe(true);
  });

  it('remembers where a blob was pulled from', async () => {
    const { store, desc } = await storeWith('pull-src', 'pulled before');
    await new RegistryClient(registry.host, { env: {} }).pushBlob('pulled/from', desc, store, 'test');
    const fresh = new ContentStore(join(dir, 'pull-dst'));
    await new RegistryClient(registry.host, { env: {} }).fetchBlob('pulled/from', desc, fresh, 'test');
    const calls = await tracePush(new RegistryClient(registry.host, { env: {} }), 'pulled/to', desc, fresh);
    expect(calls).toEqual(['HEAD', `POST ?mount=${encodeURIComponent(desc.digest)}&from=pulled%2Ffrom`]);
  });

  it('uploads when the remembered repository no longer has the blob, and survives a torn index file', async () => {
    const { store, desc } = await storeWith('stale', 'remembered wrongly');
    await writeFile(join(dir, 'stale', 'registry-blob-sources.json'), JSON.stringify({ [registry.host]: { [desc.digest]: ['gone/away'] } }));
    const calls = await tracePush(new RegistryClient(registry.host, { env: {} }), 'stale/dst', desc, store);
    expect(calls).toEqual(['HEAD', `POST ?mount=${encodeURIComponent(desc.digest)}&from=gone%2Faway`, 'PUT']);
    expect(await new RegistryClient(registry.host, { env: {} }).hasBlob('stale/dst', desc.digest, 'test')).toBe(true);
    const torn = await storeWith('torn', 'index is garbage');
    await writeFile(join(dir, 'torn', 'registry-blob-sources.json'), '{"half');
    expect(await tracePush(new RegistryClient(registry.host, { env: {} }), 'torn/dst', torn.desc, torn.store)).toEqual(['HEAD', 'POST', 'PUT']);
  });
});
