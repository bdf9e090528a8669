import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { alignHistory } from '../../../src/engine/exporters/image-writer.js';
import { resolveExporter } from '../../../src/engine/exporters/index.js';
import type { ExportContext, ExportInput } from '../../../src/engine/exporters/index.js';
import type { ImageConfig, ImageManifest } from '../../../src/engine/oci/types.js';
import { hostPlatform } from '../../../src/engine/platform.js';
import type { Session } from '../../../src/engine/session.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';
import type { Snapshot } from '../../../src/engine/snapshot/types.js';
import { OciLayoutSourceRunner } from '../../../src/engine/sources/oci-layout.js';
import { UserError } from '../../../src/errors.js';
import { ensureBusyboxLayout } from '../../helpers/busybox.js';
import { unmountAll } from '../../helpers/mounts.js';

const canRun = process.getuid?.() === 0;
let work: string;
let ctx: ExportContext;
let input: ExportInput;
let baseBlob: string;

const image: ImageConfig = {
  architecture: hostPlatform().architecture,
  os: 'linux',
  config: { Env: ['PATH=/bin', 'SERVICE=api'], User: 'nobody', Cmd: ['/usr/local/bin/api'], ExposedPorts: { '8080/tcp': {} }, Labels: { a: 'b' } },
  rootfs: { type: 'layers', diff_ids: [] },
  history: [
    { created_by: 'busybox base', comment: 'busybox-static rootfs' },
    { created_by: 'ENV SERVICE=api', empty_layer: true },
    { created_by: 'RUN make api' },
    { created_by: 'RUN true' },
  ],
};

async function addLayer(layers: DiskLayerStore, id: string, files: Record<string, string>, mode = 0o644): Promise<void> {
  const l = await layers.create(id);
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(join(l.dir, p, '..'), { recursive: true });
    writeFileSync(join(l.dir, p), data, { mode });
  }
  await l.commit();
}

beforeAll(async () => {
  if (!canRun) return;
  const layout = await ensureBusyboxLayout();
  work = mkdtempSync(join(tmpdir(), 'bake-exp-'));
  const stateDir = join(work, 'state');
  const layers = new DiskLayerStore(stateDir);
  const source = new OciLayoutSourceRunner();
  const platform = hostPlatform();
  const [base] = await source.run(
    { op: { kind: 'source', source: { type: 'oci-layout', path: layout, ref: '1', platform } }, inputs: [] },
    [],
    { stateDir, layers, session: {} as Session, hostPlatform: platform, signal: new AbortController().signal, newLayerId: 'x', log: () => undefined },
  );
  await addLayer(layers, 'api', { 'usr/local/bin/api': '#!/bin/sh\necho api\n' }, 0o755);
  await addLayer(layers, 'empty', {});
  await addLayer(layers, 'arm-only', { 'usr/local/bin/arm': 'arm\n' });
  const snapshot: Snapshot = { layers: [...base!.layers, 'api', 'empty'] };
  ctx = { store: new ContentStore(stateDir), layers, stateDir, tags: ['monorepo/api:1.0.0'] };
  input = { platform, snapshot, image };
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const manifest = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', index.manifests[0]!.digest.slice(7)), 'utf8')) as ImageManifest;
  baseBlob = manifest.layers[0]!.digest;
}, 120_000);

afterAll(() => {
  if (!work) return;
  unmountAll(work);
  rmSync(work, { recursive: true, force: true });
});

function untar(tar: string, name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  return dir;
}

const blobJson = <T>(dir: string, digest: string): T => JSON.parse(readFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), 'utf8')) as T;

describe('alignHistory', () => {
  it('marks surplus entries empty and adds entries for layers without history', () => {
    expect(alignHistory([{ created_by: 'a' }, { created_by: 'b' }], 1)).toEqual([{ created_by: 'a' }, { created_by: 'b', empty_layer: true }]);
    expect(alignHistory([{ created_by: 'a' }], 2)).toEqual([{ comment: 'layer' }, { created_by: 'a' }]);
  });
});

describe('resolveExporter', () => {
  it('rejects bad outputs before anything is built', () => {
    expect(() => resolveExporter({ type: 'nope', attrs: {} })).toThrow('invalid --output type=nope: unsupported exporter type "nope"');
    expect(() => resolveExporter({ type: 'oci', attrs: {} })).toThrow(/type=oci: dest is required/);
    expect(() => resolveExporter({ type: 'local', attrs: {} })).toThrow(UserError);
    expect(() => resolveExporter({ type: 'docker', attrs: {} })).not.toThrow();
    expect(() => resolveExporter({ type: 'image', attrs: { push: 'maybe' } })).toThrow(/push: invalid boolean/);
    expect(() => resolveExporter({ type: 'oci', attrs: { dest: 'x', tar: 'maybe' } })).toThrow(/invalid boolean/);
    expect(resolveExporter({ type: 'cacheonly', attrs: {} })).toBeTruthy();
  });
});

