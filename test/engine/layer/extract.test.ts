import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTar } from '../../../src/engine/layer/extract.js';
import { readOpaqueDirs } from '../../../src/engine/layer/whiteout.js';

const isRoot = process.getuid?.() === 0;
type Spec = Partial<Header> & { name: string; data?: string };

async function makeTar(entries: Spec[]): Promise<Buffer> {
  const p = pack();
  for (const { data, ...h } of entries) {
    await new Promise<void>((res, rej) => p.entry({ mode: 0o644, mtime: new Date(1_600_000_000_000), ...h }, data ?? '', (e) => (e ? rej(e) : res())));
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let parent: string;
let dest: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'bake-x-'));
  dest = join(parent, 'dest');
  mkdirSync(dest);
  writeFileSync(join(parent, 'sentinel'), 'safe');
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

const hostile: [string, () => Spec[]][] = [
  ['a ../ path', () => [{ name: '../sentinel', data: 'pwned' }]],
  ['a path climbing after a dir', () => [{ name: 'a/../../sentinel', data: 'pwned' }]],
  ['an absolute path (lands inside dest)', () => [{ name: join(parent, 'sentinel'), data: 'pwned' }]],
  ['a write through a relative symlink', () => [{ name: 'l', type: 'symlink', linkname: '..' }, { name: 'l/sentinel', data: 'pwned' }]],
  ['a write through an absolute symlink', () => [{ name: 'l', type: 'symlink', linkname: parent }, { name: 'l/sentinel', data: 'pwned' }]],
  ['a symlink deep in the path', () => [{ name: 'a/b', type: 'symlink', linkname: '../..' }, { name: 'a/b/sentinel', data: 'pwned' }]],
  ['a file replacing a planted symlink', () => [{ name: 's', type: 'symlink', linkname: '../sentinel' }, { name: 's', data: 'pwned' }]],
  ['a hard link out of dest', () => [{ name: 'h', type: 'link', linkname: '../sentinel' }, { name: 'h', data: 'pwned' }]],
  ['a hard link through a symlink', () => [{ name: 'l', type: 'symlink', linkname: parent }, { name: 'h', type: 'link', linkname: 'l/sentinel' }, { name: 'h', data: 'pwned' }]],
  ['a whiteout climbing out', () => [{ name: '.wh...', data: '' }, { name: 'x/.wh...', data: '' }]],
  ['a whiteout through a symlink', () => [{ name: 'l', type: 'symlink', linkname: parent }, { name: 'l/.wh.sentinel', data: '' }]],
  ['a directory through a symlink', () => [{ name: 'l', type: 'symlink', linkname: parent }, { name: 'l/newdir', type: 'directory', mode: 0o755 }]],
];

describe('extractTar on hostile archives', () => {
  for (const format of ['apply', 'overlay'] as const) {
    it.each(hostile)(`${format}: %s never touches anything outside dest`, async (_name, entries) => {
      await extractTar(Readable.from([await makeTar(entries())]), dest, { format });
      expect(readFileSync(join(parent, 'sentinel'), 'utf8')).toBe('safe');
      expect(readdirSync(parent).sort()).toEqual(['dest', 'sentinel']);
    });
  }
});

