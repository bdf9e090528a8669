// Opaque directories through the getfattr/setfattr fallback (no host helper): names that are
// not UTF-8, or hold the bytes getfattr escapes (`\`, newline, CR), are marked and found again
// byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeRaw, encodeRaw } from '../../../src/engine/layer/raw-names.js';
import { markOpaque, opaqueAmong, readOpaqueDirs } from '../../../src/engine/layer/whiteout.js';

vi.mock('../../../src/engine/host/spawner.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/engine/host/spawner.js')>();
  const unavailable = (): Promise<never> => Promise.reject(new real.SpawnerUnavailable('no helper in this test'));
  return {
    ...real,
    spawnViaHelper: () => ({ done: unavailable(), kill: () => undefined }),
    xattrsViaHelper: unavailable,
  };
});

describe.runIf(process.getuid?.() === 0)('opaque dirs without the host helper', () => {
  const root = mkdtempSync(join(tmpdir(), 'bake-whiteout-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const named = (...bytes: number[][]): string => join(root, ...bytes.map((b) => decodeRaw(Buffer.from(b))));

  it('marks and finds dirs named in Latin-1 or with escaped bytes, exactly', async () => {
    const latin1 = named([0x64, 0xe9]);
    const odd = named([0x62, 0x5c, 0x6e, 0x0a, 0x63, 0x0d, 0xff]);
    const nested = named([0x64, 0xe9], [0x73, 0xfc]);
    const plain = join(root, 'plain');
    for (const d of [latin1, odd, nested, plain]) mkdirSync(encodeRaw(d), { recursive: true });
    await markOpaque([latin1, odd, nested]);
    // Checked apart from the code under test: getfattr's own listing, read as bytes.
    const listing = execFileSync('getfattr', ['-R', '-h', '--absolute-names', '-d', '-m', 'trusted.overlay.opaque', root]).toString('latin1');
    expect(listing).toContain(`# file: ${root}/d\xe9\n`);
    expect(listing).toContain(`# file: ${root}/d\xe9/s\xfc\n`);
    expect(listing).toContain(`# file: ${root}/b\\134n\\012c\\015\xff\n`);
    expect(listing).not.toContain('plain');
    const want = new Set([latin1, odd, nested]);
    expect(await opaqueAmong([latin1, odd, nested, plain])).toEqual(want);
    expect(await readOpaqueDirs(root)).toEqual(want);
  });
});
