// COPY by hard link on the real DiskLayerStore (overlay mounts): links happen where allowed, and
// the layer tar is byte-identical to the one a copying run gives.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { FileAction } from '../../../../src/engine/graph/op.js';
import { packTree } from '../../../../src/engine/layer/tar-tree.js';
import { FileOpRunner } from '../../../../src/engine/ops/file.js';
import { LocalSourceRunner, hashLocalSource } from '../../../../src/engine/ops/local.js';
import { DiskLayerStore } from '../../../../src/engine/snapshot/layer-store.js';
import type { Snapshot } from '../../../../src/engine/snapshot/types.js';
import { testContext, vertexOf } from '../fake-layers.js';

const canMount = process.getuid?.() === 0;

type Copy = Extract<FileAction, { kind: 'copy' }>;
const copy = (over: Partial<Copy> = {}): Copy => ({
  kind: 'copy', src: 1, srcPath: '/', destPath: '/ctx', followSymlink: true, dirCopyContents: true,
  attemptUnpackDockerCompatibility: false, createDestPath: true, allowWildcard: true, allowEmptyWildcard: true, ...over,
});

async function setup(): Promise<{ layers: DiskLayerStore; state: string; base: Snapshot; context: Snapshot; ctxLayer: string }> {
  const state = mkdtempSync(join(tmpdir(), 'bake-link-'));
  const layers = new DiskLayerStore(state);
  // An image-like base layer (not a local source): /etc with a file, /lnk -> /real.
  const b = await layers.create('base');
  mkdirSync(join(b.dir, 'etc'));
  writeFileSync(join(b.dir, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
  writeFileSync(join(b.dir, 'etc/group'), 'root:x:0:\napp:x:1000:\n');
  symlinkSync('/real', join(b.dir, 'lnk'));
  await b.commit();
  const dir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
  for (const d of ['a', 'b']) {
    mkdirSync(join(dir, d));
    for (let f = 0; f < 4; f++) writeFileSync(join(dir, d, `f${f}`), `${d}${f}\n`);
  }
  chmodSync(join(dir, 'a/f1'), 0o755);
  symlinkSync('../../../etc/passwd', join(dir, 'a/up'));
  const ctx = { ...testContext(layers, { localDir: () => ({ dir, excludes: [] }) }, 'context'), stateDir: state };
  // Keyed first, as the solver does: the digests make the layer's note, which COPY walks by.
  const source = { type: 'local' as const, name: 'context' };
  await hashLocalSource({ dir, excludes: [] }, source, state);
  const [context] = await new LocalSourceRunner().run(vertexOf({ kind: 'source', source }), [], ctx);
  return { layers, state, base: { layers: ['base'] }, context: context!, ctxLayer: layers.diffDir('context') };
}

async function fileOp(s: Awaited<ReturnType<typeof setup>>, id: string, actions: FileAction[], link = true, base = s.base): Promise<string> {
  const ctx = { ...testContext(s.layers, {}, id), stateDir: s.state };
  const [out] = await new FileOpRunner({ link }).run(vertexOf({ kind: 'file', file: { base: 0, actions } }, 2), [base, s.context], ctx);
  return s.layers.diffDir(out!.layers.at(-1)!);
}

const ino = (p: string): number => lstatSync(p).ino;
/** A layer's tar; `nowDirs` got the time of the copy (their children were written then) in both runs. */
async function tarOf(dir: string, nowDirs: string[]): Promise<Buffer> {
  for (const d of nowDirs) utimesSync(join(dir, d), 1, 1);
  return buffer(packTree(dir, { layer: true }));
}

async function layerWith(s: Awaited<ReturnType<typeof setup>>, id: string, fill: (dir: string) => void): Promise<void> {
  const l = await s.layers.create(id);
  fill(l.dir);
  await l.commit();
}

describe.skipIf(!canMount)('COPY by hard link', () => {
  it('links a fresh destination dir and gives the same layer tar as copying', async () => {
    const s = await setup();
    const linked = await fileOp(s, 'linked', [copy()]);
    const copied = await fileOp(s, 'copied', [copy()], false);
    expect(ino(join(linked, 'ctx/a/f0'))).toBe(ino(join(s.ctxLayer, 'a/f0')));
    expect(lstatSync(join(linked, 'ctx/a/f1')).nlink).toBe(2);
    expect(lstatSync(join(copied, 'ctx/a/f0')).nlink).toBe(1);
    expect(lstatSync(join(linked, 'ctx/a/up')).isSymbolicLink()).toBe(true);
    expect((await tarOf(linked, ['ctx'])).equals(await tarOf(copied, ['ctx']))).toBe(true);
    expect(readFileSync(join(s.state, 'layers/linked/linked-inodes'), 'utf8').split('\n')).toContain(String(ino(join(s.ctxLayer, 'b/f3'))));
  });

  it('copies what a link would change: chown, chmod, an inode already linked in this layer or the stack', async () => {
    const s = await setup();
    const chowned = await fileOp(s, 'chowned', [copy({ owner: { user: { name: 'app' } } })]);
    expect(lstatSync(join(chowned, 'ctx/a/f0')).nlink).toBe(1);
    expect(lstatSync(join(chowned, 'ctx/a/f0')).uid).toBe(1000);
    const chmodded = await fileOp(s, 'chmodded', [copy({ mode: 0o600 })]);
    expect(lstatSync(join(chmodded, 'ctx/a/f0')).nlink).toBe(1);
    const twice = await fileOp(s, 'twice', [copy(), copy({ destPath: '/ctx2' })]);
    expect(ino(join(twice, 'ctx/a/f0'))).toBe(ino(join(s.ctxLayer, 'a/f0')));
    expect(lstatSync(join(twice, 'ctx2/a/f0')).nlink).toBe(1);
    const twiceCopied = await fileOp(s, 'twice-copied', [copy(), copy({ destPath: '/ctx2' })], false);
    expect((await tarOf(twice, ['ctx', 'ctx2'])).equals(await tarOf(twiceCopied, ['ctx', 'ctx2']))).toBe(true);
    await fileOp(s, 'first', [copy()]);
    const second = await fileOp(s, 'second', [copy({ destPath: '/again' })], true, { layers: ['base', 'first'] });
    expect(lstatSync(join(second, 'again/a/f0')).nlink).toBe(1);
  });

  it('copies through the mount into an existing dir, and onto scratch', async () => {
    const s = await setup();
    const into = await fileOp(s, 'into', [copy({ destPath: '/etc' })]);
    expect(lstatSync(join(into, 'etc/a/f0')).nlink).toBe(1);
    expect(readdirSync(join(into, 'etc')).sort()).toEqual(['a', 'b']);
    const scratch = await fileOp(s, 'scratch', [copy()], true, { layers: [] });
    expect(lstatSync(join(scratch, 'ctx/a/f0')).nlink).toBe(1);
  });

  it('resolves the destination in the root and keeps later actions of the op consistent', async () => {
    const s = await setup();
    const rm: FileAction = { kind: 'rm', path: '/real/sub/a/f2', allowNotFound: false, allowWildcard: false };
    const mk: FileAction = { kind: 'mkfile', path: '/real/sub/b/new', data: 'n', mode: 0o644 };
    const out = await fileOp(s, 'through', [copy({ destPath: '/lnk/sub' }), rm, mk]);
    // /lnk -> /real inside the root: the copy lands in /real/sub of the layer, nowhere else.
    expect(ino(join(out, 'real/sub/a/f0'))).toBe(ino(join(s.ctxLayer, 'a/f0')));
    expect(readdirSync(join(out, 'real/sub/a')).sort()).toEqual(['f0', 'f1', 'f3', 'up']);
    expect(readFileSync(join(out, 'real/sub/b/new'), 'utf8')).toBe('n');
    expect(readdirSync(out).sort()).toEqual(['real']);
    expect(readFileSync(join(s.ctxLayer, 'a/f2'), 'utf8')).toBe('a2\n');
  });

  it('links into an existing dir only when it is empty in every layer and the copy comes first', async () => {
    const s = await setup();
    await layerWith(s, 'workdir', (d) => mkdirSync(join(d, 'app'), { mode: 0o750 }));
    await layerWith(s, 'busy', (d) => {
      mkdirSync(join(d, 'app'));
      writeFileSync(join(d, 'app/keep'), 'k');
    });
    const wd = { layers: ['base', 'workdir'] };
    const linked = await fileOp(s, 'wd-linked', [copy({ destPath: '/app' })], true, wd);
    const copied = await fileOp(s, 'wd-copied', [copy({ destPath: '/app' })], false, wd);
    expect(ino(join(linked, 'app/a/f0'))).toBe(ino(join(s.ctxLayer, 'a/f0')));
    expect(lstatSync(join(linked, 'app')).mode & 0o777).toBe(0o750);
    expect((await tarOf(linked, ['app'])).equals(await tarOf(copied, ['app']))).toBe(true);
    const busy = await fileOp(s, 'busy-out', [copy({ destPath: '/app' })], true, { layers: ['base', 'busy', 'workdir'] });
    expect(lstatSync(join(busy, 'app/a/f0')).nlink).toBe(1);
    const mk: FileAction = { kind: 'mkdir', path: '/other', mode: 0o755, makeParents: false };
    const second = await fileOp(s, 'second-action', [mk, copy({ destPath: '/app' })], true, wd);
    expect(lstatSync(join(second, 'app/a/f0')).nlink).toBe(1);
    // An empty source copies nothing, so it must not copy the dir up either.
    const none = await fileOp(s, 'none', [copy({ srcPath: '/a', destPath: '/app', includePatterns: ['nomatch'] })], true, wd);
    expect(readdirSync(none)).toEqual([]);
  });

  it('walks a context source by its note: its files are not lstat\'ed', async () => {
    const s = await setup();
    // Make the note lie about a/f0's mode: a copy (here for --chown) made from the note's stat shows it.
    const notePath = join(s.state, 'layers/context/context.json');
    const st = lstatSync(join(s.ctxLayer, 'a/f0'));
    const note = readFileSync(notePath, 'latin1');
    const at = note.indexOf('a/f0\0') + 'a/f0\0'.length;
    const fields = note.slice(at, note.indexOf('\0', at)).split(' ');
    expect(Number(fields[1])).toBe(st.mode);
    fields[1] = String((st.mode & ~0o777) | 0o600);
    writeFileSync(notePath, note.slice(0, at) + fields.join(' ') + note.slice(note.indexOf('\0', at)), 'latin1');
    const kept = await fileOp(s, 'by-note-kept', [copy({ owner: { user: { name: 'app' } } })]);
    expect(lstatSync(join(kept, 'ctx/a/f0')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(kept, 'ctx/a/f1')).mode & 0o777).toBe(0o755);
  });
});
