// Extraction keeps file names that are not UTF-8 byte for byte, whichever way the archive
// stores them: ustar name fields, GNU long names, or pax path/linkpath records (GNU tar and Go's
// archive/tar write raw bytes there). Archives are made by GNU tar from a tree with such names,
// and the extracted tree is compared with the source, names read as bytes.
import { execFileSync } from 'node:child_process';
import { createReadStream, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTar } from '../../../src/engine/layer/extract.js';
import { decodeRaw } from '../../../src/engine/layer/raw-names.js';
import { opaqueAmong } from '../../../src/engine/layer/whiteout.js';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const under = (dir: string, name: Buffer): Buffer => Buffer.concat([Buffer.from(`${dir}/`), name]);

/** Every path under `root` with its type and content or link target, names as escaped bytes. */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: Buffer, rel: string): void => {
    for (const name of readdirSync(dir, { encoding: 'buffer' })) {
      const path = Buffer.concat([dir, Buffer.from('/'), name]);
      const shown = `${rel}${[...name].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16)}`)).join('')}`;
      const st = lstatSync(path);
      if (st.isDirectory()) {
        out.push(`${shown}/`);
        walk(path, `${shown}/`);
      } else if (st.isSymbolicLink()) {
        out.push(`${shown} -> ${readlinkSync(path, { encoding: 'buffer' }).toString('hex')}`);
      } else if (st.isFIFO()) {
        out.push(`${shown} fifo`);
      } else {
        out.push(`${shown} ${st.nlink} ${readFileSync(path).toString('hex')}`);
      }
    }
  };
  walk(Buffer.from(root), '');
  return out.sort();
}

let work: string;
let src: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bake-rawx-'));
  src = join(work, 'src');
  mkdirSync(src);
  const name = latin1('n\xe9.txt');
  writeFileSync(under(src, name), 'latin');
  mkdirSync(under(src, latin1('d\xe9r')));
  writeFileSync(under(src, latin1('d\xe9r/f\xfc')), 'x'.repeat(512));
  symlinkSync(name, under(src, latin1('ln\xe9')));
  linkSync(under(src, name), under(src, latin1('hard\xe9')));
  // Past 100 bytes: a pax path, or a GNU long name; the long target is a pax linkpath.
  const long = latin1(`${'x'.repeat(110)}\xe9`);
  writeFileSync(under(src, long), 'long');
  symlinkSync(latin1(`${'t'.repeat(110)}\xe9`), under(src, latin1('longlink\xe9')));
  // argv cannot carry the name's bytes: made under an ASCII name, then renamed.
  execFileSync('mkfifo', [join(src, 'fifo')]);
  renameSync(join(src, 'fifo'), under(src, latin1('fifo\xe9')));
  // Ordinary names must come out as before: UTF-8, long UTF-8, ASCII.
  writeFileSync(join(src, 'plain-é.txt'), 'utf8');
  writeFileSync(join(src, `${'é'.repeat(60)}.txt`), 'long utf8');
  writeFileSync(join(src, 'empty'), '');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('extractTar keeps names that are not UTF-8', () => {
  it.each(['pax', 'gnu'])('from a GNU tar --format=%s archive, with a symlink and a hard link to one', async (format) => {
    const tar = join(work, `${format}.tar`);
    execFileSync('tar', [`--format=${format}`, '-cf', tar, '-C', src, '.']);
    for (const mode of ['apply', 'overlay'] as const) {
      const dest = mkdtempSync(join(work, `out-${format}-${mode}-`));
      await extractTar(createReadStream(tar), dest, { format: mode });
      expect(listing(dest)).toEqual(listing(src));
      const hard = lstatSync(under(dest, latin1('hard\xe9')));
      expect(hard.ino).toBe(lstatSync(under(dest, latin1('n\xe9.txt'))).ino);
    }
  });

  it('from a ustar archive, whose name fields hold the raw bytes', async () => {
    const tar = join(work, 'ustar.tar');
    // GNU tar is given the raw names through a file list, as argv cannot carry them here.
    const list = Buffer.concat([latin1('n\xe9.txt\0'), latin1('ln\xe9\0'), latin1('d\xe9r\0'), Buffer.from('plain-é.txt\0')]);
    writeFileSync(join(work, 'list'), list);
    execFileSync('tar', ['--format=ustar', '-cf', tar, '-C', src, '--null', '-T', join(work, 'list')]);
    const dest = mkdtempSync(join(work, 'out-ustar-'));
    await extractTar(createReadStream(tar), dest, { format: 'apply' });
    const want = listing(src).filter((l) => /^(n\\xe9\.txt|ln\\xe9|d\\xe9r|plain-)/.test(l)).map((l) => l.replace(/^(n\\xe9\.txt) 2 /, '$1 1 '));
    expect(listing(dest)).toEqual(want);
  });

  it.runIf(process.getuid?.() === 0)('turns a whiteout of such a name into an overlay whiteout with the exact name', async () => {
    const layer = join(work, 'layer');
    mkdirSync(layer);
    writeFileSync(under(layer, latin1('.wh.gone\xe9')), '');
    const tar = join(work, 'whiteout.tar');
    execFileSync('tar', ['--format=pax', '-cf', tar, '-C', layer, '.']);
    const dest = mkdtempSync(join(work, 'out-wh-'));
    await extractTar(createReadStream(tar), dest, { format: 'overlay' });
    expect(readdirSync(dest, { encoding: 'buffer' })).toEqual([latin1('gone\xe9')]);
    const st = lstatSync(under(dest, latin1('gone\xe9')));
    expect(st.isCharacterDevice() && st.rdev === 0).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('marks a directory with such a name opaque', async () => {
    const layer = join(work, 'opaque-layer');
    const dir = under(layer, latin1('d\xe9'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(Buffer.concat([dir, Buffer.from('/.wh..wh..opq')]), '');
    writeFileSync(Buffer.concat([dir, Buffer.from('/kept')]), 'k');
    const tar = join(work, 'opaque.tar');
    execFileSync('tar', ['--format=pax', '-cf', tar, '-C', layer, '.']);
    const dest = mkdtempSync(join(work, 'out-opq-'));
    await extractTar(createReadStream(tar), dest, { format: 'overlay' });
    expect(listing(dest)).toEqual(['d\\xe9/', 'd\\xe9/kept 1 6b']);
    const attrs = execFileSync('getfattr', ['-R', '-h', '--absolute-names', '-d', '-m', 'trusted.overlay.opaque', dest]).toString('latin1');
    expect(attrs).toBe(`# file: ${dest}/d\xe9\ntrusted.overlay.opaque="y"\n\n`);
    // And the packer, which asks the host helper (paths in hex), finds it again.
    const escaped = decodeRaw(under(dest, latin1('d\xe9')));
    expect(await opaqueAmong([escaped, dest])).toEqual(new Set([escaped]));
  });
});
