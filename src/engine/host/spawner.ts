// Starts processes from a small long-lived Perl helper instead of from Node: Node forks its whole
// large process for every spawn, which on this kind of VM blocked the main thread ~40-100 ms per
// RUN (1.3 s of a 12-service build), while the helper forks in about a millisecond. The helper
// relays each child's stdout and stderr and its exit status as frames on one pipe.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { encodeRaw } from '../layer/raw-names.js';
import { keepAlive } from './keep-alive.js';
import { SPAWNER_SCRIPT } from './spawner-script.js';

/** Syscall numbers by Node's `process.arch` (asm-generic for arm64). */
const SYSCALLS: Partial<Record<string, [mount: number, umount2: number, syncfs: number, unshare: number, lgetxattr: number]>> = {
  x64: [165, 166, 306, 272, 192],
  arm64: [40, 39, 267, 97, 9],
};

export interface ExitStatus {
  /** The exit code, or 128 + signal when killed by one. */
  exitCode: number;
  signal?: number;
}

export interface HelperProcess {
  done: Promise<ExitStatus>;
  /** Sends `signal` (a number) to the process unless it has already exited. */
  kill(signal: number): void;
}

/** The helper can't run here (no Perl): start the process some other way. */
export class SpawnerUnavailable extends Error {}

interface Job {
  /** The helper has forked it: from then on it can't be retried elsewhere. */
  started: boolean;
  label: string;
  output: (stream: 1 | 2, data: Buffer) => void;
  done: (s: ExitStatus) => void;
  fail: (e: Error) => void;
}

/** Splits the helper's output into `id kind length\n<payload>` frames. */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (id: number, kind: string, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const [id, kind, len] = this.buffer.subarray(0, nl).toString('latin1').split(' ') as [string, string, string];
      const end = nl + 1 + Number(len);
      if (this.buffer.length < end) return;
      const payload = this.buffer.subarray(nl + 1, end);
      this.buffer = this.buffer.subarray(end);
      this.onFrame(Number(id), kind, payload);
    }
  }
}

class Spawner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  dead = false;

  constructor() {
    const numbers = SYSCALLS[process.arch] ?? [-1, -1, -1, -1, -1];
    this.child = spawn('perl', ['-e', SPAWNER_SCRIPT, ...numbers.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const frames = new FrameReader((id, kind, payload) => this.frame(id, kind, payload));
    this.child.stdout.on('data', (d: Buffer) => frames.push(d));
    this.child.stderr.resume();
    this.child.on('error', (err) => this.die(err));
    this.child.on('exit', () => this.die(new Error('process helper exited')));
    this.child.stdin.on('error', (err) => this.die(err));
    keepAlive(this.child, false);
  }

  /** A `spawn` of argv[0], or a `sys` call named by argv[0]. */
  start(op: 'spawn' | 'sys', argv: string[], output: Job['output']): HelperProcess {
    const id = this.nextId++;
    const done = new Promise<ExitStatus>((resolve, reject) =>
      this.jobs.set(id, { started: false, label: argv.filter(Boolean).join(' '), output, done: resolve, fail: reject }),
    );
    // Hex carries any bytes: a path whose name is not UTF-8 (escaped, see raw-names.ts) goes as its own.
    this.send(`${id} ${op} ${argv.map((a) => encodeRaw(a).toString('hex')).join(' ')}`);
    return { done, kill: (signal) => this.jobs.has(id) && this.send(`${id} kill ${signal}`) };
  }

  private send(line: string): void {
    if (this.dead) return;
    keepAlive(this.child, true);
    this.child.stdin.write(`${line}\n`);
  }

  private frame(id: number, kind: string, payload: Buffer): void {
    const job = this.jobs.get(id);
    if (!job) return;
    if (kind === 'pid') job.started = true;
    else if (kind === 'out' || kind === 'err') job.output(kind === 'out' ? 1 : 2, payload);
    else if (kind === 'exit') {
      this.jobs.delete(id);
      const [code, signal] = payload.toString().split(' ').map(Number) as [number, number];
      job.done(signal > 0 ? { exitCode: 128 + signal, signal } : { exitCode: code });
    }
    if (this.jobs.size === 0) keepAlive(this.child, false);
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
    for (const job of this.jobs.values()) {
      // A started process may still run, orphaned: it must not be started a second time.
      const message = `process helper (running ${job.label}): ${err.message}`;
      job.fail(job.started ? new Error(message) : new SpawnerUnavailable(message));
    }
    this.jobs.clear();
  }
}

let spawner: Spawner | undefined;
let unavailable = false;

function request(op: 'spawn' | 'sys', argv: string[], output: Job['output']): HelperProcess {
  if (unavailable) return { done: Promise.reject(new SpawnerUnavailable('no process helper')), kill: () => undefined };
  if (!spawner || spawner.dead) spawner = new Spawner();
  const current = spawner;
  const proc = current.start(op, argv, output);
  proc.done.catch((err: unknown) => {
    // A helper that died before answering anything (Perl missing): stop trying it.
    if (err instanceof SpawnerUnavailable && current.dead && current === spawner) unavailable = true;
  });
  return proc;
}

/** The host's architecture is missing from SYSCALLS: calls by number can't be made here. */
function noSyscalls(): SpawnerUnavailable {
  return new SpawnerUnavailable(`no syscall numbers for ${process.arch}`);
}

export interface SpawnOptions {
  /** The working directory; the helper's when absent. */
  cwd?: string;
  /** Mount points the process must not see: it runs in a mount namespace of its own without them. */
  hideMounts?: string[];
}

/**
 * Runs `cmd args` with stdin from /dev/null, passing its output to `output`. `done` rejects with
 * SpawnerUnavailable when the process was not started because the helper cannot run (it is then
 * never tried again); the caller may start it another way.
 */
export function spawnViaHelper(cmd: string, args: string[], output: (stream: 1 | 2, data: Buffer) => void, opts: SpawnOptions = {}): HelperProcess {
  const hide = opts.hideMounts ?? [];
  if (hide.length > 0 && !SYSCALLS[process.arch]) return { done: Promise.reject(noSyscalls()), kill: () => undefined };
  return request('spawn', [opts.cwd ?? '', hide.join('\0'), cmd, ...args], output);
}

/**
 * Makes mount(2) (`cwd source target type data`), umount2(2) (`target flags`) or syncfs(2)
 * (`path`) in a child of the helper; resolves with its errno, 0 on success. Rejects with
 * SpawnerUnavailable where the helper or the syscall table is missing.
 */
export async function syscallViaHelper(call: 'mount' | 'umount' | 'syncfs', args: string[]): Promise<number> {
  if (!SYSCALLS[process.arch]) throw noSyscalls();
  return (await request('sys', [call, ...args], () => undefined).done).exitCode;
}

/**
 * The value of the extended attribute `name` of each path (not following symlinks), undefined
 * where it has none; read by the helper itself, no process started. Rejects with
 * SpawnerUnavailable where the helper or the syscall table is missing.
 */
export async function xattrsViaHelper(name: string, paths: string[]): Promise<(Buffer | undefined)[]> {
  if (!SYSCALLS[process.arch]) throw noSyscalls();
  const out: Buffer[] = [];
  await request('sys', ['xattr', name, ...paths], (_s, d) => out.push(d)).done;
  const lines = Buffer.concat(out).toString('latin1').split('\n');
  return paths.map((_p, i) => (lines[i] === '-' || lines[i] === undefined ? undefined : Buffer.from(lines[i]!, 'hex')));
}
