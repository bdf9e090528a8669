import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layerSize, treeSize } from '../../../src/engine/cache/records.js';
import { ContentStore } from '../../../src/engine/content/store.js';
import { layerBlob } from '../../../src/engine/layer/diff.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A state dir with one committed-looking layer `l` of a few files. */
function stateWithLayer(): { state: string; layer: string } {
  const state = mkdtempSync(join(tmpdir(), 'bake-records-'));
  dirs.push(state);
  const layer = join(state, 'layers', 'l');
  mkdirSync(join(layer, 'diff', 'sub'), { recursive: true });
  for (let i = 0; i < 5; i++) writeFileSync(join(layer, 'diff', 'sub', `f${i}`), Buffer.alloc(5000 * i, 1));
  writeFileSync(join(layer, 'layer.json'), '{}');
  return { state, layer };
}

describe('layerSize', () => {
  it('counts what treeSize counts, then remembers the diff tree instead of walking it again', () => {
    const { state, layer } = stateWithLayer();
    const walked = treeSize(layer);
    expect(layerSize(state, 'l')).toBe(walked);
    const memo = treeSize(join(layer, 'diff.du'));
    // A file added under diff/ is not seen: committed layers never change, so it is not looked for.
    writeFileSync(join(layer, 'diff', 'late'), Buffer.alloc(100_000, 1));
    expect(layerSize(state, 'l')).toBe(walked + memo);
  });

  it('measures again when the remembered figure is unreadable, and gives 0 for a missing layer', () => {
    const { state, layer } = stateWithLayer();
    writeFileSync(join(layer, 'diff.du'), 'garbage');
    const expected = treeSize(layer);
    expect(layerSize(state, 'l')).toBe(expected);
    expect(Number(readFileSync(join(layer, 'diff.du'), 'utf8'))).toBe(treeSize(join(layer, 'diff')));
    expect(layerSize(state, 'nope')).toBe(0);
  });

  it('lets treeSize of a layer dir read the recorded figure, but never record one itself', () => {
    const { state, layer } = stateWithLayer();
    const walked = treeSize(layer);
    expect(existsSync(join(layer, 'diff.du'))).toBe(false);
    layerSize(state, 'l');
    const memo = treeSize(join(layer, 'diff.du'));
    writeFileSync(join(layer, 'diff', 'late'), Buffer.alloc(100_000, 1));
    expect(treeSize(layer)).toBe(walked + memo);
    // Below a layer, a dir named `layers` is walked like any other: nothing is written into diff/.
    mkdirSync(join(layer, 'diff', 'layers', 'x', 'diff'), { recursive: true });
    layerSize(state, 'l');
    treeSize(join(layer, 'diff', 'layers', 'x'));
    expect(existsSync(join(layer, 'diff', 'layers', 'x', 'diff.du'))).toBe(false);
  });

  it('is recorded by layer export, whose walk stats every path anyway', async () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-records-'));
    dirs.push(state);
    const layers = new DiskLayerStore(state);
    const active = await layers.create('x');
    mkdirSync(join(active.dir, 'a/b'), { recursive: true });
    writeFileSync(join(active.dir, 'a/b/f'), Buffer.alloc(20_000, 2));
    await active.commit();
    await layerBlob(new ContentStore(state), layers, 'x');
    expect(Number(readFileSync(join(state, 'layers', 'x', 'diff.du'), 'utf8'))).toBe(treeSize(layers.diffDir('x')));
  });
});
