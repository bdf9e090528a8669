// Context entries the copy of the transfer skips, made in the transferred layer as docker's
// BuildKit receives them: a fifo stays a fifo and a socket becomes an empty regular file with its
// permission bits (a device becomes one in fs/copy.ts). Neither carries data; COPY later skips
// the fifo and copies the empty file, but naming either as a source finds it.
import { chmodSync, writeFileSync } from 'node:fs';
import { hostCommand } from '../../host/command-runner.js';
import { fsPath } from '../../layer/raw-names.js';
import { entryPath, type WalkEntry } from '../../fs/walk.js';

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFSOCK = 0o140000;

/** Writes the fifos and sockets of `entries` below `dir`. */
export async function writeSpecialEntries(entries: readonly WalkEntry[], dir: string): Promise<void> {
  for (const { rel, stat } of entries) {
    const type = stat.mode & S_IFMT;
    if (type !== S_IFIFO && type !== S_IFSOCK) continue;
    const path = entryPath(dir, rel);
    if (type === S_IFIFO) await hostCommand('mkfifo', ['--', path]);
    else writeFileSync(fsPath(path), '', { flag: 'wx' });
    chmodSync(fsPath(path), stat.mode & 0o7777);
  }
}