describe.skipIf(!canRun)('image exporters', () => {
  it('oci: a layout tar skopeo and umoci accept, with the config kept and the base blob reused', async () => {
    const tar = join(work, 'out', 'api.oci.tar');
    const meta = await resolveExporter({ type: 'oci', attrs: { dest: tar } }).export([input], ctx);
    const dir = untar(tar, 'oci');
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    expect(index.manifests[0]!.annotations).toEqual({ 'io.containerd.image.name': 'docker.io/monorepo/api:1.0.0', 'org.opencontainers.image.ref.name': '1.0.0' });
    expect(meta['containerimage.digest']).toBe(index.manifests[0]!.digest);
    expect(meta['image.name']).toBe('monorepo/api:1.0.0');
    const manifest = blobJson<ImageManifest>(dir, index.manifests[0]!.digest);
    expect(manifest.layers.map((l) => l.digest)[0]).toBe(baseBlob);
    expect(manifest.layers).toHaveLength(3);
    const config = blobJson<ImageConfig>(dir, manifest.config.digest);
    expect(meta['containerimage.config.digest']).toBe(manifest.config.digest);
    expect(config.config).toEqual(image.config);
    expect(config.rootfs.diff_ids).toHaveLength(3);
    expect(config.history!.map((h) => h.empty_layer ?? false)).toEqual([false, true, false, false]);
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${tar}`], { encoding: 'utf8' })) as { Layers: string[] };
    expect(inspect.Layers).toEqual(manifest.layers.map((l) => l.digest));
    execFileSync('umoci', ['unpack', '--image', `${dir}:1.0.0`, join(work, 'bundle')]);
    const api = join(work, 'bundle', 'rootfs', 'usr', 'local', 'bin', 'api');
    expect(statSync(api).mode & 0o777).toBe(0o755);
    expect(existsSync(join(work, 'bundle', 'rootfs', 'bin', 'busybox'))).toBe(true);
  });

  it('oci: whiteouts and opaque dirs in layers are honoured by umoci', async () => {
    const upper = await ctx.layers.create('deletes');
    const root = await ctx.layers.mount(input.snapshot, upper);
    rmSync(join(root.path, 'bin', 'ls'));
    rmSync(join(root.path, 'etc'), { recursive: true });
    mkdirSync(join(root.path, 'etc'));
    writeFileSync(join(root.path, 'etc', 'passwd'), 'nobody:x:65534:65534::/:/bin/sh\n');
    await root.unmount();
    await upper.commit();
    const snapshot = { layers: [...input.snapshot.layers, 'deletes'] };
    const tar = join(work, 'wh.tar');
    await resolveExporter({ type: 'oci', attrs: { dest: tar, name: 'wh:1' } }).export([{ ...input, snapshot }], ctx);
    const dir = untar(tar, 'wh');
    execFileSync('umoci', ['unpack', '--image', `${dir}:1`, join(work, 'wh-bundle')], { stdio: 'pipe' });
    const rootfs = join(work, 'wh-bundle', 'rootfs');
    expect(existsSync(join(rootfs, 'bin', 'ls'))).toBe(false);
    expect(existsSync(join(rootfs, 'bin', 'cat'))).toBe(true);
    expect(readdirSync(join(rootfs, 'etc'))).toEqual(['passwd']);
  });

  it('oci: the same input and SOURCE_DATE_EPOCH give the same digest', async () => {
    const sde = { ...ctx, sourceDateEpoch: 1_700_000_000 };
    const a = await resolveExporter({ type: 'oci', attrs: { dest: join(work, 'r1.tar') } }).export([input], sde);
    const b = await resolveExporter({ type: 'oci', attrs: { dest: join(work, 'r2.tar') } }).export([input], sde);
    expect(a['containerimage.digest']).toBe(b['containerimage.digest']);
    expect(readFileSync(join(work, 'r1.tar')).equals(readFileSync(join(work, 'r2.tar')))).toBe(true);
  });

  it('docker: manifest.json with RepoTags, config and layer paths that exist', async () => {
    const tar = join(work, 'out', 'api.docker.tar');
    await resolveExporter({ type: 'docker', attrs: { dest: tar } }).export([input], ctx);
    const dir = untar(tar, 'docker');
    const [entry] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Config: string; RepoTags: string[]; Layers: string[] }[];
    expect(entry!.RepoTags).toEqual(['monorepo/api:1.0.0']);
    expect(entry!.Layers).toHaveLength(3);
    for (const l of entry!.Layers) expect(existsSync(join(dir, l))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, entry!.Config), 'utf8')) as ImageConfig;
    expect(config.config.User).toBe('nobody');
    expect(JSON.parse(readFileSync(join(dir, 'repositories'), 'utf8'))).toEqual({ 'monorepo/api': { '1.0.0': entry!.Config.slice('blobs/sha256/'.length) } });
    const listing = execFileSync('tar', ['-tf', join(dir, entry!.Layers[1]!)], { encoding: 'utf8' });
    expect(listing.split('\n')).toContain('usr/local/bin/api');
  });

  it('docker: refuses several platforms', async () => {
    const second = { ...input, platform: { os: 'linux', architecture: 'arm64' } };
    await expect(resolveExporter({ type: 'docker', attrs: { dest: join(work, 'x.tar') } }).export([input, second], ctx)).rejects.toThrow(/manifest lists/);
  });

  it('image: several platforms become an index, recorded by name in the state dir', async () => {
    const arm = { ...input, platform: { os: 'linux', architecture: 'arm64' }, image: { ...image, architecture: 'arm64' } };
    const attrs = { name: 'example.com/app:v1', 'annotation-index.vendor': 'me', 'annotation.title': 'app' };
    const meta = await resolveExporter({ type: 'image', attrs }).export([input, arm], ctx);
    const record = JSON.parse(readFileSync(join(ctx.stateDir, 'images', encodeURIComponent('example.com/app:v1') + '.json'), 'utf8')) as {
      descriptor: { digest: string; mediaType: string };
    };
    expect(record.descriptor.digest).toBe(meta['containerimage.digest']);
    expect(record.descriptor.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const index = await ctx.store.readJson<{ annotations: object; manifests: { digest: string; platform: { architecture: string } }[] }>(
      record.descriptor.digest,
    );
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual([hostPlatform().architecture, 'arm64']);
    expect(index.annotations).toEqual({ vendor: 'me' });
    expect((await ctx.store.readJson<ImageManifest>(index.manifests[1]!.digest)).annotations).toEqual({ title: 'app' });
    expect(meta['containerimage.config.digest']).toBeUndefined();
  });
});

describe.skipIf(!canRun)('rootfs exporters', () => {
  it('local: writes the merged root into dest', async () => {
    const dest = join(work, 'local');
    await resolveExporter({ type: 'local', attrs: { dest } }).export([input], ctx);
    expect(readFileSync(join(dest, 'usr/local/bin/api'), 'utf8')).toContain('echo api');
    expect(statSync(join(dest, 'tmp')).mode & 0o7777).toBe(0o1777);
  });

  it('local and tar: one folder per platform when there are several', async () => {
    const arm = { ...input, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } };
    const dest = join(work, 'split');
    await resolveExporter({ type: 'local', attrs: { dest } }).export([input, arm], ctx);
    expect(readdirSync(dest).sort()).toEqual([`linux_${hostPlatform().architecture}`, 'linux_arm_v7'].sort());
    const tar = join(work, 'split.tar');
    await resolveExporter({ type: 'tar', attrs: { dest: tar } }).export([input, arm], ctx);
    const names = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).split('\n');
    expect(names).toContain('linux_arm_v7/usr/local/bin/api');
    expect(names).toContain(`linux_${hostPlatform().architecture}/bin/busybox`);
  });

  it('local with platform-split=false: platforms merge into dest, but no file of one may replace another', async () => {
    const armOnly = { ...input, platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, snapshot: { layers: ['arm-only'] } };
    const merged = join(work, 'merged');
    await resolveExporter({ type: 'local', attrs: { dest: merged, 'platform-split': 'false' } }).export([input, armOnly], ctx);
    expect(readFileSync(join(merged, 'usr/local/bin/arm'), 'utf8')).toBe('arm\n');
    expect(existsSync(join(merged, 'usr/local/bin/api'))).toBe(true);
    const both = { ...input, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } };
    const clash = join(work, 'clash');
    await expect(resolveExporter({ type: 'local', attrs: { dest: clash, 'platform-split': 'false' } }).export([input, both], ctx)).rejects.toThrow(
      new RegExp(`cannot overwrite \\S+ from linux/${hostPlatform().architecture} with linux/arm/v7 when split option is disabled`),
    );
    expect(existsSync(clash)).toBe(false);
  });

  it('tar: the flattened root with no whiteouts', async () => {
    const tar = join(work, 'flat.tar');
    await resolveExporter({ type: 'tar', attrs: { dest: tar } }).export([input], ctx);
    const names = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).split('\n');
    expect(names).toContain('bin/busybox');
    expect(names).toContain('usr/local/bin/api');
    expect(names.some((n) => n.includes('.wh.'))).toBe(false);
  });
});
