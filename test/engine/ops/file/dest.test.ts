import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirInRoot } from '../../../../src/engine/ops/file/dest.js';

const isRoot = process.getuid?.() === 0;
const root = mkdtempSync(join(tmpdir(), 'bake-dest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function modeOwner(p: string): string {
  const st = statSync(join(root, p));
  return `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
}

describe.skipIf(!isRoot)('mkdirInRoot', () => {
  mkdirSync(join(root, 'sg'));
  chownSync(join(root, 'sg'), 0, 50);
  chmodSync(join(root, 'sg'), 0o2775);

  it('keeps the setgid bit and group that dirs made in a setgid dir get from the kernel', async () => {
    await mkdirInRoot(root, '/sg/a/b', {});
    expect([modeOwner('sg/a'), modeOwner('sg/a/b')]).toEqual(['2755 0:50', '2755 0:50']);
  });

  it('still owns created dirs as asked, and leaves plain parents alone', async () => {
    await mkdirInRoot(root, '/sg/c/d', { owner: { uid: 7, gid: 8 } });
    await mkdirInRoot(root, '/plain/e', { mode: 0o700 });
    expect([modeOwner('sg/c'), modeOwner('sg/c/d'), modeOwner('plain'), modeOwner('plain/e')]).toEqual(['2755 7:8', '2755 7:8', '755 0:0', '700 0:0']);
  });
});
