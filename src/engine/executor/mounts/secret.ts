// RUN --mount=type=secret files: written to a private directory on a tmpfs (/dev/shm) outside
// the state dir, so secret bytes never touch a layer or persistent disk, and removed after the run.
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretFile {
  /** Host path of the file to bind-mount read-only. */
  file: string;
  cleanup(): Promise<void>;
}

export async function writeSecretFile(value: Uint8Array, opts: { uid: number; gid: number; mode: number }): Promise<SecretFile> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = await mkdtemp(join(base, 'bake-secret-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    // The container's user must reach the file; the random dir name keeps it unguessable.
    await chmod(dir, 0o711);
    const file = join(dir, 'secret');
    await writeFile(file, value, { mode: 0o600 });
    await chown(file, opts.uid, opts.gid);
    await chmod(file, opts.mode);
    return { file, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
