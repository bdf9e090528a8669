// Writes one non-whiteout tar entry under the destination, safely: parents are checked first,
// whatever sits at the path is removed (never followed), and files are created with O_EXCL.
import { createWriteStream } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, rm, symlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { Header } from 'tar-stream';
import { cleanEntryName, parentsAreDirs } from './safe-path.js';

const isRoot = process.getuid?.() === 0;

/** Ownership, mode and time of a written path; directories get theirs at the end. */
export interface PendingMeta {
  path: string;
  header: Header;
}

async function existing(path: string): Promise<'dir' | 'other' | 'none'> {
  try {
    return (await lstat(path)).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}

export async function applyMeta(path: string, header: Header): Promise<void> {
  // chown before chmod: chown clears setuid/setgid bits.
  if (isRoot) await lchown(path, header.uid, header.gid);
  if (header.type !== 'symlink') await chmod(path, header.mode);
  await lutimes(path, header.mtime, header.mtime);
}

/**
 * Writes the entry at `dest/rel`; returns the path when its metadata must be applied later (dirs),
 * undefined otherwise. Unsupported or unsafe entries (devices, links leaving dest) are skipped.
 */
export async function writeEntry(dest: string, rel: string, header: Header, body: Readable): Promise<PendingMeta | undefined> {
  const path = join(dest, rel);
  const there = await existing(path);
  if (header.type === 'directory') {
    if (there === 'other') await rm(path, { force: true });
    if (there !== 'dir') await mkdir(path, { mode: 0o700 });
    return { path, header };
  }
  if (there !== 'none') await rm(path, { recursive: true, force: true });
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      await pipeline(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      break;
    case 'symlink':
      await symlink(header.linkname, path);
      break;
    case 'link': {
      const target = cleanEntryName(header.linkname ?? '');
      if (!target || !(await parentsAreDirs(dest, target))) return undefined;
      if ((await existing(join(dest, target))) !== 'other') return undefined;
      await link(join(dest, target), path);
      // A hard link shares the target's inode: its metadata is the target's.
      return undefined;
    }
    default:
      // Devices, fifos: not needed in build layers, and a device node is a way out of the sandbox.
      return undefined;
  }
  await applyMeta(path, header);
  return undefined;
}
