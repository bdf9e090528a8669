// Pins the exact tar and gzip bytes of layer export on a tree holding every kind of entry the
// packer handles. The digests were taken from the tar-stream based packer; any change to the
// bytes (header layout, pax fallback, padding, entry order, gzip framing) fails here, so a
// faster packer must stay byte-identical. Since then one change on purpose: ids past 0o777777
// (the fixture's 300000:300001) go into pax records instead of saturating.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, linkSync, lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src/engine/content/store.js';
import { layerBlob } from '../../../src/engine/layer/diff.js';
import { packTree } from '../../../src/engine/layer/tar-tree.js';
import { makeWhiteouts, markOpaque } from '../../../src/engine/layer/whiteout.js';
import type { LayerStore } from '../../../src/engine/snapshot/types.js';

const isRoot = process.getuid?.() === 0;
const OLD = 1_600_000_000;
const NEW = 1_800_000_000;
const EPOCH = 1_700_000_000;

/** Deterministic pseudo-random bytes (a sha256 chain), incompressible enough to exercise gzip. */
function noise(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let off = 0; off < size; off += block.length) {
    block.copy(out, off);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

function files(d: string): void {
  mkdirSync(join(d, 'a-dir/sub'), { recursive: true });
  for (const n of [0, 1, 511, 512, 513, 4096]) writeFileSync(join(d, `a-dir/f${n}`), noise(n, `f${n}`));
  writeFileSync(join(d, 'big.bin'), noise(3 * 1024 * 1024 + 7, 'big'));
  writeFileSync(join(d, 'zeros.bin'), Buffer.alloc(2 * 1024 * 1024 + 100));
  writeFileSync(join(d, 'setuid'), '#!/bin/sh\n');
  chmodSync(join(d, 'setuid'), 0o4755);
  writeFileSync(join(d, 'setgid'), 'g');
  chmodSync(join(d, 'setgid'), 0o2750);
  mkdirSync(join(d, 'tmp'));
  chmodSync(join(d, 'tmp'), 0o1777);
  writeFileSync(join(d, 'mode000'), 'secret');
  chmodSync(join(d, 'mode000'), 0);
  writeFileSync(join(d, 'owned'), 'o');
  chownSync(join(d, 'owned'), 1000, 1001);
  writeFileSync(join(d, 'bigid'), 'b');
  chownSync(join(d, 'bigid'), 300_000, 300_001);
}

function links(d: string): void {
  mkdirSync(join(d, 'hl'));
  linkSync(join(d, 'a-dir/f1'), join(d, 'hl/one'));
  linkSync(join(d, 'a-dir/f1'), join(d, 'hl/two'));
  linkSync(join(d, 'setuid'), join(d, 'zz-setuid-link'));
  symlinkSync('a-dir/f1', join(d, 'sym'));
  symlinkSync(`/${'t'.repeat(60)}/${'u'.repeat(60)}/target`, join(d, 'longsym'));
  symlinkSync('/dev/null', join(d, 'a-dir/sub/dangling'));
}

function longNames(d: string): string[] {
  const split = join(d, 'p'.repeat(70), 'q'.repeat(60));
  mkdirSync(split, { recursive: true });
  writeFileSync(join(split, 'r'.repeat(40)), 'split into prefix and name');
  writeFileSync(join(d, 's'.repeat(120)), 'one component over 100 bytes');
  const deep = join(d, ...Array.from({ length: 5 }, (_, i) => `${i}`.repeat(55)));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'leaf'), 'prefix over 155 bytes');
  const exact = join(d, 'e'.repeat(99));
  mkdirSync(exact);
  writeFileSync(join(d, 'héllo wörld'), 'non-ascii');
  linkSync(join(d, 's'.repeat(120)), join(d, 'x'.repeat(20)));
  return [split, join(d, 'p'.repeat(70)), deep, exact];
}