describe('extractTar', () => {
  it.skipIf(!isRoot)('makes device nodes with their numbers, mode and owner, as Docker and containerd do', async () => {
    const tar = await makeTar([
      { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666, uid: 0, gid: 0 },
      { name: 'dev/loop0', type: 'block-device', devmajor: 7, devminor: 0, mode: 0o660, uid: 0, gid: 6 },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    const chr = lstatSync(join(dest, 'dev/null'));
    expect(chr.isCharacterDevice()).toBe(true);
    expect([chr.rdev >> 8, chr.rdev & 0xff, chr.mode & 0o7777]).toEqual([1, 3, 0o666]);
    const blk = lstatSync(join(dest, 'dev/loop0'));
    expect(blk.isBlockDevice()).toBe(true);
    expect([blk.rdev >> 8, blk.rdev & 0xff, blk.mode & 0o7777, blk.gid]).toEqual([7, 0, 0o660, 6]);
  });

  it('keeps modes, owners, mtimes, symlinks and hard links', async () => {
    const tar = await makeTar([
      { name: 'bin/', type: 'directory', mode: 0o750, mtime: new Date(1_000_000_000) },
      { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o4755, uid: 1000, gid: 1001 },
      { name: 'bin/alias', type: 'symlink', linkname: 'tool' },
      { name: 'bin/copy', type: 'link', linkname: 'bin/tool', mode: 0o4755, uid: 1000, gid: 1001 },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    const tool = statSync(join(dest, 'bin/tool'));
    expect(tool.mode & 0o7777).toBe(0o4755);
    if (isRoot) expect([tool.uid, tool.gid]).toEqual([1000, 1001]);
    expect(tool.mtimeMs).toBe(1_600_000_000_000);
    expect(tool.nlink).toBe(2);
    expect(readlinkSync(join(dest, 'bin/alias'))).toBe('tool');
    expect(statSync(join(dest, 'bin')).mode & 0o777).toBe(0o750);
    expect(statSync(join(dest, 'bin')).mtimeMs).toBe(1_000_000_000);
  });

  it("applies a hard link entry's own header to the inode it shares", async () => {
    const tar = await makeTar([
      { name: 'data', data: 'x', mode: 0o640, uid: 1000, gid: 2000 },
      { name: 'again', type: 'link', linkname: 'data', mode: 0o600, uid: 7, gid: 8 },
      { name: 'sym', type: 'symlink', linkname: 'data' },
      { name: 'tosym', type: 'link', linkname: 'sym', mode: 0o777 },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    const st = statSync(join(dest, 'data'));
    expect(st.mode & 0o7777).toBe(0o600);
    if (isRoot) expect([st.uid, st.gid]).toEqual([7, 8]);
    expect(st.nlink).toBe(2);
    // A link to a symlink must not chmod what the symlink points to.
    expect(lstatSync(join(dest, 'tosym')).isSymbolicLink()).toBe(true);
    expect(statSync(join(dest, 'data')).mode & 0o7777).toBe(0o600);
  });

  it('apply: entries below a symlink land at its target, resolved inside dest', async () => {
    mkdirSync(join(dest, 'usr/lib'), { recursive: true });
    symlinkSync('usr/lib', join(dest, 'lib'));
    symlinkSync('/usr', join(dest, 'abs'));
    const tar = await makeTar([{ name: 'lib/x', data: 'x' }, { name: 'abs/new/y', data: 'y' }]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    expect(readFileSync(join(dest, 'usr/lib/x'), 'utf8')).toBe('x');
    expect(readFileSync(join(dest, 'usr/new/y'), 'utf8')).toBe('y');
    expect(lstatSync(join(dest, 'lib')).isSymbolicLink()).toBe(true);
  });

  it('a name climbing with .. stays at the root of dest (Docker untars chrooted); fifos are made', async () => {
    const tar = await makeTar([
      { name: '../up', data: 'u' },
      { name: 'a/../../b/c', data: 'c' },
      { name: 'd/p', type: 'fifo', mode: 0o640, uid: 3, gid: 4 },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    expect(readFileSync(join(dest, 'up'), 'utf8')).toBe('u');
    expect(readFileSync(join(dest, 'b/c'), 'utf8')).toBe('c');
    const fifo = lstatSync(join(dest, 'd/p'));
    expect([fifo.isFIFO(), fifo.mode & 0o7777]).toEqual([true, 0o640]);
    if (isRoot) expect([fifo.uid, fifo.gid]).toEqual([3, 4]);
  });

  it('overlay: entries below a symlink are still skipped', async () => {
    symlinkSync('elsewhere', join(dest, 'lib'));
    await extractTar(Readable.from([await makeTar([{ name: 'lib/x', data: 'x' }])]), dest, { format: 'overlay' });
    expect(readdirSync(dest)).toEqual(['lib']);
  });

  it('detects gzip, bzip2 and xz by their magic bytes', async () => {
    const tar = await makeTar([{ name: 'f', data: 'x' }]);
    const compressed = {
      gzip: gzipSync(tar),
      bzip2: execFileSync('bzip2', ['-c'], { input: tar }),
      xz: execFileSync('xz', ['-c'], { input: tar }),
    };
    for (const [kind, data] of Object.entries(compressed)) {
      const d = join(parent, kind);
      mkdirSync(d);
      await extractTar(Readable.from([data]), d, { format: 'apply' });
      expect(readFileSync(join(d, 'f'), 'utf8')).toBe('x');
    }
  });

  it('apply: whiteout names are plain files, as in an ADD of a local archive', async () => {
    writeFileSync(join(dest, 'old'), 'o');
    const tar = await makeTar([
      { name: 'keep/new', data: 'n' },
      { name: 'keep/.wh..wh..opq', data: '' },
      { name: '.wh.old', data: '' },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'apply' });
    expect(readdirSync(dest).sort()).toEqual(['.wh.old', 'keep', 'old']);
    expect(readdirSync(join(dest, 'keep')).sort()).toEqual(['.wh..wh..opq', 'new']);
  });

  it.skipIf(!isRoot)('overlay: whiteouts become 0/0 character devices and opaque dirs get the xattr', async () => {
    const tar = await makeTar([
      { name: 'etc/', type: 'directory', mode: 0o755 },
      { name: 'etc/.wh..wh..opq', data: '' },
      { name: 'etc/hosts', data: 'h' },
      { name: '.wh.gone', data: '' },
    ]);
    await extractTar(Readable.from([tar]), dest, { format: 'overlay' });
    const gone = lstatSync(join(dest, 'gone'));
    expect(gone.isCharacterDevice() && gone.rdev === 0).toBe(true);
    expect([...(await readOpaqueDirs(dest))]).toEqual([join(dest, 'etc')]);
    expect(readFileSync(join(dest, 'etc/hosts'), 'utf8')).toBe('h');
  });

  it('hashes the whole uncompressed stream, trailing padding included (GNU tar pads to 10 KiB)', async () => {
    writeFileSync(join(parent, 'f'), 'data');
    const tar = execFileSync('tar', ['-cf', '-', '-C', parent, 'f']);
    expect(tar.length).toBe(10240);
    const digest = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    await extractTar(Readable.from([gzipSync(tar)]), dest, { format: 'overlay', verifyDigest: digest });
    expect(readFileSync(join(dest, 'f'), 'utf8')).toBe('data');
  });

  it('checks the uncompressed digest when asked', async () => {
    const tar = await makeTar([{ name: 'f', data: 'x' }]);
    await expect(extractTar(Readable.from([tar]), dest, { format: 'apply', verifyDigest: `sha256:${'0'.repeat(64)}` })).rejects.toThrow(/diffID/);
  });
});
