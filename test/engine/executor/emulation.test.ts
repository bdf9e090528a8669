// binfmt_misc emulation checks against a fake binfmt directory: which binaries need an emulator,
// how a Debian definition becomes a registration line with the F flag, and the errors that
// name the fix.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Emulation, elfArchitecture, hostArchitecture, programPath, qemuName, registrationLine } from '../../../src/engine/executor/emulation.js';

/** A 64-bit little-endian ELF header for `machine`. */
function elfHeader(machine: number): Buffer {
  const head = Buffer.alloc(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  head.writeUInt16LE(2, 16);
  head.writeUInt16LE(machine, 18);
  return head;
}

// The foreign architecture is whichever of amd64/arm64 this host is not.
const foreign = hostArchitecture() === 'arm64' ? { arch: 'amd64', machine: 0x3e } : { arch: 'arm64', machine: 0xb7 };
const qemu = `qemu-${qemuName(foreign.arch)}`;
const DEFINITION = `package qemu-user-static
interpreter /usr/libexec/qemu-binfmt/${qemuName(foreign.arch)}-binfmt-P
magic \\x7f\\x45\\x4c\\x46\\x02\\x01\\x01
offset 0
mask \\xff\\xff\\xff\\xff\\xff\\xff\\xff
credentials no
fix_binary yes
preserve yes
`;

describe('elfArchitecture', () => {
  it('reads the machine of ELF headers and ignores other files', () => {
    expect(elfArchitecture(elfHeader(0xb7))).toBe('arm64');
    expect(elfArchitecture(elfHeader(0x3e))).toBe('amd64');
    expect(elfArchitecture(Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(elfArchitecture(readFileSync(process.execPath).subarray(0, 20))).toBe(hostArchitecture());
  });
});

describe('registrationLine', () => {
  it('always asks for the F flag, and P when the definition preserves argv[0]', () => {
    expect(registrationLine('qemu-aarch64', DEFINITION)).toBe(
      `:qemu-aarch64:M:0:\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01:\\xff\\xff\\xff\\xff\\xff\\xff\\xff:/usr/libexec/qemu-binfmt/${qemuName(foreign.arch)}-binfmt-P:FP`,
    );
  });
});

describe('Emulation', () => {
  let root: string;
  let binfmt: string;
  let defs: string;

  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'bake-emulation-'));
    root = join(dir, 'rootfs');
    binfmt = join(dir, 'binfmt');
    defs = join(dir, 'binfmts');
    for (const d of [join(root, 'bin'), binfmt, defs]) mkdirSync(d, { recursive: true });
    writeFileSync(join(root, 'bin', 'busybox'), elfHeader(foreign.machine));
    symlinkSync('busybox', join(root, 'bin', 'sh'));
    writeFileSync(join(root, 'bin', 'native'), readFileSync(process.execPath).subarray(0, 64));
    writeFileSync(join(binfmt, 'register'), '');
    writeFileSync(join(defs, qemu), DEFINITION);
  });

  const env = ['PATH=/usr/bin:/bin'];

  it('finds the program through PATH and symlinks inside the root', async () => {
    expect(await programPath(root, ['sh', '-c', 'true'], env, '/')).toBe(join(root, 'bin', 'busybox'));
    expect(await programPath(root, ['/bin/missing'], env, '/')).toBeUndefined();
  });

  it('registers a missing entry when root, and asks nothing for native programs', async () => {
    const emulation = new Emulation({ binfmtDir: binfmt, definitionsDir: defs, isRoot: true });
    await emulation.prepare(root, ['/bin/native'], env, '/');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toBe('');
    await emulation.prepare(root, ['sh', '-c', 'uname -m'], env, '/');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toMatch(new RegExp(`^:${qemu}:M:0:.*:FP$`));
  });

  it('follows a script to its #! interpreter', async () => {
    writeFileSync(join(root, 'bin', 'script'), '#!/bin/sh\necho hi\n');
    writeFileSync(join(root, 'bin', 'native-script'), '#!/bin/native\n');
    const emulation = new Emulation({ binfmtDir: binfmt, definitionsDir: defs, isRoot: true });
    await emulation.prepare(root, ['/bin/native-script'], env, '/');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toBe('');
    await emulation.prepare(root, ['script'], env, '/');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toContain(`:${qemu}:`);
  });

  it('keeps an entry that has the F flag', async () => {
    writeFileSync(join(binfmt, qemu), 'enabled\ninterpreter /x\nflags: PF\n');
    await new Emulation({ binfmtDir: binfmt, definitionsDir: defs, isRoot: true }).prepare(root, ['/bin/sh'], env, '/');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toBe('');
  });

  it('replaces an entry without the F flag', async () => {
    writeFileSync(join(binfmt, qemu), 'enabled\ninterpreter /x\nflags: P\n');
    await new Emulation({ binfmtDir: binfmt, definitionsDir: defs, isRoot: true }).prepare(root, ['/bin/sh'], env, '/');
    expect(readFileSync(join(binfmt, qemu), 'utf8')).toBe('-1');
    expect(readFileSync(join(binfmt, 'register'), 'utf8')).toContain(`:${qemu}:`);
  });

  it('names the fix when it cannot register', async () => {
    const asUser = new Emulation({ binfmtDir: binfmt, definitionsDir: defs, isRoot: false });
    await expect(asUser.prepare(root, ['/bin/sh'], env, '/')).rejects.toThrow(
      new RegExp(`RUN for linux/${foreign.arch} needs ${qemu} .*only root can register it; fix: apt-get install qemu-user-static binfmt-support`),
    );
    const noQemu = new Emulation({ binfmtDir: binfmt, definitionsDir: join(defs, 'none'), isRoot: true });
    await expect(noQemu.prepare(root, ['/bin/sh'], env, '/')).rejects.toThrow(/not found; fix: apt-get install qemu-user-static/);
  });
});
