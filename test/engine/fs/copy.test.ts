import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, futimesSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyEntries, copyNode, fromBigInt, type CopyEntry } from '../../../src/engine/fs/copy.js';
import { copiedInode, copyKeepsMeta, copyWouldMatch, settableNs } from '../../../src/engine/fs/copy-file.js';

const isRoot = process.getuid?.() === 0;

function setMtimeMs(path: string, ms: number): void {
  const fd = openSync(path, 'r');
  futimesSync(fd, new Date(ms), new Date(ms));
  closeSync(fd);
}

function entry(src: string, dest: string): CopyEntry {
  return { src, dest, stat: fromBigInt(lstatSync(src, { bigint: true })) };
}

describe('settableNs', () => {
  it('predicts the mtime the kernel stores for a Date', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'bake-copy-')), 'f');
    writeFileSync(f, 'x');
    for (let i = 0; i < 2000; i++) {
      const ms = 1_600_000_000_000 + Math.floor(Math.random() * 1e11);
      setMtimeMs(f, ms);
      expect(lstatSync(f, { bigint: true }).mtimeNs).toBe(settableNs(ms));
    }
  });

  it('follows libuv: whole microseconds before 1.52, every nanosecond of the double since', () => {
    // 1685640536.985 as a double is 1685640536.98499989...: libuv truncates, it does not round.
    expect(settableNs(1_685_640_536_985, true)).toBe(1_685_640_536_984_999_000n);
    expect(settableNs(1_685_640_536_985, false)).toBe(1_685_640_536_984_999_895n);
    expect(settableNs(1_700_000_000_000, false)).toBe(1_700_000_000_000_000_000n);
  });
});

describe('copyEntries', () => {
  it.skipIf(!isRoot)('makes a device an empty file with its mode and owner, and skips a fifo, as BuildKit copies them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    mkdirSync(join(root, 'out'));
    execFileSync('mknod', ['-m', '0640', join(root, 'null'), 'c', '1', '3']);
    execFileSync('mkfifo', [join(root, 'fifo')]);
    await copyEntries([entry(join(root, 'null'), join(root, 'out/null')), entry(join(root, 'fifo'), join(root, 'out/fifo'))], { owner: { uid: 5, gid: 6 } });
    const st = lstatSync(join(root, 'out/null'));
    expect([st.isFile(), st.size, st.mode & 0o7777, st.uid, st.gid]).toEqual([true, 0, 0o640, 5, 6]);
    expect(lstatSync(join(root, 'out/fifo'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('copies files (small and large), dirs and links with mode, owner and mtime', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    const src = join(root, 'src');
    mkdirSync(join(src, 'd'), { recursive: true });
    writeFileSync(join(src, 'd/small'), 'small');
    writeFileSync(join(src, 'd/big'), Buffer.alloc(600 * 1024, 7));
    chmodSync(join(src, 'd/small'), 0o4751);
    chmodSync(join(src, 'd'), 0o710);
    symlinkSync('../outside', join(src, 'd/link'));
    setMtimeMs(join(src, 'd/small'), 1_700_000_000_123);
    setMtimeMs(join(src, 'd'), 1_700_000_000_500);
    const names = ['d', 'd/big', 'd/link', 'd/small'];
    const entries = names.map((n) => entry(join(src, n), join(root, 'out', n)));
    mkdirSync(join(root, 'out'));
    await copyEntries(entries, { owner: { uid: 0, gid: 0 }, fresh: true });
    const out = (n: string) => lstatSync(join(root, 'out', n), { bigint: true });
    expect(readFileSync(join(root, 'out/d/small'), 'utf8')).toBe('small');
    expect(readFileSync(join(root, 'out/d/big')).equals(Buffer.alloc(600 * 1024, 7))).toBe(true);
    expect(out('d/small').mode & 0o7777n).toBe(0o4751n);
    expect(out('d').mode & 0o7777n).toBe(0o710n);
    expect(readlinkSync(join(root, 'out/d/link'))).toBe('../outside');
    expect(out('d/small').mtimeNs).toBe(settableNs(1_700_000_000_123));
    expect(out('d').mtimeNs).toBe(settableNs(1_700_000_000_500));
  });

  it('keeps the exact mtime of a node whose time was set through a Date (copies of copies)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    let path = join(root, 'f0');
    writeFileSync(path, 'x');
    // Values libuv stores 1 µs below the millisecond: flooring them again used to lose 1 ms a copy.
    const ms = [1_761_320_146_191, 1_700_000_000_001, 1_650_000_000_999];
    for (const m of ms) {
      setMtimeMs(path, m);
      const want = lstatSync(path, { bigint: true }).mtimeNs;
      for (let i = 1; i <= 3; i++) {
        const next = join(root, `f${m}-${i}`);
        await copyNode(path, fromBigInt(lstatSync(path, { bigint: true })), next, { fresh: true });
        expect(lstatSync(next, { bigint: true }).mtimeNs).toBe(want);
        path = next;
      }
    }
  });

  it.skipIf(!isRoot)('replaces a conflicting destination and never writes through a symlink', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    writeFileSync(join(root, 'src'), 'new');
    writeFileSync(join(root, 'victim'), 'keep');
    symlinkSync(join(root, 'victim'), join(root, 'dest'));
    chownSync(join(root, 'src'), 1000, 1000);
    await copyNode(join(root, 'src'), fromBigInt(lstatSync(join(root, 'src'), { bigint: true })), join(root, 'dest'), {});
    expect(readFileSync(join(root, 'victim'), 'utf8')).toBe('keep');
    expect(lstatSync(join(root, 'dest')).isFile()).toBe(true);
    expect(lstatSync(join(root, 'dest')).uid).toBe(1000);
  });

  it('lets a link hook stand in for the copy of a regular file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    writeFileSync(join(root, 'a'), 'a');
    const seen: string[] = [];
    const hook = (src: string, dest: string): boolean => {
      seen.push(src);
      writeFileSync(dest, 'linked');
      return true;
    };
    await copyEntries([entry(join(root, 'a'), join(root, 'b'))], { fresh: true, link: hook });
    expect(seen).toEqual([join(root, 'a')]);
    expect(readFileSync(join(root, 'b'), 'utf8')).toBe('linked');
  });
});

