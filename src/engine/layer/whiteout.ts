// Overlayfs whiteouts on disk: a deleted path is a 0/0 character device, an opaque directory
// carries `trusted.overlay.opaque=y`. Node can neither mknod nor touch xattrs, so these go
// through `mknod`, `setfattr` and `getfattr` (Debian `attr`), batched: one process per layer,
// started from the host command shells rather than forked from Node.
import type { Stats } from 'node:fs';
import { hostCommand as run } from '../host/command-runner.js';
import { SpawnerUnavailable, xattrsViaHelper } from '../host/spawner.js';
import { decodeRaw, encodeRaw } from './raw-names.js';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
const OPAQUE_XATTR = 'trusted.overlay.opaque';
/** Arguments per process: keeps the command line well under ARG_MAX. */
const BATCH = 500;

/** A 0/0 character device: how overlayfs records a deletion in an upper dir. */
export function isWhiteoutStat(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

async function inBatches(paths: string[], fn: (batch: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < paths.length; i += BATCH) await fn(paths.slice(i, i + BATCH));
}

/** Creates overlay whiteouts (char 0/0) at each absolute path. */
export async function makeWhiteouts(paths: string[]): Promise<void> {
  const script = 'for p; do mknod "$p" c 0 0 || exit 1; done';
  await inBatches(paths, (batch) => run('sh', ['-c', script, 'sh', ...batch]));
}

/** Marks each directory opaque for overlayfs. */
export async function markOpaque(dirs: string[]): Promise<void> {
  await inBatches(dirs, (batch) => run('setfattr', ['-h', '-n', OPAQUE_XATTR, '-v', 'y', '--', ...batch]));
}

const OPAQUE_MATCH = `^${OPAQUE_XATTR.replace(/\./g, '\\.')}$`;

/** The directories getfattr's `-d` output marks opaque. */
function parseOpaque(stdout: string, into: Set<string>): void {
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# file: ')) current = unescapeGetfattr(line.slice('# file: '.length));
    else if (current !== undefined && line === `${OPAQUE_XATTR}="y"`) into.add(current.replace(/\/+$/, '') || '/');
  }
}

/** Absolute paths of the opaque directories under `dir` (one getfattr walk). */
export async function readOpaqueDirs(dir: string): Promise<Set<string>> {
  const { stdout } = await run('getfattr', ['-R', '-P', '-h', '--absolute-names', '-d', '-m', OPAQUE_MATCH, '--', dir]);
  const out = new Set<string>();
  parseOpaque(stdout, out);
  return out;
}

/**
 * Which of `dirs` (absolute paths) are opaque. Cheaper than readOpaqueDirs when the caller knows
 * the directories: `getfattr -R` reads the attributes of every file, not only of directories.
 */
export async function opaqueAmong(dirs: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  try {
    // The host helper reads the attribute itself: no getfattr process per layer.
    await inBatches(dirs, async (batch) => {
      const values = await xattrsViaHelper(OPAQUE_XATTR, batch);
      batch.forEach((dir, i) => values[i]?.toString() === 'y' && out.add(dir));
    });
    return out;
  } catch (err) {
    if (!(err instanceof SpawnerUnavailable)) throw err;
  }
  await inBatches(dirs, async (batch) => {
    parseOpaque((await run('getfattr', ['-h', '--absolute-names', '-d', '-m', OPAQUE_MATCH, '--', ...batch])).stdout, out);
  });
  return out;
}

/**
 * A name as getfattr prints it: its bytes as they are, but `\`, newline and CR as `\ooo` octal.
 * The command runner keeps bytes that are not UTF-8 escaped (raw-names.ts), so the exact name
 * comes back, escaped the same way where it is not UTF-8.
 */
function unescapeGetfattr(name: string): string {
  if (!name.includes('\\')) return name;
  // Odd elements are the octal digits of an escaped byte, even ones text between escapes.
  const parts = name.split(/\\([0-7]{3})/);
  return decodeRaw(Buffer.concat(parts.map((p, i) => (i % 2 === 1 ? Buffer.from([parseInt(p, 8)]) : encodeRaw(p)))));
}
