import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectedEntries } from '../../../../src/engine/ops/local/select.js';

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-sel-'));
  mkdirSync(join(dir, 'real/sub'), { recursive: true });
  writeFileSync(join(dir, 'real/sub/f'), 'f');
  writeFileSync(join(dir, 'other'), 'o');
  symlinkSync('real', join(dir, 'lnk-dir'));
  symlinkSync('/real/sub/f', join(dir, 'lnk-abs'));
  return dir;
}

describe('local source selection', () => {
  it('follows symlinks a wildcard include matches, so COPY l* finds their targets', async () => {
    const dir = context();
    const paths = (await selectedEntries({ dir, excludes: [] }, { type: 'local', name: 'context', include: ['l*'] })).map((e) => e.rel);
    expect(paths).toEqual(expect.arrayContaining(['lnk-abs', 'lnk-dir', 'real', 'real/sub', 'real/sub/f']));
    expect(paths).not.toContain('other');
  });

  it('follows literal includes as before', async () => {
    const dir = context();
    const paths = (await selectedEntries({ dir, excludes: [] }, { type: 'local', name: 'context', include: ['lnk-abs'] })).map((e) => e.rel);
    expect(paths).toEqual(expect.arrayContaining(['lnk-abs', 'real/sub/f']));
    expect(paths).not.toContain('other');
  });

  it('sends a symlink met in a parent of an include with its target, so COPY lnk-dir/sub/f finds it', async () => {
    const dir = context();
    const paths = (await selectedEntries({ dir, excludes: [] }, { type: 'local', name: 'context', include: ['lnk-dir/sub/f'] })).map((e) => e.rel);
    expect(paths).toEqual(expect.arrayContaining(['lnk-dir', 'real/sub/f']));
    expect(paths).not.toContain('other');
  });
});
