// Which OCI runtime works on this host: crun when it can start a container here, else runc.
// Probing starts throwaway containers, ~0.1-0.3 s per build,
// so the answer is remembered under the runtimes' state root, keyed by the boot (cgroup layout
// only changes with one) and by each binary's path, size and mtime (an upgrade asks again).
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';

export const RUNTIMES = ['crun', 'runc'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Why `rt` can't start a container here, or undefined when it can. */
export type Probe = (rt: Runtime) => Promise<string | undefined>;

function findBinary(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (!dir) continue;
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    if (st?.isFile()) return `${join(dir, name)}:${st.size}:${Math.trunc(st.mtimeMs)}`;
  }
  return undefined;
}

/** What the remembered choice depends on. */
export function hostKey(): string {
  let boot = '';
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // No boot id: the binaries alone key the choice.
  }
  // `probe` names how runtimes are started: a choice made for an older way is made again.
  return JSON.stringify({ boot, binaries: RUNTIMES.map((rt) => findBinary(rt) ?? null), probe: 2 });
}

function remembered(file: string, key: string): Runtime | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; runtime?: string };
    const rt = RUNTIMES.find((r) => r === saved.runtime);
    return saved.key === key ? rt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first runtime of RUNTIMES that `probe` accepts. All are probed at once (a refused crun
 * then costs no extra wait); the result is saved in `stateRoot` for the next builds.
 */
export async function chooseRuntime(stateRoot: string, probe: Probe): Promise<Runtime> {
  const file = join(stateRoot, 'runtime-choice.json');
  const key = hostKey();
  const known = remembered(file, key);
  if (known) return known;
  const errors = await Promise.all(RUNTIMES.map((rt) => probe(rt)));
  const index = errors.findIndex((e) => e === undefined);
  if (index < 0) {
    const failures = RUNTIMES.map((rt, i) => `${rt}: ${errors[i]!.split('\n').slice(-3).join(' ')}`);
    throw new UserError(`no working OCI runtime (RUN needs crun or runc, run as root):\n  ${failures.join('\n  ')}`);
  }
  const runtime = RUNTIMES[index]!;
  // Only a cache: failing to save it costs the next build a probe, nothing more.
  await mkdir(stateRoot, { recursive: true })
    .then(() => writeFileAtomic(file, JSON.stringify({ key, runtime })))
    .catch(() => undefined);
  return runtime;
}
