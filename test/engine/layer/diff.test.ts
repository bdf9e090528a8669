import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { ContentStore } from '../../../src/engine/content/store.js';
import { layerBlob } from '../../../src/engine/layer/diff.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';
import { makeWhiteouts, markOpaque } from '../../../src/engine/layer/whiteout.js';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function state(): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-diff-'));
  dirs.push(d);
  return d;
}

interface Entry {
  name: string;
  type: string;
  mode: number;
  mtime: number;
  linkname: string | null;
}

async function listTar(gz: Buffer): Promise<Entry[]> {
  const ex = extract();
  const out: Entry[] = [];
  ex.end(gunzipSync(gz));
  for await (const e of ex) {
    const h = e.header;
    out.push({ name: h.name, type: h.type, mode: h.mode, mtime: h.mtime.getTime() / 1000, linkname: h.linkname });
    e.resume();
  }
  return out;
}

async function buildLayer(layers: DiskLayerStore, id: string, fill: (dir: string) => Promise<void> | void): Promise<void> {
  const l = await layers.create(id);
  await fill(l.dir);
  await l.commit();
}

describe('layerBlob', () => {
  it('gives the same digests for the same content, and clamps mtimes to SOURCE_DATE_EPOCH', async () => {
    const digests: string[] = [];
    for (const when of [1_700_000_000, 1_700_000_500]) {
      const s = state();
      const layers = new DiskLayerStore(s);
      await buildLayer(layers, 'a', (d) => {
        mkdirSync(join(d, 'b/c'), { recursive: true });
        writeFileSync(join(d, 'b/c/f'), 'hello');
        writeFileSync(join(d, 'z'), 'z');
        for (const p of ['b/c/f', 'b/c', 'b', 'z']) utimesSync(join(d, p), when, when);
      });
      const r = await layerBlob(new ContentStore(s), layers, 'a', { sourceDateEpoch: 1_000 });
      digests.push(r.blob.digest, r.diffId);
      const entries = await listTar(await new ContentStore(s).read(r.blob.digest));
      expect(entries.map((e) => e.name)).toEqual(['b/', 'b/c/', 'b/c/f', 'z']);
      expect(entries.every((e) => e.mtime === 1_000)).toBe(true);
    }
    expect(digests[0]).toBe(digests[2]);
    expect(digests[1]).toBe(digests[3]);
  });

  it('keeps hard links and symlinks, and caches the blob in layer.json', async () => {
    const s = state();
    const layers = new DiskLayerStore(s);
    await buildLayer(layers, 'l', (d) => {
      writeFileSync(join(d, 'a'), 'x');
      linkSync(join(d, 'a'), join(d, 'b'));
      symlinkSync('/etc/passwd', join(d, 'c'));
    });
    const store = new ContentStore(s);
    const r = await layerBlob(store, layers, 'l');
    const entries = await listTar(await store.read(r.blob.digest));
    expect(entries.map((e) => [e.name, e.type, e.linkname])).toEqual([
      ['a', 'file', null],
      ['b', 'link', 'a'],
      ['c', 'symlink', '/etc/passwd'],
    ]);
    rmSync(join(layers.diffDir('l'), 'a'));
    expect(await layerBlob(store, layers, 'l')).toEqual(r);
  });

  it.skipIf(!isRoot)('writes overlay whiteouts as .wh. entries and opaque dirs as .wh..wh..opq', async () => {
    const s = state();
    const layers = new DiskLayerStore(s);
    await buildLayer(layers, 'w', async (d) => {
      mkdirSync(join(d, 'dir'));
      writeFileSync(join(d, 'dir/new'), 'n');
      await makeWhiteouts([join(d, 'gone')]);
      await markOpaque([join(d, 'dir')]);
    });
    const store = new ContentStore(s);
    const entries = await listTar(await store.read((await layerBlob(store, layers, 'w')).blob.digest));
    expect(entries.map((e) => e.name)).toEqual(['dir/', 'dir/.wh..wh..opq', 'dir/new', '.wh.gone']);
  });
});
