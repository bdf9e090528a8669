// Runs containers with an OCI runtime CLI: crun when it works on this host, else runc. crun runs
// without the cgroup2 mount of a hybrid host (cgroup-layout.ts). The choice is probed with a
// throwaway busybox container and remembered (runtime-choice.ts); runtime-process.ts starts it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { resolveInRoot } from '../fs/resolve.js';
import { hostHybridCgroup2Mounts } from './cgroup-layout.js';
import { Emulation } from './emulation.js';
import { hostResolvConf, hostsFile, resolvConf } from './etc-files.js';
import type { Executor, Mount, ProcessInfo, RunResult } from './executor.js';
import { ociSpec } from './oci-spec.js';
import { chooseRuntime } from './runtime-choice.js';
import { runtimeCommand, startRuntime } from './runtime-process.js';
import type { Runtime } from './runtime-choice.js';
import { makeMountpoints, missingStubs, removeStubs } from './stubs.js';

const STATE_ROOT = '/run/bake';
const PROBE_BINARY = '/bin/busybox';

function runtimeArgs(rt: Runtime, args: string[]): string[] {
  return ['--root', join(STATE_ROOT, rt), ...args];
}

function hiddenMounts(rt: Runtime): string[] {
  return rt === 'crun' ? hostHybridCgroup2Mounts() : [];
}

async function runtimeCmd(rt: Runtime, args: string[]): Promise<void> {
  await runtimeCommand(rt, runtimeArgs(rt, args), hiddenMounts(rt));
}

/**
 * Creates a missing working directory inside the root as runc's MkdirAll does with the path as
 * written: every named component on the way exists afterwards, so `WORKDIR /a/../b` leaves an
 * empty `/a` in the step's layer, as with BuildKit.
 */
async function ensureCwd(rootfs: string, cwd: string): Promise<void> {
  const segments = cwd.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 1; i <= segments.length; i++) {
    if (segments[i - 1] === '..' && i < segments.length) continue;
    await mkdir(await resolveInRoot(rootfs, '/' + segments.slice(0, i).join('/')), { recursive: true, mode: 0o755 });
  }
}

/**
 * The runtime's own mount points: a missing one is made here as 0755 (the mode BuildKit's
 * runc leaves in the layer) instead of by the runtime (crun makes /dev sticky, 1755).
 */
async function ensureSystemMountpoints(rootfs: string): Promise<void> {
  await Promise.all(
    ['dev', 'proc', 'sys'].map((name) =>
      mkdir(join(rootfs, name), 0o755).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      }),
    ),
  );
}

async function writeBundle(rootfs: string, mounts: Mount[], proc: ProcessInfo): Promise<string> {
  // config.json may hold secret env values: keep it on a tmpfs when there is one.
  const bundle = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bake-bundle-'));
  const hosts = join(bundle, 'hosts');
  const resolv = join(bundle, 'resolv.conf');
  await writeFile(hosts, hostsFile(proc));
  await writeFile(resolv, resolvConf(await hostResolvConf(), proc.network));
  await chmod(bundle, 0o755);
  const spec = ociSpec(rootfs, mounts, proc, { hosts, resolvConf: resolv });
  await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

/** Runs one container in the foreground; the process output goes to `proc.output`. */
async function runContainer(rt: Runtime, rootfs: string, mounts: Mount[], proc: ProcessInfo, signal: AbortSignal): Promise<RunResult> {
  if (signal.aborted) throw new UserError('build cancelled');
  const id = `bake-${randomBytes(8).toString('hex')}`;
  await ensureCwd(rootfs, proc.cwd);
  await ensureSystemMountpoints(rootfs);
  const stubs = await missingStubs(rootfs, ['/etc/hosts', '/etc/resolv.conf', ...mounts.map((m) => m.dest)]);
  await makeMountpoints(rootfs, [
    { dest: '/etc/hosts', file: true },
    { dest: '/etc/resolv.conf', file: true },
    ...(await Promise.all(mounts.map(async (m) => ({ dest: m.dest, file: m.type === 'bind' && !(await stat(m.source)).isDirectory() })))),
  ]);
  const bundle = await writeBundle(rootfs, mounts, proc);
  const child = startRuntime(rt, runtimeArgs(rt, ['run', '--bundle', bundle, id]), proc.output, hiddenMounts(rt));
  // Kill the container; if the runtime has not created it yet, kill the runtime itself.
  const kill = (): void => {
    void runtimeCmd(rt, ['kill', id, 'KILL']);
    setTimeout(() => child.kill(), 2000).unref();
  };
  signal.addEventListener('abort', kill, { once: true });
  try {
    const exitCode = await child.done;
    if (signal.aborted) throw new UserError('build cancelled');
    return { exitCode };
  } finally {
    signal.removeEventListener('abort', kill);
    // A foreground `run` removes its container on exit; delete only what it left behind
    // (its state dir remains when it was killed or failed half-way), saving a process per step.
    if (existsSync(join(STATE_ROOT, rt, id))) await runtimeCmd(rt, ['delete', '-f', id]);
    await rm(bundle, { recursive: true, force: true });
    await removeStubs(rootfs, stubs);
  }
}

/** Whether `rt` can start a container here: runs `busybox true` in a throwaway rootfs. */
async function probe(rt: Runtime): Promise<string | undefined> {
  const rootfs = await mkdtemp(join(tmpdir(), 'bake-probe-'));
  try {
    await mkdir(join(rootfs, 'bin'));
    await copyFile(PROBE_BINARY, join(rootfs, 'bin/busybox'));
    await chmod(rootfs, 0o755);
    const errors: string[] = [];
    const proc: ProcessInfo = {
      args: ['/bin/busybox', 'true'], env: [], cwd: '/', user: { uid: 0, gid: 0, additionalGids: [] },
      network: 'none', security: 'sandbox', output: (_s, d) => errors.push(Buffer.from(d).toString()),
    };
    const r = await runContainer(rt, rootfs, [], proc, new AbortController().signal);
    return r.exitCode === 0 ? undefined : errors.join('').trim() || `exit code ${r.exitCode}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

let chosen: Promise<Runtime> | undefined;

async function installed(rt: Runtime): Promise<boolean> {
  return (await runtimeCommand(rt, ['--version'])) === 0;
}

async function pickRuntime(): Promise<Runtime> {
  if (!existsSync(PROBE_BINARY)) {
    // Nothing static to probe with (busybox-static missing): take runc, the more tolerant one.
    for (const rt of ['runc', 'crun'] as const) if (await installed(rt)) return rt;
    throw new UserError('no OCI runtime found: RUN needs runc or crun installed');
  }
  return chooseRuntime(STATE_ROOT, probe);
}

/** The runtime, probed once per process; a failed choice is retried by the next caller. */
function runtime(): Promise<Runtime> {
  chosen ??= pickRuntime().catch((err: unknown) => {
    chosen = undefined;
    throw err;
  });
  return chosen;
}

/** Starts choosing the runtime now, so a build's first RUN does not wait for the probe. */
export function prepareRuntime(): void {
  runtime().catch(() => undefined);
}

const emulation = new Emulation();

/** The executor backed by the first runtime that works on this host; foreign binaries run under qemu. */
export class RuncExecutor implements Executor {
  async run(rootfs: string, mounts: Mount[], proc: ProcessInfo, signal: AbortSignal): Promise<RunResult> {
    await emulation.prepare(rootfs, proc.args, proc.env, proc.cwd);
    return runContainer(await runtime(), rootfs, mounts, proc, signal);
  }
}
