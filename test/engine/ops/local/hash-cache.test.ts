import { createHash } from 'node:crypto';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashLocalSource } from '../../../../src/engine/ops/local.js';
import { HashCache, hashCachePath } from '../../../../src/engine/ops/local/hash-cache.js';
import { selectedEntries } from '../../../../src/engine/ops/local/select.js';

const all = { type: 'local' as const, name: 'context' };
const some = { ...all, include: ['d1'] };

function makeContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
  for (const d of ['d0', 'd1']) {
    mkdirSync(join(dir, d));
    for (const f of ['f0', 'f 1', 'new\nline']) writeFileSync(join(dir, d, f), `${d}/${f}\n`);
  }
  return dir;
}

const fresh = (dir: string, src = all): Promise<string> => hashLocalSource({ dir, excludes: [] }, src, mkdtempSync(join(tmpdir(), 'bake-state-')));

describe('local hash cache', () => {
  it('keys a walk it knows without reading a record', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const key = await hashLocalSource({ dir, excludes: [] }, all, state);
    // Wreck every record's digest: only the walk identity can still give the key.
    const path = hashCachePath(state, dir);
    writeFileSync(path, readFileSync(path, 'latin1').replace(/ [0-9a-f]{64}\0/g, ` ${'0'.repeat(64)}\0`), 'latin1');
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).toBe(key);
    // A touched file changes the walk: records are read (and here give a wrong key, proving it).
    utimesSync(join(dir, 'd0/f0'), new Date(1e12), new Date(1e12));
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).not.toBe(await fresh(dir));
  });

  it('sees a rewrite of the same size under a restored mtime', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const before = await hashLocalSource({ dir, excludes: [] }, all, state);
    const st = statSync(join(dir, 'd1/f 1'));
    writeFileSync(join(dir, 'd1/f 1'), 'D1/F 1\n');
    utimesSync(join(dir, 'd1/f 1'), st.atime, st.mtime);
    const after = await hashLocalSource({ dir, excludes: [] }, all, state);
    expect(after).not.toBe(before);
    expect(after).toBe(await fresh(dir));
  });

  it('keeps the digests of paths with spaces and newlines, and of other selections', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    await hashLocalSource({ dir, excludes: [] }, all, state);
    await hashLocalSource({ dir, excludes: [] }, some, state);
    const cache = await HashCache.load(hashCachePath(state, dir));
    const entries = await selectedEntries({ dir, excludes: [] }, all);
    const files = entries.filter((e) => e.stat.isFile());
    expect(files).toHaveLength(6);
    for (const e of files) expect(cache.digest(e)).toMatch(/^[0-9a-f]{64}$/);
    // Both walks are remembered: going back and forth rewrites nothing.
    const ino = statSync(hashCachePath(state, dir)).ino;
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).toBe(await fresh(dir));
    expect(await hashLocalSource({ dir, excludes: [] }, some, state)).toBe(await fresh(dir, some));
    expect(statSync(hashCachePath(state, dir)).ino).toBe(ino);
  });

  it('ignores a cache in another format', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    mkdirSync(join(state, 'local-hash'));
    const rec = { size: '8', mtimeNs: '0', ctimeNs: '0', ino: '0', digest: '0'.repeat(64) };
    writeFileSync(hashCachePath(state, dir), JSON.stringify({ 'd0/f0': rec }));
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).toBe(await fresh(dir));
  });

  it('reads a cache cut short at any byte safely: what is cut off is hashed again', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    await hashLocalSource({ dir, excludes: [] }, all, state);
    const whole = readFileSync(hashCachePath(state, dir));
    // A new walk identity (one file touched) sends every lookup to the records.
    utimesSync(join(dir, 'd0/f0'), new Date(1e12), new Date(1e12));
    const want = await fresh(dir);
    for (let cut = 0; cut < whole.length; cut += 3) {
      writeFileSync(hashCachePath(state, dir), whole.subarray(0, cut));
      expect(await hashLocalSource({ dir, excludes: [] }, all, state)).toBe(want);
    }
  });

  it('keeps the key when only a selected file\'s mtime changes, not when its mode or owner does', async () => {
    const dir = makeContext();
    const state = mkdtempSync(join(tmpdir(), 'bake-state-'));
    const key = await hashLocalSource({ dir, excludes: [] }, all, state);
    utimesSync(join(dir, 'd1/f0'), new Date(1e12), new Date(1e12));
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).toBe(key);
    chmodSync(join(dir, 'd1/f0'), 0o600);
    const chmodded = await hashLocalSource({ dir, excludes: [] }, all, state);
    expect(chmodded).not.toBe(key);
    if (process.getuid?.() !== 0) return;
    chownSync(join(dir, 'd1/f0'), 1234, 1234);
    expect(await hashLocalSource({ dir, excludes: [] }, all, state)).not.toBe(chmodded);
  });

  it('keys path, mode, owner, size and content of each entry as JSON-quoted lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
    const names = ['plain', 'q"uote', 'back\\slash', 'new\nline', 'emoji\u{1F600}', '\u00e9t\u00e9', 'sep\u2028x'];
    for (const n of names) writeFileSync(join(dir, n), `${n}!`);
    const lines = [...names].sort().map((n) => {
      const st = lstatSync(join(dir, n));
      const digest = createHash('sha256').update(`${n}!`).digest('hex');
      return `${JSON.stringify(n)} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${digest}\n`;
    });
    expect(await fresh(dir)).toBe(`sha256:${createHash('sha256').update(lines.join('')).digest('hex')}`);
  });
});
