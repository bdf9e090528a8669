// RUN for a foreign architecture: the kernel runs a foreign ELF through binfmt_misc, which must
// have a qemu-user-static entry with the F flag (the interpreter opened at registration, so it
// works inside a container's root). The binary about to run is read to learn its machine, so a
// `FROM --platform=$BUILDPLATFORM` stage of an arm64 build never asks for an emulator. A missing
// entry is registered when we are root (mounting binfmt_misc first if needed), from the
// definition Debian's qemu-user-static ships in /usr/share/binfmts; otherwise a clear error.
import { execFile } from 'node:child_process';
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../errors.js';
import { resolveInRoot } from '../fs/resolve.js';

/** ELF e_machine values → OCI architecture names. */
const ELF_MACHINES: Record<number, string> = {
  0x03: '386', 0x14: 'ppc', 0x15: 'ppc64le', 0x16: 's390x', 0x28: 'arm', 0x3e: 'amd64', 0xb7: 'arm64', 0xf3: 'riscv64',
};
/** OCI architecture names → qemu's (binfmt entries are `qemu-<name>`). */
const QEMU_NAMES: Record<string, string> = { '386': 'i386', amd64: 'x86_64', arm64: 'aarch64', ppc64le: 'ppc64le' };
const NODE_ARCHES: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };

export const INSTALL_HINT = 'apt-get install qemu-user-static binfmt-support';

/** The OCI architecture of an ELF header, or undefined when `head` is not ELF (scripts...). */
export function elfArchitecture(head: Uint8Array): string | undefined {
  if (head.length < 20 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return undefined;
  const littleEndian = head[5] === 1;
  const machine = littleEndian ? head[18]! | (head[19]! << 8) : (head[18]! << 8) | head[19]!;
  return ELF_MACHINES[machine] ?? `elf-machine-${machine}`;
}

export function qemuName(arch: string): string {
  return QEMU_NAMES[arch] ?? arch;
}

export function hostArchitecture(): string {
  return NODE_ARCHES[process.arch] ?? process.arch;
}

/** The host path of the program `args[0]` names, looked up in PATH as execve callers do. */
export async function programPath(rootfs: string, args: string[], env: string[], cwd: string): Promise<string | undefined> {
  const name = args[0];
  if (!name) return undefined;
  const pathVar = env.filter((e) => e.startsWith('PATH=')).pop()?.slice(5) ?? '/usr/local/bin:/usr/bin:/bin';
  const candidates = name.includes('/') ? [name.startsWith('/') ? name : join(cwd, name)] : pathVar.split(':').map((d) => join(d || '.', name));
  for (const candidate of candidates) {
    const host = await resolveInRoot(rootfs, candidate).catch(() => undefined);
    if (host && (await stat(host).then((s) => s.isFile(), () => false))) return host;
  }
  return undefined;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    // Enough for an ELF header or a `#!` line.
    const buf = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buf, 0, 256, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface EmulationPaths {
  /** Where binfmt_misc is mounted. */
  binfmtDir: string;
  /** Debian's binfmt definitions (`update-binfmts` format). */
  definitionsDir: string;
  isRoot: boolean;
}

const DEFAULT_PATHS: EmulationPaths = {
  binfmtDir: '/proc/sys/fs/binfmt_misc',
  definitionsDir: '/usr/share/binfmts',
  isRoot: process.getuid?.() === 0,
};

/** The kernel registration line for a Debian binfmt definition, always with the F flag. */
export function registrationLine(name: string, definition: string): string {
  const field = (key: string): string | undefined => new RegExp(`^${key} (.*)$`, 'm').exec(definition)?.[1]?.trim();
  const interpreter = field('interpreter');
  const magic = field('magic');
  if (!interpreter || !magic) throw new Error(`binfmt definition ${name} has no interpreter or magic`);
  const flags = `F${field('preserve') === 'yes' ? 'P' : ''}${field('credentials') === 'yes' ? 'C' : ''}`;
  return `:${name}:M:${field('offset') ?? '0'}:${magic}:${field('mask') ?? ''}:${interpreter}:${flags}`;
}

/** Registers and checks binfmt_misc entries, once per architecture. */
export class Emulation {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(private readonly paths: EmulationPaths = DEFAULT_PATHS) {}

  /** Makes sure the program `args[0]` can run: its architecture is the host's or emulated. */
  async prepare(rootfs: string, args: string[], env: string[], cwd: string): Promise<void> {
    const arch = await this.programArchitecture(rootfs, args, env, cwd);
    if (!arch || arch === hostArchitecture()) return;
    let pending = this.ready.get(arch);
    if (!pending) {
      pending = this.ensure(arch);
      this.ready.set(arch, pending);
      pending.catch(() => this.ready.delete(arch));
    }
    await pending;
  }

  /** The ELF architecture of the program, or of its `#!` interpreter for a script. */
  private async programArchitecture(rootfs: string, args: string[], env: string[], cwd: string): Promise<string | undefined> {
    let program = await programPath(rootfs, args, env, cwd);
    for (let hop = 0; program && hop < 2; hop++) {
      const head = await readHead(program).catch(() => new Uint8Array());
      const arch = elfArchitecture(head);
      if (arch) return arch;
      const interpreter = /^#!\s*(\S+)/.exec(Buffer.from(head).toString('latin1'))?.[1];
      program = interpreter && (await programPath(rootfs, [interpreter], env, cwd));
    }
    return undefined;
  }

  private async entryStatus(name: string): Promise<'usable' | 'missing' | 'no-fix-binary'> {
    const text = await readFile(join(this.paths.binfmtDir, name), 'utf8').catch(() => undefined);
    if (text === undefined) return 'missing';
    const flags = /^flags: *(\S*)/m.exec(text)?.[1] ?? '';
    return /^enabled/m.test(text) && flags.includes('F') ? 'usable' : 'no-fix-binary';
  }

  private async ensure(arch: string): Promise<void> {
    const name = `qemu-${qemuName(arch)}`;
    const status = await this.entryStatus(name);
    if (status === 'usable') return;
    const fail = (why: string): UserError =>
      new UserError(`RUN for linux/${arch} needs ${name} emulation registered in binfmt_misc with the F flag: ${why}; fix: ${INSTALL_HINT}`);
    if (!this.paths.isRoot) throw fail(status === 'missing' ? 'it is not registered and only root can register it' : 'the entry has no F flag');
    const definition = await readFile(join(this.paths.definitionsDir, name), 'utf8').catch(() => undefined);
    if (definition === undefined) throw fail(`${join(this.paths.definitionsDir, name)} not found`);
    await this.mountBinfmt().catch((err: unknown) => {
      throw fail(`cannot mount binfmt_misc (${err instanceof Error ? err.message : String(err)})`);
    });
    try {
      // An entry without the F flag would not find its interpreter inside the container: replace it.
      if (status === 'no-fix-binary') await writeFile(join(this.paths.binfmtDir, name), '-1');
      await writeFile(join(this.paths.binfmtDir, 'register'), registrationLine(name, definition));
    } catch (err) {
      throw fail(`registering failed (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private async mountBinfmt(): Promise<void> {
    const register = join(this.paths.binfmtDir, 'register');
    if (await stat(register).then(() => true, () => false)) return;
    await promisify(execFile)('mount', ['-t', 'binfmt_misc', 'binfmt_misc', this.paths.binfmtDir]);
  }
}