describe('copyKeepsMeta', () => {
  it('holds only when owner, bits and mtime would come out unchanged', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'bake-copy-')), 'f');
    writeFileSync(f, 'x');
    chmodSync(f, 0o644);
    setMtimeMs(f, 1_761_320_146_191);
    const st = fromBigInt(lstatSync(f, { bigint: true }));
    const own = { uid: st.uid, gid: st.gid };
    expect(copyKeepsMeta(st, {})).toBe(true);
    expect(copyKeepsMeta(st, { owner: own })).toBe(true);
    expect(copyKeepsMeta(st, { owner: { uid: st.uid + 1, gid: st.gid } })).toBe(false);
    expect(copyKeepsMeta(st, { mode: () => 0o755 })).toBe(false);
    expect(copyKeepsMeta(st, { mode: () => 0o644 })).toBe(true);
    expect(copyKeepsMeta(st, { timestamp: 0 })).toBe(false);
    // A time with nanoseconds no Date can reproduce cannot be kept by a copy.
    const g = fromBigInt(lstatSync(f, { bigint: true }));
    expect(copyKeepsMeta(Object.create(g, { mtimeNs: { value: g.mtimeNs + 7n } }) as typeof g, {})).toBe(false);
  });
});

describe('copiedInode', () => {
  it('predicts the owner, bits and exact mtime a copy gets, for any source time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bake-copy-'));
    const src = join(root, 'src');
    writeFileSync(src, 'x');
    chmodSync(src, 0o640);
    const optsList = [{}, { timestamp: 1_700_000_123 }, { mode: () => 0o600 }, { owner: { uid: 7, gid: 8 } }];
    for (let i = 0; i < 40; i++) {
      // Arbitrary nanoseconds half the time, else a time written through a Date (a layer file).
      const sec = 1_600_000_000 + Math.floor(Math.random() * 1e8);
      if (i % 2 === 0) execFileSync('touch', ['-m', '-d', `@${sec}.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`, src]);
      else setMtimeMs(src, sec * 1000 + Math.floor(Math.random() * 1000));
      const st = fromBigInt(lstatSync(src, { bigint: true }));
      for (const [k, opts] of optsList.entries()) {
        if ('owner' in opts && !isRoot) continue;
        const dest = join(root, `d${i}-${k}`);
        await copyNode(src, st, dest, { ...opts, fresh: true });
        const got = fromBigInt(lstatSync(dest, { bigint: true }));
        expect({ uid: got.uid, gid: got.gid, mode: got.mode & 0o7777, mtimeNs: got.mtimeNs }).toEqual(copiedInode(st, opts));
        expect(copyWouldMatch(got, st, opts)).toBe(true);
      }
    }
  });
});
