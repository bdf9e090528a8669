// mount(2), umount2(2) and syncfs(2) made directly by the host's Perl process helper (spawner.ts;
// perl-base is Essential in Debian): on this kind of VM a fork+exec of mount(8) through a shell
// costs ~20-60 ms and a build makes several per step, while the syscall itself takes ~1 ms.
// Where the helper can't run, the same commands run through the host shells instead.
import { constants } from 'node:os';
import { hostCommand } from './command-runner.js';
import { SpawnerUnavailable, syscallViaHelper } from './spawner.js';

const MNT_DETACH = 2;

/** A syscall returned an error: `code` is the errno name (EBUSY...). */
export class SyscallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/** The call through the helper, else `cmd args` (also when the kernel lacks the call). */
async function withFallback(call: Parameters<typeof syscallViaHelper>, label: string, cmd: string, args: string[], cwd?: string): Promise<void> {
  let errno: number;
  try {
    errno = await syscallViaHelper(...call);
  } catch (err) {
    if (!(err instanceof SpawnerUnavailable)) throw err;
    errno = constants.errno.ENOSYS;
  }
  if (errno === 0) return;
  if (errno !== constants.errno.ENOSYS) throw new SyscallError(`${label}: ${ERRNO_NAMES.get(errno) ?? `errno ${errno}`}`, ERRNO_NAMES.get(errno) ?? String(errno));
  await hostCommand(cmd, args, cwd === undefined ? {} : { cwd });
}

/** `mount -t type source target -o data`, relative paths in `data` resolved from `cwd`. */
export function mountFs(type: string, source: string, target: string, data: string, cwd: string): Promise<void> {
  return withFallback(['mount', [cwd, source, target, type, data]], `mount ${target}`, 'mount', ['-t', type, source, '-o', data, target], cwd);
}

/** `umount target`, or `umount -l target` (detach now, free when unused) when `lazy`. */
export function unmountFs(target: string, lazy = false): Promise<void> {
  const flags = String(lazy ? MNT_DETACH : 0);
  return withFallback(['umount', [target, flags]], `umount ${target}`, 'umount', lazy ? ['-l', target] : [target]);
}

/** `sync -f path`: every write made so far to the filesystem holding `path` is on disk. */
export function syncFs(path: string): Promise<void> {
  return withFallback(['syncfs', [path]], `syncfs ${path}`, 'sync', ['-f', path]);
}
