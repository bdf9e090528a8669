// Exported filesystem details that must match BuildKit, built end to end through the CLI: a
// COPY source below a symlinked context dir, device nodes of an ADDed archive, and owners past
// what a ustar header field holds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake, type CliResult } from '../helpers/cli.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

const DOCKERFILE = `FROM base
COPY ldir/f /viaparent
ADD dev.tar /d/
RUN echo x > /big && chown 3000000:4000000 /big
`;

async function deviceTar(): Promise<Buffer> {
  const p = pack();
  p.entry({ name: 'null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 });
  p.entry({ name: 'loop0', type: 'block-device', devmajor: 7, devminor: 0, mode: 0o660, gid: 6 });
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe.skipIf(!canBuild)('exported filesystem parity', () => {
  let work: string;
  let result: CliResult;
  let listing: string;

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-fsparity-'));
    const ctx = join(work, 'ctx');
    mkdirSync(join(ctx, 'real'), { recursive: true });
    writeFileSync(join(ctx, 'real', 'f'), 'through the link\n');
    symlinkSync('real', join(ctx, 'ldir'));
    writeFileSync(join(ctx, 'dev.tar'), await deviceTar());
    writeFileSync(join(ctx, 'Dockerfile'), DOCKERFILE);
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      `target "default" {\n  context = "ctx"\n  contexts = { base = "oci-layout://${layout}:1" }\n  output = ["type=tar,dest=rootfs.tar"]\n}\n`,
    );
    result = await runBake(['--progress=plain'], { cwd: work, env: { BAKE_STATE_DIR: join(work, 'state') } });
    if (result.code === 0) listing = execFileSync('tar', ['--numeric-owner', '-tvf', join(work, 'rootfs.tar')]).toString();
  }, 240_000);

  afterAll(() => {
    if (work) unmountAll(work);
  });

  it('builds', () => {
    expect(result.stderr).not.toContain('ERROR');
    expect(result.code).toBe(0);
  });

  it('copies a source named through a symlinked context dir', () => {
    expect(execFileSync('tar', ['-xOf', join(work, 'rootfs.tar'), 'viaparent']).toString()).toBe('through the link\n');
  });

  it('keeps the device nodes of an added archive', () => {
    expect(listing).toMatch(/^crw-rw-rw- 0\/0 +1, *3 .* d\/null$/m);
    expect(listing).toMatch(/^brw-rw---- 0\/6 +7, *0 .* d\/loop0$/m);
  });

  it('keeps owners past 262143', () => {
    expect(listing).toMatch(/^-rw-r--r-- 3000000\/4000000 .* big$/m);
  });
});
