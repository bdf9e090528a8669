import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandWildcard, hasWildcard, resolveWildcards } from '../../../../src/engine/ops/file/glob.js';

// /d1/{a,sub/c}, /d2/a, a symlinked dir /ldir -> d1 and a file /f.
const root = mkdtempSync(join(tmpdir(), 'bake-glob-'));
mkdirSync(join(root, 'd1/sub'), { recursive: true });
mkdirSync(join(root, 'd2'));
for (const f of ['d1/a', 'd1/sub/c', 'd2/a', 'f']) writeFileSync(join(root, f), f);
symlinkSync('d1', join(root, 'ldir'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveWildcards (COPY and rm sources)', () => {
  it.each([
    ['/*/a', ['/d1/a', '/d2/a']],
    ['/[dl]*/a', ['/d1/a', '/d2/a']],
    ['/l*', ['/ldir']],
    ['/ldir/s*', ['/d1/sub']],
    ['/ldir/*/c', ['/d1/sub/c']],
    ['/d*', ['/d1', '/d2']],
    ['/f/*', []],
    ['/d1/[', []],
  ])('%s matches %j', async (pattern, want) => {
    await expect(resolveWildcards(root, pattern)).resolves.toEqual(want);
  });

  it('fails when the part before the first wildcard does not exist', async () => {
    await expect(resolveWildcards(root, '/nodir/*')).rejects.toThrow('lstat /nodir: no such file or directory');
  });

  it('differs from the follow-path expansion, which goes through linked dirs', async () => {
    await expect(expandWildcard(root, '/l*/a')).resolves.toEqual(['/ldir/a']);
    await expect(resolveWildcards(root, '/l*/a')).resolves.toEqual([]);
  });

  it('takes a backslash as an escape, not a wildcard, as fsutil does', () => {
    expect([hasWildcard('/back\\slash'), hasWildcard('/a\\*'), hasWildcard('/a\\**'), hasWildcard('/d[12]')]).toEqual([false, false, true, true]);
  });
});
