// Short host commands (mknod, setfattr, getfattr...) are started by the host's process helper
// (spawner.ts): forking the large Node process for each one cost seconds of main-thread time per
// build, while the small helper forks cheaply. Where the helper can't run, they go through two
// long-lived `/bin/sh` coprocesses instead: each runs one command at a time, and a command's
// output ends at a marker unique to that command, so no output is shared between commands.
import { isUtf8 } from 'node:buffer';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { decodeRaw, encodeRaw } from '../layer/raw-names.js';
import { keepAlive } from './keep-alive.js';
import { SpawnerUnavailable, spawnViaHelper } from './spawner.js';

export interface CommandResult {
  exitCode: number;
  /** UTF-8, with bytes that are not kept escaped (raw-names.ts): names printed keep their bytes. */
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd?: string;
}

/** A command exited non-zero (or its shell died). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** POSIX single-quoting: safe for spaces, quotes, newlines and `$`. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('argument contains a NUL byte');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * `arg` single-quoted as the bytes it names: a name that is not UTF-8 (escaped, see
 * raw-names.ts) reaches the command exactly. Node's spawn takes only string arguments and
 * encodes them as UTF-8, but the shell reads its script as bytes, so they go through it.
 */
function shellWord(arg: string): Buffer {
  return Buffer.from(shellQuote(encodeRaw(arg).toString('latin1')), 'latin1');
}

/** A command's stdout as text, bytes that are not UTF-8 kept (escaped). */
function exactText(output: Buffer): string {
  return isUtf8(output) ? output.toString('utf8') : decodeRaw(output);
}

/** Collects one stream up to a marker line. */
class Collector {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The last bytes seen, as long as the marker: a marker may span chunks. */
  private tail = Buffer.alloc(0);
  constructor(private readonly marker: Buffer) {}

  /** Adds data; returns the output and what follows the marker once the marker arrived. */
  push(chunk: Buffer): { output: Buffer; rest: Buffer } | undefined {
    // Only the new chunk and the bytes just before it can complete the marker: search those
    // alone, so large outputs are not copied once per chunk.
    const tail = this.tail;
    const window = Buffer.concat([tail, chunk]);
    const at = window.indexOf(this.marker);
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.tail = window.subarray(Math.max(0, window.length - this.marker.length));
    if (at < 0) return undefined;
    const all = Buffer.concat(this.chunks, this.size);
    const start = this.size - chunk.length - tail.length + at;
    return { output: all.subarray(0, start), rest: all.subarray(start + this.marker.length) };
  }
}

interface Job {
  script: Buffer;
  label: string;
  done: (r: CommandResult) => void;
  fail: (e: Error) => void;
}

class Coprocess {
  private readonly child: ChildProcessWithoutNullStreams;
  private job: Job | undefined;
  dead = false;

  constructor(private readonly onIdle: () => void) {
    this.child = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err) => this.die(err));
    this.child.on('exit', () => this.die(new Error('host command shell exited')));
    this.child.stdin.on('error', (err) => this.die(err));
    keepAlive(this.child, false);
  }

  get busy(): boolean {
    return this.job !== undefined;
  }

  run(job: Job): void {
    this.job = job;
    keepAlive(this.child, true);
    const mark = `bake-end-${randomBytes(12).toString('hex')}`;
    const out = new Collector(Buffer.from(`\n${mark} `));
    const err = new Collector(Buffer.from(`\n${mark}\n`));
    let stdout: { output: Buffer; rest: Buffer } | undefined;
    let stderr: { output: Buffer; rest: Buffer } | undefined;
    const check = (): void => {
      if (!stdout || !stderr || !/^\d+\n/.test(stdout.rest.toString())) return;
      this.child.stdout.removeListener('data', onOut);
      this.child.stderr.removeListener('data', onErr);
      this.job = undefined;
      keepAlive(this.child, false);
      job.done({ exitCode: parseInt(stdout.rest.toString(), 10), stdout: exactText(stdout.output), stderr: stderr.output.toString('utf8') });
      this.onIdle();
    };
    // After the marker, stdout still needs the exit status line.
    const onOut = (d: Buffer): void => {
      if (stdout) stdout = { output: stdout.output, rest: Buffer.concat([stdout.rest, d]) };
      else stdout = out.push(d);
      check();
    };
    const onErr = (d: Buffer): void => {
      stderr ??= err.push(d);
      check();
    };
    this.child.stdout.on('data', onOut);
    this.child.stderr.on('data', onErr);
    const m = shellQuote(mark);
    this.child.stdin.write(Buffer.concat([job.script, Buffer.from(` </dev/null; r=$?; printf '\\n%s %s\\n' ${m} "$r"; printf '\\n%s\\n' ${m} >&2\n`)]));
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
    const job = this.job;
    this.job = undefined;
    job?.fail(new CommandError(`${job.label}: ${err.message}`, 255, '', ''));
    this.onIdle();
  }
}

const POOL_SIZE = 2;
const pool: Coprocess[] = [];
const queue: Job[] = [];

function dispatch(): void {
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i]!.dead) pool.splice(i, 1);
  while (queue.length > 0) {
    let shell = pool.find((s) => !s.busy);
    if (!shell && pool.length < POOL_SIZE) pool.push((shell = new Coprocess(dispatch)));
    if (!shell) return;
    shell.run(queue.shift()!);
  }
}

/** Runs `cmd args` on the host; resolves with its status and output whatever the status. */
export async function runCommand(cmd: string, args: string[], opts: CommandOptions = {}): Promise<CommandResult> {
  if (args.some((a) => a.includes('\0')) || cmd.includes('\0')) throw new Error('argument contains a NUL byte');
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  try {
    const r = await spawnViaHelper(cmd, args, (s, d) => (s === 1 ? out : err).push(d), { cwd: opts.cwd }).done;
    return { exitCode: r.exitCode, stdout: exactText(Buffer.concat(out)), stderr: Buffer.concat(err).toString('utf8') };
  } catch (e) {
    if (e instanceof SpawnerUnavailable) return runInShell(cmd, args, opts);
    throw new CommandError(`${[cmd, ...args].join(' ')}: ${e instanceof Error ? e.message : String(e)}`, 255, '', '');
  }
}

/** The fallback of runCommand: `cmd args` through one of the shell coprocesses. */
export function runInShell(cmd: string, args: string[], opts: CommandOptions = {}): Promise<CommandResult> {
  const text = (t: string): Buffer => Buffer.from(t);
  const words = [cmd, ...args].flatMap((a, i) => (i === 0 ? [shellWord(a)] : [text(' '), shellWord(a)]));
  const cd = opts.cwd === undefined ? [] : [text('cd '), shellWord(opts.cwd), text(' && ')];
  const script = Buffer.concat([text('('), ...cd, text('exec '), ...words, text(')')]);
  const label = [cmd, ...args].join(' ');
  return new Promise((done, fail) => {
    queue.push({ script, label, done, fail });
    dispatch();
  });
}

/** Like `execFile`: rejects with a CommandError when the command exits non-zero. */
export async function hostCommand(cmd: string, args: string[], opts: CommandOptions = {}): Promise<CommandResult> {
  const r = await runCommand(cmd, args, opts);
  if (r.exitCode !== 0) {
    throw new CommandError(`Command failed: ${[cmd, ...args].join(' ')}\n${r.stderr}`, r.exitCode, r.stdout, r.stderr);
  }
  return r;
}
