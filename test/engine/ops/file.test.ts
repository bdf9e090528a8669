import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileAction } from '../../../src/engine/graph/op.js';
import { FileOpRunner } from '../../../src/engine/ops/file.js';
import { CopyLayerStore, testContext, vertexOf } from './fake-layers.js';

const isRoot = process.getuid?.() === 0;

function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-src-'));
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    if (p.endsWith('/')) mkdirSync(join(dir, p), { recursive: true });
    else writeFileSync(join(dir, p), data);
  }
  for (const [p, target] of Object.entries(links)) symlinkSync(target, join(dir, p));
  return dir;
}

function list(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true })
    .flatMap((d) => {
      const p = rel ? `${rel}/${d.name}` : d.name;
      return d.isDirectory() ? [p + '/', ...list(root, p)] : [p];
    })
    .sort();
}

type Copy = Extract<FileAction, { kind: 'copy' }>;
function copy(srcPath: string, destPath: string, extra: Partial<Copy> = {}): Copy {
  return {
    kind: 'copy', src: 1, srcPath, destPath, followSymlink: true, dirCopyContents: true,
    attemptUnpackDockerCompatibility: false, createDestPath: true, allowWildcard: true, allowEmptyWildcard: true, ...extra,
  };
}

/** Runs actions on `base` (a dir) with `src` as input 1; returns the resulting root dir. */
async function runFile(base: string, src: string, actions: FileAction[]): Promise<string> {
  const layers = new CopyLayerStore();
  const baseSnap = await layers.fromDir('base', base);
  const srcSnap = await layers.fromDir('src', src);
  const ctx = testContext(layers);
  const [out] = await new FileOpRunner().run(vertexOf({ kind: 'file', file: { base: 0, actions } }, 2), [baseSnap, srcSnap], ctx);
  return layers.diffDir(out!.layers.at(-1)!);
}

const SRC = { 'f': 'f', 'a.txt': 'a', 'b.txt': 'b', 'file1.c': '1', 'file10.c': '10', 'dir/inner': 'i', 'dir/sub/deeper': 'd', 'dir/skip.md': 'm' };
const BASE = { 'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n', 'etc/group': 'root:x:0:\nstaff:x:50:app\n', 'existing/': '' };

