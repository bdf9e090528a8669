// Scratch directories that live as long as this process (git mirrors fetched before solving, http
// contexts unpacked to read their Dockerfile or bake files). They sit in the state dir's tmp/,
// named after the pid so the stale sweep collects a killed process's, and are removed at exit.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const made = new Set<string>();

/** A new path under `$STATE/tmp` for `kind`, removed when the process exits (not created here). */
export function processDir(stateDir: string, kind: string): string {
  if (made.size === 0) process.once('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = join(stateDir, 'tmp', `${process.pid}-${kind}-${randomBytes(4).toString('hex')}`);
  made.add(dir);
  return dir;
}
