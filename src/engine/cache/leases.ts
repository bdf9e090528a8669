// Leases keep a running build's cache records and layers safe from a concurrent `bake prune`.
// Each build appends the names it uses (record keys, layer ids, prefixes of layers it is
// writing) to its own file `$STATE/leases/<pid>-<rand>`; prune skips every name a live process
// leases. Prune also holds `$STATE/gc.lock` (a directory: mkdir is atomic) while it decides and
// deletes, and a build that finds it after leasing waits, then checks its cache hit again: a
// lease written before prune read the leases protects; one written later sees the lock.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Lease {
  readonly file: string;

  constructor(stateDir: string) {
    const dir = join(stateDir, 'leases');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(this.file, '');
  }

  /** Leases names (appended synchronously, so it is on disk before the caller goes on). */
  add(names: readonly string[]): void {
    if (names.length > 0) appendFileSync(this.file, names.map((n) => `${n}\n`).join(''));
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

/** Every name leased by a live process; lease files of dead processes are removed. */
export function leasedNames(stateDir: string): Set<string> {
  const dir = join(stateDir, 'leases');
  const names = new Set<string>();
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return names;
  }
  for (const f of files) {
    const pid = Number(f.split('-')[0]);
    if (!alive(pid)) {
      rmSync(join(dir, f), { force: true });
      continue;
    }
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line) names.add(line);
  }
  return names;
}

/** A layer is leased by its id or by a leased prefix (`prefix*`, a step still writing it). */
export function isLeased(leased: Set<string>, id: string): boolean {
  if (leased.has(id)) return true;
  for (const n of leased) if (n.endsWith('*') && id.startsWith(n.slice(0, -1))) return true;
  return false;
}

const lockDir = (stateDir: string): string => join(stateDir, 'gc.lock');

function lockOwner(stateDir: string): number | undefined {
  try {
    return Number(readFileSync(join(lockDir(stateDir), 'pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Takes the GC lock (waiting for another collector), returns its release. */
export async function acquireGcLock(stateDir: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(lockDir(stateDir));
      writeFileSync(join(lockDir(stateDir), 'pid'), String(process.pid));
      return () => rmSync(lockDir(stateDir), { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await waitGcIdle(stateDir);
    }
  }
}

/** Resolves once no collector holds the lock (a dead collector's lock is removed). */
export async function waitGcIdle(stateDir: string): Promise<void> {
  for (let i = 0; ; i++) {
    const owner = lockOwner(stateDir);
    let exists = true;
    try {
      readdirSync(lockDir(stateDir));
    } catch {
      exists = false;
    }
    if (!exists) return;
    // A lock without pid for a while, or of a dead process, is stale.
    if ((owner !== undefined && !Number.isNaN(owner) && !alive(owner)) || (owner === undefined && i > 50)) {
      rmSync(lockDir(stateDir), { recursive: true, force: true });
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
