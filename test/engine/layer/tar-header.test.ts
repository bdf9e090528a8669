import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTar } from '../../../src/engine/layer/extract.js';
import { BLOCK, bodyPadding, encodeHeader, type TarHeader } from '../../../src/engine/layer/tar-header.js';

const isRoot = process.getuid?.() === 0;

function archive(headers: TarHeader[], body = 'x'): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) {
    parts.push(encodeHeader(h));
    if (h.type === 'file') parts.push(Buffer.from(body), Buffer.alloc(bodyPadding(body.length)));
  }
  return Buffer.concat([...parts, Buffer.alloc(2 * BLOCK)]);
}

// 2100-01-01 and 1960-01-01: past 2038 (32 bits) and before the epoch.
const FUTURE = 4_102_444_800;
const PAST = -315_619_200;
const big: TarHeader[] = [
  { name: 'big', type: 'file', mode: 0o644, uid: 3_000_000, gid: 4_000_000, size: 1, mtime: FUTURE },
  { name: 'dir/', type: 'directory', mode: 0o755, uid: 2_097_152, gid: 7, size: 0, mtime: PAST },
];

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('tar headers with numbers ustar cannot hold', () => {
  it('carries big ids and out-of-range times in pax records that GNU tar reads', () => {
    const listing = execFileSync('tar', ['--numeric-owner', '--utc', '-tvf', '-'], { input: archive(big) }).toString();
    expect(listing).toMatch(/3000000\/4000000 +1 2100-01-01 00:00 big/);
    expect(listing).toMatch(/2097152\/7 +0 1960-01-01 00:00 dir\//);
  });

  it('keeps the plain ustar block when everything fits', () => {
    const h = encodeHeader({ name: 'f', type: 'file', mode: 0o644, uid: 262_143, gid: 0, size: 1, mtime: 1_600_000_000 });
    expect(h.length).toBe(BLOCK);
  });

  it.skipIf(!isRoot)('extraction applies pax uid, gid and mtime records', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bake-th-'));
    await extractTar(Readable.from([archive(big)]), dir, { format: 'apply' });
    const f = lstatSync(join(dir, 'big'));
    expect([f.uid, f.gid, f.mtimeMs / 1000]).toEqual([3_000_000, 4_000_000, FUTURE]);
    const d = lstatSync(join(dir, 'dir'));
    expect([d.uid, d.gid, d.mtimeMs / 1000]).toEqual([2_097_152, 7, PAST]);
  });
});
