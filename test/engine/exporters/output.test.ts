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

  it('leaves an output alone when its identity and the file bake wrote are unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-out-'));
    dirs.push(dir);
    const dest = join(dir, 'img.tar');
    const reuse = { stateDir: join(dir, 'state'), identity: 'sha256:one' };
    await writeOutput(dest, Readable.from([Buffer.from('v1')]), reuse);
    const first = lstatSync(dest, { bigint: true });
    let pulled = false;
    const lazy = (text: string): AsyncIterable<Uint8Array> => ({
      async *[Symbol.asyncIterator]() {
        pulled = true;
        yield Buffer.from(text);
      },
    });
    await writeOutput(dest, lazy('v1 again'), reuse);
    expect(pulled).toBe(false);
    expect(lstatSync(dest, { bigint: true }).ino).toBe(first.ino);
    // A new identity is written.
    await writeOutput(dest, lazy('v2'), { ...reuse, identity: 'sha256:two' });
    expect(readFileSync(dest, 'utf8')).toBe('v2');
    // So is a file someone changed since, even under the same identity.
    execFileSync('sh', ['-c', `printf x >> '${dest}'`]);
    await writeOutput(dest, lazy('v2'), { ...reuse, identity: 'sha256:two' });
    expect(readFileSync(dest, 'utf8')).toBe('v2');
    // And one deleted.
    rmSync(dest);
    await writeOutput(dest, lazy('v2'), { ...reuse, identity: 'sha256:two' });
    expect(readFileSync(dest, 'utf8')).toBe('v2');
  });
});
