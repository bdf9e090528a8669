// `bake imagetools inspect|create` through the CLI against a real docker-registry holding
// busybox (copied there by skopeo).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlatform, hostPlatform } from '../../src/engine/platform.js';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';
import { hasRegistry, startRegistry } from '../helpers/registry.js';
import type { TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let dir: string;
let manifest: string;
let digest: string;

const bake = (...args: string[]): ReturnType<typeof runBake> =>
  runBake(['imagetools', ...args], { cwd: dir, env: { BAKE_STATE_DIR: join(dir, 'state'), BAKE_REGISTRY_RETRIES: '0' } });

describe.skipIf(!hasRegistry)('bake imagetools', () => {
  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    registry = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'bake-imagetools-'));
    execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:1`, `docker://${registry.host}/lib/busybox:1`]);
    manifest = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/lib/busybox:1`], { encoding: 'utf8' });
    digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('inspect --raw prints the manifest bytes as stored', async () => {
    const res = await bake('inspect', '--raw', `${registry.host}/lib/busybox:1`);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(manifest.endsWith('\n') ? manifest : `${manifest}\n`);
  });

  it('inspect prints name, media type and digest like buildx', async () => {
    const res = await bake('inspect', `${registry.host}/lib/busybox:1`);
    expect(res.stdout).toBe(
      `Name:      ${registry.host}/lib/busybox:1\nMediaType: application/vnd.oci.image.manifest.v1+json\nDigest:    ${digest}\n`,
    );
  });

  it('create combines manifests into an index under every tag, copying content across repositories', async () => {
    const res = await bake('create', '-t', `${registry.host}/other/multi:a`, '-t', `${registry.host}/other/multi:b`, `${registry.host}/lib/busybox:1`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/other/multi:b`], { encoding: 'utf8' });
    const index = JSON.parse(raw) as { mediaType: string; manifests: { digest: string; platform: { os: string; architecture: string } }[] };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.digest)).toEqual([digest]);
    expect(formatPlatform(index.manifests[0]!.platform)).toBe(formatPlatform(hostPlatform()));
    // The copied image is complete: skopeo can read its config through the new repository.
    execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/other/multi@${digest}`]);
    const shown = await bake('inspect', `${registry.host}/other/multi:a`);
    expect(shown.stdout).toContain(`Manifests:\n  Name:        ${registry.host}/other/multi@${digest}\n  MediaType:   application/vnd.oci.image.manifest.v1+json\n  Platform:    ${formatPlatform(hostPlatform())}\n`);
  });

  it('create --dry-run prints the index without pushing; errors name the image and registry', async () => {
    const dry = await bake('create', '--dry-run', `${registry.host}/lib/busybox:1`);
    expect(JSON.parse(dry.stdout)).toMatchObject({ schemaVersion: 2, manifests: [{ digest }] });
    const missing = await bake('inspect', `${registry.host}/lib/none:1`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`ERROR: ${registry.host}/lib/none:1: registry ${registry.host}: not found\n`);
    const usage = await bake('create', `${registry.host}/lib/busybox:1`);
    expect(usage.stderr).toContain('no tags specified');
  });
});
