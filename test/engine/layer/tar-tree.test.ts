import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { packTree } from '../../../src/engine/layer/tar-tree.js';
import { makeWhiteouts, markOpaque } from '../../../src/engine/layer/whiteout.js';
import { decodeRaw, encodeRaw } from '../../../src/engine/layer/raw-names.js';
import { CHUNK } from '../../../src/engine/layer/tar-writer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(fill: (d: string) => void): string {
  const d = mkdtempSync(join(tmpdir(), 'bake-tartree-'));
  dirs.push(d);
  fill(d);
  return d;
}

describe('packTree', () => {
  it('hands out 1 MiB chunks (the last one shorter) ending with two zero blocks', async () => {
    const d = tree((root) => {
      writeFileSync(join(root, 'big'), Buffer.alloc(3 * CHUNK + 12345, 7));
      for (let i = 0; i < 300; i++) writeFileSync(join(root, `small-${i}`), `file ${i}`);
    });
    const chunks: Buffer[] = [];
    for await (const c of packTree(d, { layer: false })) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.slice(0, -1).every((c) => c.length === CHUNK)).toBe(true);
    const tar = Buffer.concat(chunks);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).equals(Buffer.alloc(1024))).toBe(true);
  });

  it('writes mode 0000 as 0000, and whiteouts with mode 0 as containerd does (no default mode)', async () => {
    const d = tree((root) => {
      writeFileSync(join(root, 'locked'), 'x');
      chmodSync(join(root, 'locked'), 0);
    });
    await makeWhiteouts([join(d, 'gone')]);
    const tar = extract();
    const modes: Record<string, number> = {};
    const done = (async () => {
      for await (const e of tar) {
        modes[e.header.name] = e.header.mode ?? -1;
        e.resume();
      }
    })();
    const chunks: Buffer[] = [];
    for await (const c of packTree(d, { layer: true })) chunks.push(c);
    tar.end(Buffer.concat(chunks));
    await done;
    expect(modes).toEqual({ locked: 0, '.wh.gone': 0 });
  });

  it('packs names that are not UTF-8, and what is below them, with their exact bytes', async () => {
    const d = tree(() => undefined);
    const dir = Buffer.concat([Buffer.from(d + '/d-'), Buffer.from([0xe9])]);
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, Buffer.from('/f-'), Buffer.from([0xff])]), 'x');
    symlinkSync(Buffer.from([0x74, 0xfe]), Buffer.concat([dir, Buffer.from('/l')]));
    const chunks: Buffer[] = [];
    for await (const c of packTree(d, { layer: false })) chunks.push(c);
    const listing = execFileSync('tar', ['--list', '--verbose', '--quoting-style=escape'], { input: Buffer.concat(chunks) }).toString('latin1');
    expect(listing).toContain('d-\\351/f-\\377');
    expect(listing).toContain('d-\\351/l -> t\\376');
  });

  it.runIf(process.getuid?.() === 0)('marks an opaque dir whose name is not UTF-8 in a layer', async () => {
    const d = tree(() => undefined);
    const dir = join(d, decodeRaw(Buffer.from([0x64, 0xe9])));
    mkdirSync(encodeRaw(dir));
    writeFileSync(encodeRaw(join(dir, 'kept')), 'k');
    await markOpaque([dir]);
    const chunks: Buffer[] = [];
    for await (const c of packTree(d, { layer: true })) chunks.push(c);
    const listing = execFileSync('tar', ['--list', '--quoting-style=escape'], { input: Buffer.concat(chunks) }).toString('latin1');
    expect(listing.split('\n').filter(Boolean).sort()).toEqual(['d\\351/', 'd\\351/.wh..wh..opq', 'd\\351/kept']);
  });

  it('lets the event loop run between directories', async () => {
    const d = tree((root) => {
      for (let i = 0; i < 20; i++) {
        mkdirSync(join(root, `d${i}`));
        writeFileSync(join(root, `d${i}`, 'f'), 'x');
      }
    });
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    let before = -1;
    for await (const c of packTree(d, { layer: false })) {
      // Entries all fit one chunk: the only chunk comes once the walk is over.
      before = turns;
      expect(c.length).toBeGreaterThan(0);
    }
    running = false;
    expect(before).toBeGreaterThan(0);
  });
});
