import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { UserError } from '../../../src/errors.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function store(): ContentStore {
  const root = mkdtempSync(join(tmpdir(), 'bake-cs-'));
  roots.push(root);
  return new ContentStore(root);
}

const sha = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

describe('ContentStore', () => {
  it('stores bytes and streams under their sha256, and reads them back', async () => {
    const s = store();
    const a = await s.write(Buffer.from('hello'));
    expect(a).toEqual({ digest: sha('hello'), size: 5 });
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"a":');
      yield Buffer.from('1}');
    }
    const b = await s.write(parts(), { digest: sha('{"a":1}'), size: 7 });
    expect(s.has(b.digest)).toBe(true);
    expect((await s.read(a.digest)).toString()).toBe('hello');
    expect(await s.readJson<{ a: number }>(b.digest)).toEqual({ a: 1 });
    expect(s.path(a.digest)).toBe(join(s.root, 'blobs', 'sha256', a.digest.slice(7)));
  });

  it('stores a stream of many small chunks, written in batches, byte for byte', async () => {
    const s = store();
    const chunks = Array.from({ length: 3000 }, (_, i) => Buffer.alloc(700, i % 251));
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield* chunks;
    }
    const whole = Buffer.concat(chunks);
    const ref = await s.write(parts());
    expect(ref).toEqual({ digest: `sha256:${createHash('sha256').update(whole).digest('hex')}`, size: whole.length });
    expect((await s.read(ref.digest)).equals(whole)).toBe(true);
  });

  it('rejects a digest or size mismatch and keeps nothing, not even a temp file', async () => {
    const s = store();
    await expect(s.write(Buffer.from('evil'), { digest: sha('good') })).rejects.toThrow(/digest mismatch/);
    await expect(s.write(Buffer.from('good'), { size: 3 })).rejects.toThrow(/size mismatch/);
    expect(s.has(sha('evil'))).toBe(false);
    expect(s.has(sha('good'))).toBe(false);
    expect(readdirSync(join(s.root, 'tmp'))).toEqual([]);
  });

  it('removes the temp file when the source stream fails midway', async () => {
    const s = store();
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('part');
      throw new Error('connection reset');
    }
    await expect(s.write(broken())).rejects.toThrow('connection reset');
    expect(readdirSync(join(s.root, 'tmp'))).toEqual([]);
    expect(readdirSync(join(s.root, 'blobs', 'sha256'))).toEqual([]);
  });

  it('refuses digests that are not sha256 hex, so a hostile index cannot name a path', () => {
    const s = store();
    expect(() => s.path('sha256:../../etc/passwd')).toThrow(UserError);
    expect(() => s.has('md5:abc')).toThrow(/invalid digest/);
  });

  it('does not rewrite an in-memory blob it already holds, but still checks the expected digest', async () => {
    const s = store();
    const a = await s.write(Buffer.from('same'));
    const ino = statSync(s.path(a.digest)).ino;
    expect(await s.write(Buffer.from('same'))).toEqual(a);
    expect(statSync(s.path(a.digest)).ino).toBe(ino);
    await expect(s.write(Buffer.from('same'), { digest: sha('other') })).rejects.toThrow(UserError);
  });
});
