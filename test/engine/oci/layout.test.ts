import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciLayout, platformMatches } from '../../../src/engine/oci/layout.js';
import { MediaType } from '../../../src/engine/oci/types.js';
import type { Descriptor } from '../../../src/engine/oci/types.js';

let dir: string;

function blob(value: object | string): Descriptor & { hex: string } {
  const data = typeof value === 'string' ? value : JSON.stringify(value);
  const hex = createHash('sha256').update(data).digest('hex');
  writeFileSync(join(dir, 'blobs', 'sha256', hex), data);
  return { mediaType: '', digest: `sha256:${hex}`, size: Buffer.byteLength(data), hex };
}

function image(arch: string): Descriptor {
  const config = blob({ architecture: arch, os: 'linux', config: { Env: [`ARCH=${arch}`] }, rootfs: { type: 'layers', diff_ids: [] } });
  const m = blob({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { ...config, mediaType: MediaType.ociConfig }, layers: [] });
  return { mediaType: MediaType.ociManifest, digest: m.digest, size: m.size };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bake-layout-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const amd = image('amd64');
  const arm = image('arm64');
  const oci = blob({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [
    { ...amd, platform: { os: 'linux', architecture: 'amd64' } },
    { ...arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ] });
  const docker = blob({ schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [
    { ...arm, mediaType: MediaType.dockerManifest, platform: { os: 'linux', architecture: 'arm64' } },
  ] });
  const index = { schemaVersion: 2, manifests: [
    { mediaType: MediaType.ociIndex, digest: oci.digest, size: oci.size, annotations: { 'org.opencontainers.image.ref.name': 'multi' } },
    { mediaType: MediaType.dockerManifestList, digest: docker.digest, size: docker.size, annotations: { 'io.containerd.image.name': 'docker.io/library/x:dock' } },
    { ...amd, annotations: { 'org.opencontainers.image.ref.name': 'single' } },
  ] };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
  writeFileSync(join(dir, 'blobs', 'sha256', 'f'.repeat(64)), 'corrupt');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OciLayout', () => {
  it('picks the platform from an OCI index, normalising arm64/v8', async () => {
    const layout = new OciLayout(dir);
    const arm = await layout.resolve('multi', { os: 'linux', architecture: 'arm64' });
    expect(arm.config.config.Env).toEqual(['ARCH=arm64']);
    const amd = await layout.resolve('multi', { os: 'linux', architecture: 'amd64' });
    expect(amd.config.architecture).toBe('amd64');
    await expect(layout.resolve('multi', { os: 'linux', architecture: 's390x' })).rejects.toThrow(/no match for platform linux\/s390x/);
  });

  it('reads Docker manifest lists, containerd names, plain manifests and digest refs', async () => {
    const layout = new OciLayout(dir);
    const viaDocker = await layout.resolve('dock', { os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(viaDocker.config.architecture).toBe('arm64');
    const single = await layout.resolve('single', { os: 'linux', architecture: 'amd64' });
    const byDigest = await layout.resolve(single.digest, { os: 'linux', architecture: 'amd64' });
    expect(byDigest.config).toEqual(single.config);
  });

  it('reports unknown tags, missing layouts and corrupt blobs as user errors', async () => {
    await expect(new OciLayout(dir).find('nope')).rejects.toThrow(/no image tagged "nope"/);
    await expect(new OciLayout(join(dir, 'missing')).find('x')).rejects.toThrow(/not an OCI layout/);
    await expect(new OciLayout(dir).readBlob(`sha256:${'f'.repeat(64)}`)).rejects.toThrow(/corrupt/);
  });

  it('matches platforms the way containerd normalises them', () => {
    expect(platformMatches({ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v7' })).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' })).toBe(false);
    expect(platformMatches({ os: 'linux', architecture: 'amd64' }, undefined)).toBe(false);
  });
});
