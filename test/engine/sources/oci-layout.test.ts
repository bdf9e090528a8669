import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import type { Vertex } from '../../../src/engine/graph/op.js';
import type { OpContext } from '../../../src/engine/ops/types.js';
import { hostPlatform } from '../../../src/engine/platform.js';
import type { Session } from '../../../src/engine/session.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';
import { OciLayoutResolver, OciLayoutSourceRunner, importedLayerId } from '../../../src/engine/sources/oci-layout.js';
import { UserError } from '../../../src/errors.js';
import { ensureBusyboxLayout } from '../../helpers/busybox.js';

const isRoot = process.getuid?.() === 0;
let layout: string;
let state: string;

beforeAll(async () => {
  layout = await ensureBusyboxLayout();
  state = mkdtempSync(join(tmpdir(), 'bake-src-'));
});
afterAll(() => rmSync(state, { recursive: true, force: true }));

function ctx(layers: DiskLayerStore): OpContext {
  return {
    stateDir: state,
    layers,
    session: {} as Session,
    hostPlatform: hostPlatform(),
    signal: new AbortController().signal,
    newLayerId: 'unused',
    log: () => undefined,
  };
}

describe('OciLayoutResolver', () => {
  it('pins a tag to its manifest digest and returns the image config', async () => {
    const store = new ContentStore(state);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const r = await new OciLayoutResolver(store).resolve({ type: 'oci-layout', path: layout, ref: '1' }, hostPlatform());
    expect(r.manifestDigest).toBe(index.manifests[0]!.digest);
    expect(r.source).toMatchObject({ type: 'oci-layout', path: layout, ref: r.manifestDigest });
    expect(r.config.config.Cmd).toEqual(['/bin/sh']);
    expect(store.has(r.manifestDigest)).toBe(true);
  });

  it('refuses registry images for now', async () => {
    const resolver = new OciLayoutResolver(new ContentStore(state));
    const err = await resolver.resolve({ type: 'image', ref: 'alpine:3' }, hostPlatform()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('registry images are not supported yet: alpine:3');
  });
});

describe.skipIf(!isRoot)('OciLayoutSourceRunner', () => {
  it('extracts each layer once under its diffID and remembers the original blob', async () => {
    const layers = new DiskLayerStore(state);
    const vertex: Vertex = { op: { kind: 'source', source: { type: 'oci-layout', path: layout, ref: '1', platform: hostPlatform() } }, inputs: [] };
    const [snap] = await new OciLayoutSourceRunner().run(vertex, [], ctx(layers));
    expect(snap!.layers).toHaveLength(1);
    const id = snap!.layers[0]!;
    expect(id).toMatch(/^sha256-[0-9a-f]{64}$/);
    const busybox = join(layers.diffDir(id), 'bin', 'busybox');
    expect(statSync(busybox).mode & 0o777).toBe(0o755);
    expect(statSync(join(layers.diffDir(id), 'tmp')).mode & 0o7777).toBe(0o1777);
    const info = JSON.parse(readFileSync(join(layers.diffDir(id), '..', 'layer.json'), 'utf8')) as { imported: { diffId: string } };
    expect(importedLayerId(info.imported.diffId)).toBe(id);
    const before = statSync(busybox).ino;
    const [again] = await new OciLayoutSourceRunner().run(vertex, [], ctx(layers));
    expect(again).toEqual(snap);
    expect(statSync(busybox).ino).toBe(before);
    expect(readdirSync(join(state, 'tmp'))).toEqual([]);
  });

  it('refuses a layer blob that is not the bytes its digest names, even when its content is right', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'bake-layout-'));
    const fresh = mkdtempSync(join(tmpdir(), 'bake-src-'));
    try {
      cpSync(layout, copy, { recursive: true });
      const blobs = join(copy, 'blobs', 'sha256');
      // The biggest blob is the layer: recompressed, its tar (and so its diffID) is unchanged.
      const layer = readdirSync(blobs).sort((a, b) => statSync(join(blobs, b)).size - statSync(join(blobs, a)).size)[0]!;
      writeFileSync(join(blobs, layer), gzipSync(gunzipSync(readFileSync(join(blobs, layer))), { level: 1 }));
      const layers = new DiskLayerStore(fresh);
      const vertex: Vertex = { op: { kind: 'source', source: { type: 'oci-layout', path: copy, ref: '1', platform: hostPlatform() } }, inputs: [] };
      await expect(new OciLayoutSourceRunner().run(vertex, [], { ...ctx(layers), stateDir: fresh })).rejects.toThrow(/digest/i);
      expect(readdirSync(join(fresh, 'layers'))).toEqual([]);
      expect(readdirSync(join(fresh, 'tmp'))).toEqual([]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
