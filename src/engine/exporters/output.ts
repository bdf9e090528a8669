// Where a tar output goes: a file written atomically (temp file beside it, fsync, rename), or
// stdout for `dest=-`.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function writeOutput(dest: string, data: Readable): Promise<void> {
  if (dest === '-') {
    await pipeline(data, process.stdout, { end: false });
    return;
  }
  const path = resolve(dest);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await pipeline(data, createWriteStream(tmp, { mode: 0o644 }));
    const handle = await open(tmp, 'r+');
    await handle.sync();
    await handle.close();
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
