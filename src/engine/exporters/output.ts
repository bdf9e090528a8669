// Where a tar output goes: a file written atomically (temp file beside it, fsync, rename), or
// stdout for `dest=-`. An existing destination that is not a regular file (a device such as
// /dev/null, a fifo) is written into directly: renaming over it would replace the node itself.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../errors.js';

export async function writeOutput(dest: string, data: AsyncIterable<Uint8Array>): Promise<void> {
  if (dest === '-') {
    await pipeline(data, process.stdout, { end: false });
    return;
  }
  const path = resolve(dest);
  const existing = await lstat(path).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    if (existing.isDirectory()) throw new UserError(`output destination ${dest} is a directory; a file is expected`);
    await pipeline(data, createWriteStream(path, { flags: 'w' }));
    return;
  }
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
