import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { layerBlob } from '../../../src/engine/layer/diff.js';
import { copyMount } from '../../../src/engine/snapshot/copy-mount.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';
import type { Snapshot } from '../../../src/engine/snapshot/types.js';
import { mountsUnder, unmountAll } from '../../helpers/mounts.js';

const isRoot = process.getuid?.() === 0;
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) {
    unmountAll(r);
    rmSync(r, { recursive: true, force: true });
  }
});

function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-ls-'));
  roots.push(d);
  return d;
}

async function layer(store: DiskLayerStore, id: string, files: Record<string, string>): Promise<void> {
  const l = await store.create(id);
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(join(l.dir, p, '..'), { recursive: true });
    writeFileSync(join(l.dir, p), data);
  }
  await l.commit();
}

/** Runs `change` on a writable mount of `base` and commits the result as layer `id`. */
async function step(store: DiskLayerStore, base: Snapshot, id: string, change: (root: string) => void): Promise<Snapshot> {
  const upper = await store.create(id);
  const root = await store.mount(base, upper);
  try {
    change(root.path);
  } finally {
    await root.unmount();
  }
  await upper.commit();
  return { layers: [...base.layers, id] };
}

async function layerEntries(state: string, store: DiskLayerStore, id: string): Promise<string[]> {
  const cs = new ContentStore(state);
  const { blob } = await layerBlob(cs, store, id);
  const ex = extract();
  ex.end(gunzipSync(await cs.read(blob.digest)));
  const names: string[] = [];
  for await (const e of ex) {
    names.push(e.header.name);
    e.resume();
  }
  return names;
}

describe('DiskLayerStore', () => {
  it('commits a staged layer by renaming it into place, and discards without a trace', async () => {
    const s = stateDir();
    const store = new DiskLayerStore(s);
    const a = await store.create('a');
    writeFileSync(join(a.dir, 'f'), 'x');
    expect(store.has('a')).toBe(false);
    await a.commit();
    expect(readFileSync(join(store.diffDir('a'), 'f'), 'utf8')).toBe('x');
    const b = await store.create('b');
    await b.discard();
    expect(store.has('b')).toBe(false);
    expect(readdirSync(join(s, 'tmp'))).toEqual([]);
    await expect(store.create('../evil')).rejects.toThrow(/invalid layer id/);
  });

  it('keeps the first commit when two builds commit the same id', async () => {
    const store = new DiskLayerStore(stateDir());
    const one = await store.create('same');
    const two = await store.create('same');
    writeFileSync(join(one.dir, 'f'), '1');
    writeFileSync(join(two.dir, 'f'), '2');
    await one.commit();
    await two.commit();
    expect(readFileSync(join(store.diffDir('same'), 'f'), 'utf8')).toBe('1');
  });

  it.skipIf(!isRoot)('mounts stacks read-only (top layer wins), scratch and single layers included', async () => {
    const s = stateDir();
    const store = new DiskLayerStore(s);
    await layer(store, 'l1', { 'a': 'bottom', 'b': 'b' });
    await layer(store, 'l2', { 'a': 'top' });
    for (const [snap, expected] of [
      [{ layers: [] }, []],
      [{ layers: ['l1'] }, ['a', 'b']],
      [{ layers: ['l1', 'l2', 'l1', 'l2'] }, ['a', 'b']],
    ] as [Snapshot, string[]][]) {
      const root = await store.mount(snap);
      expect(readdirSync(root.path).sort()).toEqual(expected);
      if (snap.layers.length > 1) expect(readFileSync(join(root.path, 'a'), 'utf8')).toBe('top');
      await root.unmount();
    }
    expect(mountsUnder(s)).toEqual([]);
    expect(readdirSync(join(s, 'mounts'))).toEqual([]);
  });

  it.skipIf(!isRoot)('mounts stacks too deep for one page of mount options', async () => {
    const s = stateDir();
    const store = new DiskLayerStore(s);
    const ids = Array.from({ length: 80 }, (_, i) => `layer-with-a-long-cache-key-derived-name-${String(i).padStart(3, '0')}`);
    for (const id of ids) await layer(store, id, { [id]: id });
    const root = await store.mount({ layers: ids });
    expect(readdirSync(root.path)).toHaveLength(80);
    expect(mountsUnder(s)).toEqual([root.path]);
    await root.unmount();
  });

  it.skipIf(!isRoot)('records deletions as .wh. entries and a removed-then-recreated dir as opaque', async () => {
    const s = stateDir();
    const store = new DiskLayerStore(s);
    await layer(store, 'base', { 'etc/conf': 'c', 'data/old1': '1', 'data/old2': '2' });
    const snap = await step(store, { layers: ['base'] }, 'change', (root) => {
      rmSync(join(root, 'etc/conf'));
      rmSync(join(root, 'data'), { recursive: true });
      mkdirSync(join(root, 'data'));
      writeFileSync(join(root, 'data/new'), 'n');
    });
    const entries = await layerEntries(s, store, 'change');
    expect(entries).toContain('etc/.wh.conf');
    expect(entries).toContain('data/.wh..wh..opq');
    expect(entries).toContain('data/new');
    const root = await store.mount(snap);
    expect(readdirSync(join(root.path, 'data'))).toEqual(['new']);
    expect(existsSync(join(root.path, 'etc/conf'))).toBe(false);
    await root.unmount();
  });

  it.skipIf(!isRoot)('removes what a killed build left (staging, temp blobs, mounts), not what live ones hold', async () => {
    const s = stateDir();
    const dead = execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim();
    for (const d of [`tmp/layer-${dead}-0a0b0c0d-x/diff`, `tmp/blob-${dead}-00ff`, 'tmp/layer-1-0a0b0c0d-y', `mounts/${dead}-0123`, 'empty']) {
      mkdirSync(join(s, d), { recursive: true });
    }
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', 'lowerdir=empty:tmp/layer-1-0a0b0c0d-y', `mounts/${dead}-0123`], { cwd: s });
    const store = new DiskLayerStore(s);
    const root = await store.mount({ layers: [] });
    expect(readdirSync(join(s, 'tmp'))).toEqual(['layer-1-0a0b0c0d-y']);
    expect(mountsUnder(s)).toEqual([]);
    expect(readdirSync(join(s, 'mounts'))).toEqual([root.path.slice(root.path.lastIndexOf('/') + 1)]);
    await root.unmount();
  });

  it.skipIf(!isRoot)('copy fallback: the same root, and the same overlay-format upper dir', async () => {
    const s = stateDir();
    const store = new DiskLayerStore(s);
    await layer(store, 'base', { 'keep': 'k', 'gone': 'g', 'dir/x': 'x' });
    await step(store, { layers: ['base'] }, 'rm', (root) => rmSync(join(root, 'gone')));
    const target = join(s, 'mounts', 'copy');
    mkdirSync(target);
    const upper = await store.create('copied');
    const root = await copyMount([store.diffDir('rm'), store.diffDir('base')], target, upper);
    expect(readdirSync(root.path).sort()).toEqual(['dir', 'keep']);
    writeFileSync(join(root.path, 'dir/y'), 'y');
    rmSync(join(root.path, 'keep'));
    await root.unmount();
    const wh = lstatSync(join(upper.dir, 'keep'));
    expect(wh.isCharacterDevice() && wh.rdev === 0).toBe(true);
    expect(readFileSync(join(upper.dir, 'dir/y'), 'utf8')).toBe('y');
    expect(existsSync(join(upper.dir, 'dir/x'))).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(execFileSync('ls', [join(s, 'mounts')], { encoding: 'utf8' })).toBe('');
  });
});
