import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPath, walkSelected } from '../../../src/engine/fs/walk.js';

function context(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-walk-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
  return dir;
}

const rels = async (dir: string, exclude: string[]): Promise<string[]> => (await walkSelected(dir, { exclude })).map((e) => e.rel);

describe('walkSelected with .dockerignore exceptions', () => {
  it('enters an excluded dir only when an exception starts with its path, and keeps that dir', async () => {
    const dir = context(['src/main.go', 'src/lib/l.go', 'pkg/a/p.go', 'docs/d.md', 'go.mod']);
    expect(await rels(dir, ['*', '!src', '!go.mod', '!pkg/**/*.go', 'src/lib'])).toEqual(['go.mod', 'pkg', 'src', 'src/main.go']);
  });

  it('does not re-include below a dir no exception names, even when a ** exception would match', async () => {
    const dir = context(['a/keep.md', 'a/other', 'b/keep.md']);
    expect(await rels(dir, ['a', '!**/keep.md'])).toEqual(['b', 'b/keep.md']);
  });

  it('re-includes a named file inside an excluded dir', async () => {
    const dir = context(['build/out/bin', 'build/out/keep.bin', 'build/log']);
    expect(await rels(dir, ['build/', '!build/out/keep.bin'])).toEqual(['build', 'build/out', 'build/out/keep.bin']);
  });
});

describe('entryPath', () => {
  it('puts a walk entry below a dir with one slash, with or without a trailing one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-walk-path-'));
    mkdirSync(join(root, 'a/b'), { recursive: true });
    writeFileSync(join(root, 'a/b/c.txt'), 'c');
    const entries = await walkSelected(root, {});
    for (const dir of ['/dest', '/dest/']) {
      expect(entries.map((e) => entryPath(dir, e.rel))).toEqual(['/dest/a', '/dest/a/b', '/dest/a/b/c.txt']);
    }
    expect(entries.map((e) => entryPath(root, e.rel))).toEqual(entries.map((e) => e.abs));
    expect(entryPath('/', 'x')).toBe('/x');
  });
});
