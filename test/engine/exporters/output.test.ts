import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeOutput } from '../../../src/engine/exporters/output.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeOutput', () => {
  it('writes the file atomically, creating parent dirs, leaving no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-out-'));
    dirs.push(dir);
    await writeOutput(join(dir, 'a', 'b.tar'), Readable.from([Buffer.from('abc')]));
    expect(readFileSync(join(dir, 'a', 'b.tar'), 'utf8')).toBe('abc');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.tar']);
  });

  it('keeps the old file and removes the temp one when the stream fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-out-'));
    dirs.push(dir);
    await writeOutput(join(dir, 'x.tar'), Readable.from([Buffer.from('old')]));
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('new');
      throw new Error('disk on fire');
    }
    await expect(writeOutput(join(dir, 'x.tar'), Readable.from(broken()))).rejects.toThrow('disk on fire');
    expect(readFileSync(join(dir, 'x.tar'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['x.tar']);
  });

  it.skipIf(process.getuid?.() !== 0)('writes into a device node instead of replacing it (dest=/dev/null)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-out-'));
    dirs.push(dir);
    const devNull = join(dir, 'null');
    execFileSync('mknod', ['-m', '666', devNull, 'c', '1', '3']);
    await writeOutput(devNull, Readable.from([Buffer.from('abc')]));
    expect(lstatSync(devNull).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('refuses a directory as a file destination', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-out-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'd'));
    await expect(writeOutput(join(dir, 'd'), Readable.from([Buffer.from('abc')]))).rejects.toThrow('is a directory');
  });

  it('sends dest=- to stdout without closing it', async () => {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(Buffer.from(chunk).toString());
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    await writeOutput('-', Readable.from([Buffer.from('tar bytes')]));
    expect(chunks.join('')).toBe('tar bytes');
    expect(process.stdout.writableEnded).toBe(false);
  });
});
