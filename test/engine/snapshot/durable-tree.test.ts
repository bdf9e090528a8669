import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SMALL_TREE, makeTreeDurable, smallTree } from '../../../src/engine/snapshot/durable-tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: number): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-durable-'));
  dirs.push(d);
  mkdirSync(join(d, 'diff/sub'), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(d, 'diff/sub', `f${i}`), String(i));
  symlinkSync('sub/f0', join(d, 'diff/link'));
  writeFileSync(join(d, 'context.json'), '{}');
  return d;
}

describe('durable layer trees', () => {
  it('lists the dirs and regular files of a small tree, root included, not its symlinks', () => {
    const d = tree(2);
    expect(smallTree(d)?.sort()).toEqual([d, join(d, 'context.json'), join(d, 'diff'), join(d, 'diff/sub'), join(d, 'diff/sub/f0'), join(d, 'diff/sub/f1')]);
  });

  it('gives up on a tree over the limit', () => {
    expect(smallTree(tree(SMALL_TREE))).toBeUndefined();
  });

  it('fsyncs a small tree itself and leaves a big one to one filesystem sync', async () => {
    let syncs = 0;
    const syncFilesystem = async (): Promise<void> => {
      syncs++;
    };
    await makeTreeDurable(tree(3), syncFilesystem);
    expect(syncs).toBe(0);
    await makeTreeDurable(tree(SMALL_TREE + 1), syncFilesystem);
    expect(syncs).toBe(1);
  });
});
