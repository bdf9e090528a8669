// File names that are not UTF-8 (Latin-1 `caf\xe9`) in a build context and in a stage's RUN
// output: COPY, wildcard COPY and the exporters keep their exact bytes, symlink targets included.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxLayout } from '../helpers/busybox.js';
import { runBake } from '../helpers/cli.js';

const canBuild = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** `tar tv` of a tar file, non-ASCII bytes as octal escapes. */
function tarListing(file: string): string {
  return execFileSync('tar', ['--list', '--verbose', '--quoting-style=escape', '-f', file]).toString('latin1');
}

describe.skipIf(!canBuild)('names that are not UTF-8', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-rawname-'));
    env = { BAKE_STATE_DIR: join(work, 'state') };
    const ctx = Buffer.from(join(work, 'ctx'));
    mkdirSync(ctx);
    writeFileSync(Buffer.concat([ctx, latin1('/caf\xe9.txt')]), 'coffee\n');
    mkdirSync(Buffer.concat([ctx, latin1('/d\xff')]));
    writeFileSync(Buffer.concat([ctx, latin1('/d\xff/in')]), 'inside\n');
    symlinkSync(latin1('caf\xe9.txt'), Buffer.concat([ctx, latin1('/link')]));
    writeFileSync(
      join(work, 'Dockerfile'),
      [
        'FROM busybox AS made',
        `RUN mkdir /m && echo run > "/m/r$(printf '\\351')" && echo other > /m/plain`,
        'FROM scratch',
        'COPY ctx/ /ctx/',
        'COPY --from=made /m/r* /w/',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(work, 'docker-bake.hcl'),
      [
        'target "default" {',
        `  contexts = { busybox = "oci-layout://${layout}:1" }`,
        '  output = ["type=tar,dest=out.tar", "type=local,dest=out"]',
        '}',
        '',
      ].join('\n'),
    );
    const res = await runBake(['--progress=plain'], { cwd: work, env });
    expect(res.stderr).not.toContain('ERROR');
    expect(res.code).toBe(0);
  });

  it('copies context files and directories with their exact bytes, symlink targets too', () => {
    const listing = tarListing(join(work, 'out.tar'));
    expect(listing).toContain('ctx/caf\\351.txt');
    expect(listing).toContain('ctx/d\\377/in');
    expect(listing).toContain('ctx/link -> caf\\351.txt');
    const names = readdirSync(Buffer.from(join(work, 'out', 'ctx')), { encoding: 'buffer' }).map((b) => b.toString('latin1'));
    expect(names.sort()).toEqual(['caf\xe9.txt', 'd\xff', 'link']);
    expect(readlinkSync(Buffer.from(join(work, 'out', 'ctx', 'link')), { encoding: 'buffer' }).toString('latin1')).toBe('caf\xe9.txt');
  });

  it('matches a wildcard against a name a RUN made', () => {
    const listing = tarListing(join(work, 'out.tar'));
    expect(listing).toContain('w/r\\351');
    expect(listing).not.toContain('w/plain');
  });

  it('rebuilds from cache with the same names', async () => {
    const res = await runBake(['--progress=plain'], { cwd: work, env });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/CACHED/);
    expect(tarListing(join(work, 'out.tar'))).toContain('ctx/caf\\351.txt');
  });
});
