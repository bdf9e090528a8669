import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanInRoot, resolveInRoot } from '../../../src/engine/fs/resolve.js';

// A root inside a parent that holds a sentinel file: no resolution may ever reach it.
function makeRoot(): { root: string; sentinel: string } {
  const parent = mkdtempSync(join(tmpdir(), 'bake-resolve-'));
  const sentinel = join(parent, 'sentinel');
  writeFileSync(sentinel, 'secret');
  const root = join(parent, 'root');
  mkdirSync(join(root, 'real/dir'), { recursive: true });
  writeFileSync(join(root, 'real/dir/file'), 'inside');
  symlinkSync('/real/dir', join(root, 'abs'));
  symlinkSync('real/dir', join(root, 'rel'));
  symlinkSync('../../../../sentinel', join(root, 'up'));
  symlinkSync(sentinel, join(root, 'hostabs'));
  symlinkSync('/..', join(root, 'dotdotroot'));
  symlinkSync('chain2', join(root, 'chain1'));
  symlinkSync('/chain3/../../sentinel', join(root, 'chain2'));
  symlinkSync('loop', join(root, 'loop'));
  return { root, sentinel };
}

describe('resolveInRoot', () => {
  const { root } = makeRoot();
  const table: [string, string][] = [
    ['/real/dir/file', 'real/dir/file'],
    ['/abs/file', 'real/dir/file'],
    ['/rel/file', 'real/dir/file'],
    ['../../sentinel', 'sentinel'],
    ['/up', 'sentinel'],
    ['/hostabs', join(root, '..', 'sentinel').slice(1)],
    ['/dotdotroot/sentinel', 'sentinel'],
    ['/chain1', 'sentinel'],
    ['/abs/../../../sentinel', 'sentinel'],
    ['/missing/../x', 'x'],
  ];
  it.each(table)('%s stays inside the root (→ %s)', async (path, want) => {
    const got = await resolveInRoot(root, path);
    expect(got).toBe(join(root, want));
    expect(got.startsWith(root + '/')).toBe(true);
  });

  it('never reads the sentinel through any of them', async () => {
    for (const [path] of table) {
      const got = await resolveInRoot(root, path);
      let text = '';
      try {
        text = readFileSync(got, 'utf8');
      } catch {
        // missing inside the root is the expected outcome for escapes
      }
      expect(text).not.toBe('secret');
    }
  });

  it('keeps the last component when not following it', async () => {
    expect(await resolveInRoot(root, '/abs', false)).toBe(join(root, 'abs'));
  });

  it('fails on symlink loops', async () => {
    await expect(resolveInRoot(root, '/loop')).rejects.toThrow(/too many levels/);
  });

  it('cleans lexically', () => {
    expect(cleanInRoot('/a/../../b/./c')).toBe('/b/c');
  });
});
