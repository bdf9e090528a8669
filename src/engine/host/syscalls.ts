// mount(2), umount2(2) and syncfs(2) made directly by a long-lived Perl coprocess (perl-base is
// Essential in Debian): on this kind of VM a fork+exec of mount(8) costs ~20-30 ms and a build
// makes several per step, while the syscall itself takes ~1 ms. Where Perl or the syscall table
// is missing, the same commands run through the host shells instead.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';
import type { Socket } from 'node:net';
import { hostCommand } from './command-runner.js';

/** Syscall numbers by Node's `process.arch` (asm-generic for arm64). */
const NUMBERS: Partial<Record<string, { mount: number; umount2: number; syncfs: number }>> = {
  x64: { mount: 165, umount2: 166, syncfs: 306 },
  arm64: { mount: 40, umount2: 39, syncfs: 267 },
};

const MNT_DETACH = 2;

/** Perl can't be used here; the equivalent command runs instead. */
class SyscallUnavailable extends Error {}

/** A syscall returned an error: `code` is the errno name (EBUSY...). */
export class SyscallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

// Requests are `id op hexarg...` lines, answers `id errno` lines, one at a time in order. Paths
// go hex-encoded so no byte of theirs can break the framing. The working directory is set per
// request and reset, as overlay resolves relative layer paths against the caller's.
const SCRIPT = `
use strict; $| = 1;
my ($MOUNT, $UMOUNT2, $SYNCFS) = @ARGV;
while (my $line = <STDIN>) {
  chomp $line;
  my ($id, $op, @a) = split / /, $line, -1;
  @a = map { pack('H*', $_) } @a;
  my $r = -1; $! = 0;
  if ($op eq 'mount') {
    my ($cwd, $src, $target, $type, $data) = @a;
    if (chdir($cwd)) { $r = syscall($MOUNT, $src, $target, $type, 0, $data); my $e = $!; chdir('/'); $! = $e; }
  } elsif ($op eq 'umount') {
    my ($target, $flags) = @a;
    $r = syscall($UMOUNT2, $target, 0 + $flags);
  } elsif ($op eq 'syncfs') {
    if (open(my $fh, '<', $a[0])) { $r = syscall($SYNCFS, fileno($fh)); my $e = $!; close($fh); $! = $e; }
  } else { $! = 22; }
  print "$id ", ($r == -1 ? 0 + $! : 0), "\\n";
}
`;

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

interface Pending {
  label: string;
  done: () => void;
  fail: (err: Error) => void;
}

/** One Perl process; requests are answered in order, so each is matched to its reply by id. */
class PerlCoprocess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffered = '';
  dead = false;

  constructor(numbers: { mount: number; umount2: number; syncfs: number }) {
    const args = ['-e', SCRIPT, String(numbers.mount), String(numbers.umount2), String(numbers.syncfs)];
    this.child = spawn('perl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err) => this.die(err));
    this.child.on('exit', () => this.die(new Error('syscall helper exited')));
    this.child.stdin.on('error', (err) => this.die(err));
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => this.receive(d));
    this.child.stderr.resume();
    this.idle();
  }

  call(op: string, args: string[], label: string): Promise<void> {
    if (this.dead) return Promise.reject(new SyscallUnavailable('syscall helper is gone'));
    const id = this.nextId++;
    const line = [String(id), op, ...args.map((a) => Buffer.from(a).toString('hex'))].join(' ');
    return new Promise((done, fail) => {
      this.pending.set(id, { label, done, fail });
      this.busy();
      this.child.stdin.write(`${line}\n`);
    });
  }

  private receive(data: string): void {
    this.buffered += data;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const [id, errno] = this.buffered.slice(0, nl).split(' ').map(Number) as [number, number];
      this.buffered = this.buffered.slice(nl + 1);
      const job = this.pending.get(id);
      this.pending.delete(id);
      if (!job) continue;
      if (errno === 0) job.done();
      else {
        const code = ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
        job.fail(errno === constants.errno.ENOSYS ? new SyscallUnavailable(`${job.label}: ${code}`) : new SyscallError(`${job.label}: ${code}`, code));
      }
    }
    if (this.pending.size === 0) this.idle();
  }

  /** An idle helper must not keep Node alive; a busy one must, until its answer comes. */
  private idle(): void {
    this.child.unref();
    for (const s of this.pipes()) s.unref();
  }

  private busy(): void {
    this.child.ref();
    for (const s of this.pipes()) s.ref();
  }

  private pipes(): Socket[] {
    return [this.child.stdin, this.child.stdout, this.child.stderr] as unknown[] as Socket[];
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.child.kill('SIGKILL');
    for (const job of this.pending.values()) job.fail(new SyscallUnavailable(`${job.label}: ${err.message}`));
    this.pending.clear();
  }
}

// Two helpers: a slow syncfs must not hold up the mounts of other steps.
const helpers = new Map<'mounts' | 'syncs', PerlCoprocess>();
let unavailable = NUMBERS[process.arch] === undefined;

async function call(kind: 'mounts' | 'syncs', op: string, args: string[], label: string): Promise<void> {
  const numbers = NUMBERS[process.arch];
  if (unavailable || !numbers) throw new SyscallUnavailable(`${label}: no syscall helper on ${process.arch}`);
  let helper = helpers.get(kind);
  if (!helper || helper.dead) helpers.set(kind, (helper = new PerlCoprocess(numbers)));
  try {
    await helper.call(op, args, label);
  } catch (err) {
    // Perl missing (spawn ENOENT) or the kernel without the call: use the commands from now on.
    if (err instanceof SyscallUnavailable && helper.dead && helper === helpers.get(kind)) unavailable = true;
    throw err;
  }
}

async function withFallback(syscall: () => Promise<void>, cmd: string, args: string[], cwd?: string): Promise<void> {
  try {
    await syscall();
  } catch (err) {
    if (!(err instanceof SyscallUnavailable)) throw err;
    await hostCommand(cmd, args, cwd === undefined ? {} : { cwd });
  }
}

/** `mount -t type source target -o data`, relative paths in `data` resolved from `cwd`. */
export function mountFs(type: string, source: string, target: string, data: string, cwd: string): Promise<void> {
  return withFallback(
    () => call('mounts', 'mount', [cwd, source, target, type, data], `mount ${target}`),
    'mount', ['-t', type, source, '-o', data, target], cwd,
  );
}

/** `umount target`, or `umount -l target` (detach now, free when unused) when `lazy`. */
export function unmountFs(target: string, lazy = false): Promise<void> {
  return withFallback(
    () => call('mounts', 'umount', [target, String(lazy ? MNT_DETACH : 0)], `umount ${target}`),
    'umount', lazy ? ['-l', target] : [target],
  );
}

/** `sync -f path`: every write made so far to the filesystem holding `path` is on disk. */
export function syncFs(path: string): Promise<void> {
  return withFallback(() => call('syncs', 'syncfs', [path], `syncfs ${path}`), 'sync', ['-f', path]);
}
