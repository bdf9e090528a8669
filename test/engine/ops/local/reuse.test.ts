import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { packTree } from '../../../../src/engine/layer/tar-tree.js';
import { LocalSourceRunner, hashLocalSource } from '../../../../src/engine/ops/local.js';
import { readContextNote } from '../../../../src/engine/ops/sidecar.js';
import { treeSize } from '../../../../src/engine/cache/records.js';
import type { LocalDir } from '../../../../src/engine/session.js';
import { CopyLayerStore, testContext, vertexOf } from '../fake-layers.js';

function makeContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
  for (let d = 0; d < 3; d++) {
    mkdirSync(join(dir, `d${d}`));
    for (let f = 0; f < 5; f++) writeFileSync(join(dir, `d${d}`, `f${f}`), `file ${d}/${f}\n`);
  }
  return dir;
}

/** Transfers `dir` as the solver does: content key first (fills the hash cache), then the run. */
async function transfer(layers: CopyLayerStore, state: string, local: LocalDir, id: string, reuse = true): Promise<string> {
  const source = { type: 'local' as const, name: 'context' };
  await hashLocalSource(local, source, state);
  const ctx = { ...testContext(layers, { localDir: () => local }, id), stateDir: state };
  const [snap] = await new LocalSourceRunner({ reuse }).run(vertexOf({ kind: 'source', source }), [], ctx);
  return layers.diffDir(snap!.layers[0]!);
}

const ino = (p: string): number => lstatSync(p).ino;
const tarOf = async (dir: string): Promise<Buffer> => buffer(packTree(dir, { layer: true }));

describe('incremental context transfer', () => {
  it('links unchanged files from the previous layer and copies the edited one', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    const first = await transfer(layers, state, local, 'one');
    writeFileSync(join(local.dir, 'd1/f2'), 'edited\n');
    const second = await transfer(layers, state, local, 'two');
    expect(ino(join(second, 'd0/f0'))).toBe(ino(join(first, 'd0/f0')));
    expect(lstatSync(join(second, 'd2/f4')).nlink).toBe(2);
    expect(ino(join(second, 'd1/f2'))).not.toBe(ino(join(first, 'd1/f2')));
    expect(readFileSync(join(second, 'd1/f2'), 'utf8')).toBe('edited\n');
    expect(readFileSync(join(first, 'd1/f2'), 'utf8')).toBe('file 1/2\n');
    // The same layer bytes as a transfer that copies everything.
    const copied = await transfer(layers, state, local, 'copied', false);
    expect(lstatSync(join(copied, 'd0/f0')).nlink).toBe(1);
    expect((await tarOf(second)).equals(await tarOf(copied))).toBe(true);
  });

  it('copies a file whose mode changed though its content did not', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    const first = await transfer(layers, state, local, 'one');
    chmodSync(join(local.dir, 'd0/f1'), 0o755);
    const second = await transfer(layers, state, local, 'two');
    expect(ino(join(second, 'd0/f1'))).not.toBe(ino(join(first, 'd0/f1')));
    expect(lstatSync(join(second, 'd0/f1')).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(first, 'd0/f1')).mode & 0o777).toBe(0o644);
    expect(ino(join(second, 'd0/f0'))).toBe(ino(join(first, 'd0/f0')));
  });

  it('copies everything when the previous layer was collected', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    const first = await transfer(layers, state, local, 'one');
    rmSync(join(first, '..'), { recursive: true });
    writeFileSync(join(local.dir, 'd1/f2'), 'edited\n');
    const second = await transfer(layers, state, local, 'two');
    expect(lstatSync(join(second, 'd0/f0')).nlink).toBe(1);
    expect(readFileSync(join(second, 'd0/f0'), 'utf8')).toBe('file 0/0\n');
  });

  it('never links a file whose digest the hash cache does not vouch for', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    const first = await transfer(layers, state, local, 'one');
    // Same size and restored mtime, new content: the stat identity (ctime) still changes.
    const st = lstatSync(join(local.dir, 'd2/f0'));
    writeFileSync(join(local.dir, 'd2/f0'), 'FILE 2/0\n');
    utimesSync(join(local.dir, 'd2/f0'), st.atime, st.mtime);
    const second = await transfer(layers, state, local, 'two');
    expect(ino(join(second, 'd2/f0'))).not.toBe(ino(join(first, 'd2/f0')));
    expect(readFileSync(join(second, 'd2/f0'), 'utf8')).toBe('FILE 2/0\n');
  });

  it('notes each file with its digest and its inode, linked or copied', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    await transfer(layers, state, local, 'one');
    writeFileSync(join(local.dir, 'd1/f2'), 'edited\n');
    const second = await transfer(layers, state, local, 'two');
    const note = readContextNote(layers, 'two')!;
    // Its disk usage is recorded, equal to a walk of the tree (cache accounting reads it).
    expect(Number(readFileSync(join(second, '..', 'diff.du'), 'utf8'))).toBe(treeSize(second));
    expect(note.records.size).toBe(15);
    for (const rel of ['d0/f0', 'd1/f2']) {
      const st = lstatSync(join(second, rel), { bigint: true });
      const digest = createHash('sha256').update(readFileSync(join(second, rel))).digest('hex');
      expect(note.file(rel)).toEqual({ digest, mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid), mtimeNs: st.mtimeNs, ino: st.ino, size: Number(st.size), blocks: Number(st.blocks) });
    }
  });

  it('links nothing from a layer whose note is of the earlier format', async () => {
    const layers = new CopyLayerStore();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const local = { dir: makeContext(), excludes: [] };
    const first = await transfer(layers, state, local, 'one');
    const digest = createHash('sha256').update('file 0/0\n').digest('hex');
    writeFileSync(join(first, '..', 'context.json'), JSON.stringify({ files: { 'd0/f0': digest } }));
    const second = await transfer(layers, state, local, 'two');
    expect(lstatSync(join(second, 'd0/f0')).nlink).toBe(1);
  });
});