async function special(d: string): Promise<void> {
  execFileSync('mkfifo', [join(d, 'fifo')]);
  execFileSync('mknod', [join(d, 'null'), 'c', '1', '3']);
  execFileSync('mknod', [join(d, 'loop0'), 'b', '7', '0']);
  mkdirSync(join(d, 'opq/inner'), { recursive: true });
  writeFileSync(join(d, 'opq/inner/kept'), 'k');
  await makeWhiteouts([join(d, 'gone'), join(d, 'a-dir/sub/gone-too')]);
  await markOpaque([join(d, 'opq'), join(d, 'opq/inner')]);
}

/**
 * Directory mtimes grow with path length. The digests were pinned on a tree at
 * `/tmp/bake-pin-XXXXXX/layer/diff`: lengths count from there, wherever the temp dir is now.
 */
const PINNED_TREE_PATH_LENGTH = '/tmp/bake-pin-XXXXXX/layer/diff'.length;

/** Every path gets a fixed mtime, half before and half after EPOCH; dirs last, deepest first. */
function stamp(d: string, dirs: string[]): void {
  const out = execFileSync('find', [d, '-mindepth', '1', '-printf', '%y %p\\0']).toString('utf8');
  const entries = out.split('\0').filter(Boolean).map((l) => [l[0]!, l.slice(2)] as const);
  entries.forEach(([type, p], i) => {
    const t = i % 2 ? OLD + i : NEW + i;
    if (type === 'l') lutimesSync(p, t, t);
    else if (type !== 'd') utimesSync(p, t, t);
  });
  const allDirs = entries.filter(([t]) => t === 'd').map(([, p]) => p).concat(dirs);
  for (const p of allDirs.sort((a, b) => b.length - a.length)) {
    const t = NEW + PINNED_TREE_PATH_LENGTH + p.length - d.length;
    utimesSync(p, t, t);
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function collect(s: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  return Buffer.concat(parts);
}

describe.skipIf(!isRoot)('layer tar bytes', () => {
  let root: string;
  let diff: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bake-pin-'));
    diff = join(root, 'layer', 'diff');
    mkdirSync(diff, { recursive: true });
    files(diff);
    links(diff);
    const dirs = longNames(diff);
    await special(diff);
    stamp(diff, dirs);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const layers = (): LayerStore => ({ diffDir: () => diff }) as unknown as LayerStore;

  it('packs a layer with SOURCE_DATE_EPOCH to the pinned diffID and gzip blob', async () => {
    const store = new ContentStore(join(root, 'cs1'));
    const r = await layerBlob(store, layers(), 'x', { sourceDateEpoch: EPOCH });
    expect({ diffId: r.diffId, blob: r.blob.digest }).toEqual({
      diffId: 'sha256:0710a8f489d121775562de8ef81a85c804e7e2a654695b4d38ff628d71508567',
      blob: 'sha256:8b1ae443b0ee77140b299d3f9ccf74d0c0388b0082039abbeadd0523d02ee737',
    });
    rmSync(join(root, 'layer', 'layer.json'));
  });

  it('packs a layer without SOURCE_DATE_EPOCH to the pinned diffID and gzip blob', async () => {
    const store = new ContentStore(join(root, 'cs2'));
    const r = await layerBlob(store, layers(), 'x');
    expect({ diffId: r.diffId, blob: r.blob.digest }).toEqual({
      diffId: 'sha256:032253e7c17650f349c79bae0a3cecb398b7077003378166108acb858fc179de',
      blob: 'sha256:0450e8f063c2e174f1cbf5b6ebae2d82be9b1476f222ae0eff5264791c94fcde',
    });
    rmSync(join(root, 'layer', 'layer.json'));
  });

  it('packs a root filesystem (no whiteout translation, prefixed names) to the pinned bytes', async () => {
    const tar = await collect(packTree(diff, { layer: false, sourceDateEpoch: EPOCH, prefix: 'linux_amd64/' }));
    expect(sha(tar)).toBe('98b21ec044fd9d98407aea0b9e35a12c74514330d501a7942d77aacb0d5e7027');
  });
});