describe('FileOpRunner copy semantics', () => {
  const cases: [string, FileAction[], string[]][] = [
    ['file to a path', [copy('/f', '/x')], ['x']],
    ['file into trailing-slash dir', [copy('/f', '/y/')], ['y/', 'y/f']],
    ['file into existing dir', [copy('/f', '/existing')], ['existing/', 'existing/f']],
    ['dir contents, not the dir', [copy('/dir', '/d')], ['d/', 'd/inner', 'd/skip.md', 'd/sub/', 'd/sub/deeper']],
    ['wildcard', [copy('/*.txt', '/w/')], ['w/', 'w/a.txt', 'w/b.txt']],
    ['? matches one char', [copy('/file?.c', '/c/')], ['c/', 'c/file1.c']],
    ['empty wildcard allowed', [copy('/*.none', '/n/')], []],
    ['exclude patterns', [copy('/dir', '/e', { excludePatterns: ['*.md'] })], ['e/', 'e/inner', 'e/sub/', 'e/sub/deeper']],
    ['include patterns', [copy('/dir', '/i', { includePatterns: ['sub'] })], ['i/', 'i/sub/', 'i/sub/deeper']],
    ['parents without pivot', [copy('/dir/sub/deeper', '/p/', { parents: true })], ['p/', 'p/dir/', 'p/dir/sub/', 'p/dir/sub/deeper']],
    ['parents with pivot', [copy('/dir/./sub/deeper', '/p/', { parents: true })], ['p/', 'p/sub/', 'p/sub/deeper']],
  ];
  it.each(cases)('%s', async (_name, actions, want) => {
    const root = await runFile(tree(BASE), tree(SRC), actions);
    expect(list(root).filter((p) => !p.startsWith('etc') && p !== 'existing/')).toEqual(want.filter((p) => p !== 'existing/'));
  });

  it('fails on a missing source with BuildKit wording', async () => {
    await expect(runFile(tree(BASE), tree(SRC), [copy('/nope', '/x')])).rejects.toThrow('failed to compute cache key: "/nope" not found');
    await expect(runFile(tree(BASE), tree(SRC), [copy('/*.none', '/x', { allowEmptyWildcard: false })])).rejects.toThrow(/not found/);
  });

  it('takes a source with a backslash but no wildcard as a plain name that must exist', async () => {
    await expect(runFile(tree(BASE), tree(SRC), [copy('/back\\slash', '/x/')])).rejects.toThrow(/not found/);
  });

  it('fails on a dangling symlink source', async () => {
    await expect(runFile(tree(BASE), tree(SRC, { dangling: '/nowhere' }), [copy('/dangling', '/x')])).rejects.toThrow(/not found/);
  });

  it('follows the source symlink itself but copies inner links as links', async () => {
    const src = tree({ 'real/dir/file': 'target', 'real/dir/rel': '' }, { abs: '/real/dir', 'real/dir/inner-link': 'file' });
    const root = await runFile(tree(BASE), src, [copy('/abs', '/copied'), copy('/abs', '/nofollow', { followSymlink: false })]);
    expect(readFileSync(join(root, 'copied/file'), 'utf8')).toBe('target');
    expect(readlinkSync(join(root, 'copied/inner-link'))).toBe('file');
    expect(readlinkSync(join(root, 'nofollow'))).toBe('/real/dir');
  });

  it('writes through destination symlinks inside the root', async () => {
    const base = tree({ ...BASE, 'real/dir/': '' }, { linkdir: '/real/dir' });
    const root = await runFile(base, tree(SRC), [copy('/f', '/linkdir/')]);
    expect(readFileSync(join(root, 'real/dir/f'), 'utf8')).toBe('f');
  });

  it('matches Go character classes: only ^ negates, ! is a member', async () => {
    const src = tree({ 'a.c': 'a', 'b.c': 'b', 'c.c': 'c' });
    const root = await runFile(tree(BASE), src, [copy('/[!ab].c', '/bang/'), copy('/[^ab].c', '/neg/')]);
    expect(list(root).filter((p) => /^(bang|neg)\//.test(p))).toEqual(['bang/', 'bang/a.c', 'bang/b.c', 'neg/', 'neg/c.c']);
  });

  it('writes through a symlink named as a file destination, dangling or not', async () => {
    const base = tree({ ...BASE, 'real/': '', 'tmp/old': 'old' }, { filelink: '/real/file', dangl: '/missing/deep/x', dirlink: '/tmp' });
    const root = await runFile(base, tree(SRC), [copy('/f', '/filelink'), copy('/f', '/dangl'), copy('/f', '/dirlink'), copy('/a.txt', '/dirlink/')]);
    expect(readlinkSync(join(root, 'filelink'))).toBe('/real/file');
    expect(readFileSync(join(root, 'real/file'), 'utf8')).toBe('f');
    expect(readlinkSync(join(root, 'dangl'))).toBe('/missing/deep/x');
    expect(readFileSync(join(root, 'missing/deep/x'), 'utf8')).toBe('f');
    expect(readFileSync(join(root, 'tmp/f'), 'utf8')).toBe('f');
    expect(readFileSync(join(root, 'tmp/a.txt'), 'utf8')).toBe('a');
  });

  it('fails like BuildKit when a copied node and an existing one differ in kind', async () => {
    const base = tree({ ...BASE, 'd/f/inner': 'x', 'real/': '' }, { lnk: '/real' });
    await expect(runFile(base, tree(SRC), [copy('/f', '/d/')])).rejects.toThrow(/cannot replace to directory .*\/d\/f with file/);
    const src = tree({ 'tree/lnk/f': 'x' });
    await expect(runFile(base, src, [copy('/tree', '/')])).rejects.toThrow(/cannot copy to non-directory: .*\/lnk/);
    const root = await runFile(base, src, [copy('/tree', '/', { alwaysReplaceExistingDestPaths: true })]);
    expect(lstatSync(join(root, 'lnk')).isDirectory()).toBe(true);
  });

  it('replaces a symlink below a trailing-slash destination instead of following it', async () => {
    const base = tree({ ...BASE, 'd/': '', 'elsewhere/': '' }, { 'd/f': '/elsewhere/f' });
    const root = await runFile(base, tree(SRC), [copy('/f', '/d/')]);
    expect(lstatSync(join(root, 'd/f')).isFile()).toBe(true);
    expect(existsSync(join(root, 'elsewhere/f'))).toBe(false);
  });

  it('creates a missing dir-contents destination 0755, not with the source dir mode or --chmod', async () => {
    const src = tree(SRC);
    chmodSync(join(src, 'dir'), 0o700);
    chmodSync(join(src, 'dir/sub'), 0o750);
    const root = await runFile(tree(BASE), src, [copy('/dir', '/plain'), copy('/dir', '/chm', { mode: 0o700 }), copy('/dir', '/existing')]);
    const mode = (p: string): number => lstatSync(join(root, p)).mode & 0o7777;
    expect([mode('plain'), mode('plain/sub'), mode('chm'), mode('chm/sub'), mode('chm/inner')]).toEqual([0o755, 0o750, 0o755, 0o700, 0o700]);
  });

  it.skipIf(!isRoot)('owns a created dir-contents destination like its parents, not like the source dir', async () => {
    const src = tree(SRC);
    execFileSync('chown', ['4:4', join(src, 'dir')]);
    const root = await runFile(tree(BASE), src, [copy('/dir', '/a/b'), copy('/dir', '/c', { owner: { user: { id: 6 }, group: { id: 7 } } })]);
    const owner = (p: string): string => `${lstatSync(join(root, p)).uid}:${lstatSync(join(root, p)).gid}`;
    expect([owner('a'), owner('a/b'), owner('c'), owner('c/inner')]).toEqual(['0:0', '0:0', '6:7', '6:7']);
  });

  it('applies an octal chmod to the permission bits only, keeping the source setuid bit', async () => {
    const src = tree(SRC);
    chmodSync(join(src, 'f'), 0o4750);
    const root = await runFile(tree(BASE), src, [copy('/f', '/kept', { mode: 0o700 }), copy('/a.txt', '/dropped', { mode: '4755' })]);
    expect(statSync(join(root, 'kept')).mode & 0o7777).toBe(0o4700);
    expect(statSync(join(root, 'dropped')).mode & 0o7777).toBe(0o755);
  });

  it('keeps mode bits, applies octal and symbolic chmod', async () => {
    const src = tree(SRC);
    chmodSync(join(src, 'f'), 0o750);
    const root = await runFile(tree(BASE), src, [copy('/f', '/keep'), copy('/f', '/oct', { mode: 0o600 }), copy('/a.txt', '/sym', { mode: 'u+x,g=r,o-rwx' }), copy('/dir', '/X', { mode: 'a+X' })]);
    expect(statSync(join(root, 'keep')).mode & 0o7777).toBe(0o750);
    expect(statSync(join(root, 'oct')).mode & 0o7777).toBe(0o600);
    expect(statSync(join(root, 'sym')).mode & 0o7777).toBe(0o740);
    expect(statSync(join(root, 'X/sub')).mode & 0o111).toBe(0o111);
    expect(statSync(join(root, 'X/inner')).mode & 0o111).toBe(0);
  });

  it.skipIf(!isRoot)('chowns by uid, by name (destination passwd/group) and owns created parents', async () => {
    const root = await runFile(tree(BASE), tree(SRC), [
      copy('/f', '/owned/f', { owner: { user: { id: 1000 }, group: { id: 1000 } } }),
      copy('/f', '/uidonly', { owner: { user: { id: 123 } } }),
      copy('/f', '/byname', { owner: { user: { name: 'app' } } }),
      copy('/f', '/bygroup', { owner: { user: { name: 'app' }, group: { name: 'staff' } } }),
      copy('/dir', '/np/sub/dir/', { owner: { user: { id: 42 }, group: { id: 43 } } }),
      copy('/f', '/existing/', { owner: { user: { id: 9 }, group: { id: 9 } } }),
    ]);
    const owner = (p: string): string => `${lstatSync(join(root, p)).uid}:${lstatSync(join(root, p)).gid}`;
    expect([owner('owned'), owner('owned/f'), owner('uidonly'), owner('byname'), owner('bygroup')]).toEqual(['1000:1000', '1000:1000', '123:123', '1000:1001', '1000:50']);
    expect([owner('np'), owner('np/sub/dir'), owner('np/sub/dir/sub/deeper'), owner('existing'), owner('existing/f')]).toEqual(['42:43', '42:43', '42:43', '0:0', '9:9']);
  });

  it.skipIf(!isRoot)('gives unknown chown names uid 0 and the gid of the user, as BuildKit does', async () => {
    const root = await runFile(tree(BASE), tree(SRC), [
      copy('/f', '/ghost', { owner: { user: { name: 'ghost' } } }),
      copy('/f', '/nogroup', { owner: { user: { name: 'app' }, group: { name: 'ghosts' } } }),
      copy('/f', '/uidnogroup', { owner: { user: { id: 5 }, group: { name: 'ghosts' } } }),
    ]);
    const owner = (p: string): string => `${lstatSync(join(root, p)).uid}:${lstatSync(join(root, p)).gid}`;
    expect([owner('ghost'), owner('nogroup'), owner('uidnogroup')]).toEqual(['0:0', '1000:1001', '5:5']);
    const bare = await runFile(tree({}), tree(SRC), [copy('/f', '/x', { owner: { user: { name: 'app' }, group: { name: 'staff' } } })]);
    expect(`${lstatSync(join(bare, 'x')).uid}:${lstatSync(join(bare, 'x')).gid}`).toBe('0:0');
  });

  it('unpacks local tar archives only when asked and only real archives', async () => {
    const src = tree({ 'pkg/bin/tool': 'tool', 'notatar.tar': 'plain text' });
    execFileSync('tar', ['-czf', join(src, 'archive.tgz'), '-C', src, 'pkg']);
    const root = await runFile(tree(BASE), src, [
      copy('/archive.tgz', '/unpacked', { attemptUnpackDockerCompatibility: true }),
      copy('/archive.tgz', '/copied/'),
      copy('/notatar.tar', '/nottar/', { attemptUnpackDockerCompatibility: true }),
    ]);
    expect(readFileSync(join(root, 'unpacked/pkg/bin/tool'), 'utf8')).toBe('tool');
    expect(existsSync(join(root, 'copied/archive.tgz'))).toBe(true);
    expect(readFileSync(join(root, 'nottar/notatar.tar'), 'utf8')).toBe('plain text');
  });
});

describe('FileOpRunner mkdir, mkfile, rm', () => {
  it('creates dirs with parents, files with mode, removes with wildcards', async () => {
    const root = await runFile(tree({}), tree({}), [
      { kind: 'mkdir', path: '/a/b/c', mode: 0o750, makeParents: true },
      { kind: 'mkfile', path: '/a/file', data: 'hello', mode: 0o640 },
      { kind: 'mkfile', path: '/a/x.tmp', data: '', mode: 0o644 },
      { kind: 'mkfile', path: '/a/y.tmp', data: '', mode: 0o644 },
      { kind: 'rm', path: '/a/*.tmp', allowNotFound: false, allowWildcard: true },
      { kind: 'rm', path: '/missing', allowNotFound: true, allowWildcard: false },
    ]);
    expect(list(root)).toEqual(['a/', 'a/b/', 'a/b/c/', 'a/file']);
    expect(statSync(join(root, 'a/b/c')).mode & 0o7777).toBe(0o750);
    expect(statSync(join(root, 'a/b')).mode & 0o7777).toBe(0o755);
    expect(statSync(join(root, 'a/file')).mode & 0o7777).toBe(0o640);
  });

  it('fails on mkdir without parents and rm of a missing path', async () => {
    await expect(runFile(tree({}), tree({}), [{ kind: 'mkdir', path: '/a/b', mode: 0o755, makeParents: false }])).rejects.toThrow(/no such file/);
    await expect(runFile(tree({}), tree({}), [{ kind: 'rm', path: '/x', allowNotFound: false, allowWildcard: false }])).rejects.toThrow(/no such file/);
  });
});

describe('FileOpRunner never escapes its roots', () => {
  // A sentinel beside the roots: no action may read it or write next to it.
  it.each([
    ['copy through an absolute source link', copy('/escape/sentinel', '/got')],
    ['copy through a ../ source link', copy('/up/sentinel', '/got')],
    ['copy with .. in the source', copy('/../../../sentinel', '/got')],
  ])('%s', async (_name, action) => {
    const parent = mkdtempSync(join(tmpdir(), 'bake-escape-'));
    writeFileSync(join(parent, 'sentinel'), 'secret');
    const src = tree({}, { escape: parent, up: '../../../../..' + parent });
    const root = await runFile(tree(BASE), src, [action]).catch(() => undefined);
    if (root && existsSync(join(root, 'got'))) expect(readFileSync(join(root, 'got'), 'utf8')).not.toBe('secret');
  });

  it('does not write outside the destination through symlinks', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'bake-outside-'));
    const base = tree(BASE, { out: outside, outrel: '../../../../../..' + outside });
    const actions: FileAction[] = [
      copy('/f', '/out/'),
      copy('/f', '/outrel/'),
      copy('/dir', '/out'),
      { kind: 'mkfile', path: '/out/m', data: 'x', mode: 0o644 },
      { kind: 'mkdir', path: '/outrel/d', mode: 0o755, makeParents: true },
      { kind: 'rm', path: '/out/../../..' + outside, allowNotFound: true, allowWildcard: false },
    ];
    writeFileSync(join(outside, 'keep'), 'k');
    for (const a of actions) await runFile(base, tree(SRC), [a]).catch(() => undefined);
    expect(readdirSync(outside)).toEqual(['keep']);
  });
});
