// Writes one non-whiteout tar entry under the destination, safely: parents are checked first,
// whatever sits at the path is removed (never followed), and files are created with O_EXCL.
// File system calls are synchronous (see safe-path.ts); only the entry body is awaited.
import { chmodSync, closeSync, constants, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Header } from 'tar-stream';
import { hostCommand } from '../host/command-runner.js';
import { fsPath } from './raw-names.js';
import { cleanEntryName, parentsAreDirs } from './safe-path.js';

const isRoot = process.getuid?.() === 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Ownership, mode and time of a written path; directories get theirs at the end. */
export interface PendingMeta {
  path: string;
  header: Header;
}

function existing(path: string): 'dir' | 'other' | 'none' {
  const st = lstatSync(fsPath(path), { throwIfNoEntry: false });
  return st === undefined ? 'none' : st.isDirectory() ? 'dir' : 'other';
}

export function applyMeta(path: string, header: Header): void {
  // chown before chmod: chown clears setuid/setgid bits.
  const p = fsPath(path);
  if (isRoot) lchownSync(p, header.uid, header.gid);
  if (header.type !== 'symlink') chmodSync(p, header.mode);
  lutimesSync(p, header.mtime, header.mtime);
}

async function writeFile(path: string, body: Readable): Promise<void> {
  const fd = openSync(fsPath(path), CREATE_NEW, 0o600);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
    }
  } finally {
    closeSync(fd);
  }
}

/** A hard link to an earlier regular file of the archive (false when skipped, as anything else is). */
function hardLink(dest: string, path: string, header: Header): boolean {
  const target = cleanEntryName(header.linkname ?? '');
  if (!target || !parentsAreDirs(dest, target)) return false;
  if (existing(join(dest, target)) !== 'other') return false;
  linkSync(fsPath(join(dest, target)), fsPath(path));
  return true;
}

/**
 * Writes the entry at `dest/rel`; returns the path when its metadata must be applied later (dirs),
 * undefined otherwise. Unsafe entries (links leaving dest) are skipped, and devices unless we
 * are root.
 */
export async function writeEntry(dest: string, rel: string, header: Header, body: Readable): Promise<PendingMeta | undefined> {
  const path = join(dest, rel);
  const there = existing(path);
  if (header.type === 'directory') {
    if (there === 'other') rmSync(fsPath(path), { force: true });
    if (there !== 'dir') mkdirSync(fsPath(path), { mode: 0o700 });
    return { path, header };
  }
  if (there !== 'none') rmSync(fsPath(path), { recursive: true, force: true });
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      await writeFile(path, body);
      break;
    case 'symlink':
      symlinkSync(fsPath(header.linkname ?? ''), fsPath(path));
      break;
    case 'link':
      // The link's own header is applied to the inode it shares with its target, so the last
      // entry naming an inode sets its owner and mode (as Docker's and containerd's untar do).
      // A link to a symlink is left alone: chmod would follow it.
      if (!hardLink(dest, path, header) || !lstatSync(fsPath(path)).isFile()) return undefined;
      break;
    case 'fifo':
      // Node has no mkfifo(2); fifos are rare in archives, so a process each is affordable.
      await hostCommand('mkfifo', ['--', path]);
      break;
    case 'character-device':
    case 'block-device':
      // Made as Docker's untar and containerd's applier make them (root only, like mknod(2)).
      // Opening one is still up to a build container's device rules, as for a RUN's mknod.
      if (!isRoot) return undefined;
      await hostCommand('mknod', ['--', path, header.type === 'block-device' ? 'b' : 'c', String(header.devmajor ?? 0), String(header.devminor ?? 0)]);
      break;
    default:
      return undefined;
  }
  applyMeta(path, header);
  return undefined;
}
