// Where a tar output goes: a file written atomically (temp file beside it, fsync, rename), or
// stdout for `dest=-`. An existing destination that is not a regular file (a device such as
// /dev/null, a fifo) is written into directly: renaming over it would replace the node itself.
// An output whose bytes are known to be unchanged is left alone (see OutputReuse).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { sha256 } from '../graph/digest.js';

/**
 * What decides an output's bytes (e.g. the layout's files and blob digests). When the file at the
 * destination is still the one bake wrote for the same identity — same inode, size, mtime and
 * ctime, so nobody touched it since — it is not written again: a warm build then costs no tar
 * rewrite and fsync per target. The record lives in the state dir, written after the rename.
 */
export interface OutputReuse {
  stateDir: string;
  identity: string;
}

interface OutputRecord {
  identity: string;
  stat: string;
}

function recordPath(stateDir: string, path: string): string {
  return join(stateDir, 'outputs', `${sha256(path).slice('sha256:'.length)}.json`);
}

async function statKey(path: string): Promise<string | undefined> {
  const st = await lstat(path, { bigint: true }).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
}

async function unchanged(path: string, reuse: OutputReuse): Promise<boolean> {
  const raw = await readFile(recordPath(reuse.stateDir, path), 'utf8').catch(() => undefined);
  if (raw === undefined) return false;
  try {
    const rec = JSON.parse(raw) as OutputRecord;
    return rec.identity === reuse.identity && rec.stat === (await statKey(path));
  } catch {
    return false;
  }
}

async function remember(path: string, reuse: OutputReuse): Promise<void> {
  const stat = await statKey(path);
  if (stat === undefined) return;
  const file = recordPath(reuse.stateDir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ identity: reuse.identity, stat } satisfies OutputRecord));
}

export async function writeOutput(dest: string, data: AsyncIterable<Uint8Array>, reuse?: OutputReuse): Promise<void> {
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
  if (reuse && existing?.isFile() && (await unchanged(path, reuse))) return;
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
  if (reuse) await remember(path, reuse).catch(() => undefined);
}
