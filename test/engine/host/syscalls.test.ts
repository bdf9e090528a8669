import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnViaHelper, xattrsViaHelper } from '../../../src/engine/host/spawner.js';
import { markOpaque, opaqueAmong } from '../../../src/engine/layer/whiteout.js';
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

  it('mounts from the given cwd without moving the helper: later processes start where they did', async () => {
    const d = overlayDirs();
    await mountFs('overlay', 'overlay', join(d, 'mnt'), 'lowerdir=low\n2:low 1', d);
    await unmountFs(join(d, 'mnt'));
    const out: Buffer[] = [];
    await spawnViaHelper('/bin/pwd', [], (_s, data) => out.push(data)).done;
    expect(Buffer.concat(out).toString().trim()).toBe(process.cwd());
  });

  it('starts a process without the mounts it must not see, which stay mounted for everyone else', async () => {
    const d = overlayDirs();
    const mnt = join(d, 'mnt');
    await mountFs('overlay', 'overlay', mnt, 'lowerdir=low\n2:low 1', d);
    const seen = async (hideMounts: string[]): Promise<string> => {
      const out: Buffer[] = [];
      const r = await spawnViaHelper('/bin/ls', [mnt], (_s, data) => out.push(data), { hideMounts }).done;
      expect(r.exitCode).toBe(0);
      return Buffer.concat(out).toString();
    };
    expect(await seen([mnt])).toBe('');
    expect(await seen([])).toBe('a\nb\n');
    expect(mountsUnder(d)).toEqual([mnt]);
    expect(readdirSync(mnt).sort()).toEqual(['a', 'b']);
  });

  it('fails a process whose hidden mount does not exist instead of starting it', async () => {
    const d = overlayDirs();
    const err: Buffer[] = [];
    const r = await spawnViaHelper('/bin/true', [], (_s, data) => err.push(data), { hideMounts: [join(d, 'mnt')] }).done;
    expect(r.exitCode).toBe(126);
    expect(Buffer.concat(err).toString()).toContain(`umount ${join(d, 'mnt')}`);
  });

  it('reads an extended attribute of many paths in one request, none where it is missing', async () => {
    const d = overlayDirs();
    await markOpaque([join(d, 'low 1'), join(d, 'up')]);
    const paths = [join(d, 'low 1'), join(d, 'low\n2'), join(d, 'up'), join(d, 'missing')];
    const values = await xattrsViaHelper('trusted.overlay.opaque', paths);
    expect(values.map((v) => v?.toString())).toEqual(['y', undefined, 'y', undefined]);
    expect([...(await opaqueAmong(paths))].sort()).toEqual([join(d, 'low 1'), join(d, 'up')]);
  });
});
