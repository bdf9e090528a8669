import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountFs, syncFs, unmountFs } from '../../../src/engine/host/syscalls.js';
import type { SyscallError } from '../../../src/engine/host/syscalls.js';
import { mountsUnder, unmountAll } from '../../helpers/mounts.js';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    unmountAll(d);
    rmSync(d, { recursive: true, force: true });
  }
});

/** A dir with a space in its name, holding two lower layers (one named with a newline) and an upper. */
function overlayDirs(): string {
  const d = mkdtempSync(join(tmpdir(), 'bake sys call-'));
  dirs.push(d);
  for (const sub of ['low 1', 'low\n2', 'up', 'work', 'mnt']) mkdirSync(join(d, sub));
  writeFileSync(join(d, 'low 1', 'a'), 'top');
  writeFileSync(join(d, 'low\n2', 'a'), 'bottom');
  writeFileSync(join(d, 'low\n2', 'b'), 'b');
  return d;
}

describe.skipIf(!isRoot)('host syscalls', () => {
  it('mounts an overlay with lower dirs relative to cwd, writes go to the upper, and unmounts', async () => {
    const d = overlayDirs();
    const mnt = join(d, 'mnt');
    await mountFs('overlay', 'overlay', mnt, 'lowerdir=low 1:low\n2,upperdir=up,workdir=work', d);
    expect(mountsUnder(d)).toEqual([mnt]);
    expect(readdirSync(mnt).sort()).toEqual(['a', 'b']);
    expect(readFileSync(join(mnt, 'a'), 'utf8')).toBe('top');
    writeFileSync(join(mnt, 'c'), 'new');
    await syncFs(mnt);
    await unmountFs(mnt);
    expect(mountsUnder(d)).toEqual([]);
    expect(readFileSync(join(d, 'up', 'c'), 'utf8')).toBe('new');
  });

  it('reports the errno of a failed call by name', async () => {
    const d = overlayDirs();
    const err = (await mountFs('overlay', 'overlay', join(d, 'missing'), 'lowerdir=low\n2:low 1', d).catch((e: unknown) => e)) as SyscallError;
    expect(err.code).toBe('ENOENT');
    expect(err.message).toContain('missing');
    await expect(unmountFs(join(d, 'mnt'))).rejects.toMatchObject({ code: 'EINVAL' });
  });

  it('detaches a busy mount only when lazy', async () => {
    const d = overlayDirs();
    const mnt = join(d, 'mnt');
    await mountFs('overlay', 'overlay', mnt, 'lowerdir=low\n2:low 1', d);
    const fd = openSync(join(mnt, 'b'), 'r');
    try {
      await expect(unmountFs(mnt)).rejects.toMatchObject({ code: 'EBUSY' });
      await unmountFs(mnt, true);
      expect(mountsUnder(d)).toEqual([]);
    } finally {
      closeSync(fd);
    }
  });

  it('syncs the filesystem of an existing path and fails on a missing one', async () => {
    const d = overlayDirs();
    await syncFs(d);
    await expect(syncFs(join(d, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('answers many concurrent calls each with its own result', async () => {
    const d = overlayDirs();
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => syncFs(i % 3 === 0 ? join(d, `nope${i}`) : d)));
    results.forEach((r, i) => expect(r.status).toBe(i % 3 === 0 ? 'rejected' : 'fulfilled'));
  });
});
