// RegistryResolver and RegistrySourceRunner against a real docker-registry holding busybox
// (copied there by skopeo): tag pins are remembered until --pull, layers land in the layer store.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { hostPlatform } from '../../../src/engine/platform.js';
import { RegistryResolver } from '../../../src/engine/sources/registry.js';
import { ensureBusyboxLayout } from '../../helpers/busybox.js';
import { hasRegistry, startRegistry } from '../../helpers/registry.js';
import type { TestRegistry } from '../../helpers/registry.js';

const canRun = hasRegistry && process.platform === 'linux';
let registry: TestRegistry;
let dir: string;
let layout: string;

function skopeo(...args: string[]): string {
  return execFileSync('skopeo', args, { encoding: 'utf8' });
}

describe.skipIf(!canRun)('RegistryResolver', () => {
  beforeAll(async () => {
    layout = await ensureBusyboxLayout();
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'bake-regsrc-'));
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/lib/busybox:1`);
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pins a tag to its manifest digest and keeps manifest and config in the store', async () => {
    const store = new ContentStore(join(dir, 'a'));
    const got = await new RegistryResolver(store, false).resolve({ type: 'image', ref: `${registry.host}/lib/busybox:1` }, hostPlatform());
    const raw = skopeo('inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/lib/busybox:1`);
    const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    expect(got.manifestDigest).toBe(digest);
    expect(got.source).toEqual({ type: 'image', ref: `${registry.host}/lib/busybox@${digest}`, platform: hostPlatform() });
    expect(store.has(digest)).toBe(true);
    expect(got.config.config.Cmd ?? got.config.config.Entrypoint).toBeDefined();
  });

  it('reuses a remembered pin after the tag moves, until pull is asked for', async () => {
    const store = new ContentStore(join(dir, 'b'));
    const ref = { type: 'image' as const, ref: `${registry.host}/lib/moving:t` };
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/lib/moving:t`);
    const first = await new RegistryResolver(store, false).resolve(ref, hostPlatform());
    // Re-push the tag as a Docker v2s2 manifest: same image, different manifest digest.
    skopeo('copy', '--quiet', '--dest-tls-verify=false', '--format=v2s2', `oci:${layout}:1`, `docker://${registry.host}/lib/moving:t`);
    const cached = await new RegistryResolver(store, false).resolve(ref, hostPlatform());
    expect(cached.manifestDigest).toBe(first.manifestDigest);
    const pulled = await new RegistryResolver(store, true).resolve(ref, hostPlatform());
    expect(pulled.manifestDigest).not.toBe(first.manifestDigest);
  });

  it('fails with one line naming the image and the registry for an unknown image, storing nothing', async () => {
    const store = new ContentStore(join(dir, 'c'));
    await expect(new RegistryResolver(store, false).resolve({ type: 'image', ref: `${registry.host}/lib/nope:1` }, hostPlatform())).rejects.toThrow(
      new RegExp(`^${registry.host}/lib/nope:1: registry ${registry.host}: not found$`),
    );
    expect(await readdir(join(dir, 'c', 'blobs', 'sha256'))).toEqual([]);
    expect(await readdir(join(dir, 'c', 'tmp'))).toEqual([]);
  });

  it('names the platform when an index has none that matches', async () => {
    const store = new ContentStore(join(dir, 'd'));
    skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/lib/one:1`);
    const { createIndex } = await import('../../../src/engine/registry/imagetools.js');
    await createIndex([`${registry.host}/lib/one:1`], [`${registry.host}/lib/one:index`], join(dir, 'e'));
    await expect(
      new RegistryResolver(store, false).resolve({ type: 'image', ref: `${registry.host}/lib/one:index` }, { os: 'linux', architecture: 's390x' }),
    ).rejects.toThrow(`${registry.host}/lib/one:index: registry ${registry.host}: no match for platform linux/s390x in the manifest list`);
  });
});
