// Names that are not UTF-8 survive extraction: ADD of a local tar made by GNU tar (names in pax
// records and ustar fields, a symlink and a hard link to such a name), and a base image whose
// layer holds such names, extracted from an OCI layout into a fresh state directory.
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

function bakeFile(dir: string, contexts: Record<string, string>, output: string): void {
  const ctx = Object.entries(contexts).map(([k, v]) => `${k} = "${v}"`);
  writeFileSync(join(dir, 'docker-bake.hcl'), `target "default" {\n  contexts = { ${ctx.join(', ')} }\n  output = ["${output}"]\n}\n`);
}

describe.skipIf(!canBuild)('extracting names that are not UTF-8', () => {
  let work: string;
  let layout: string;

  beforeAll(async () => {
    layout = await ensureBusyboxLayout();
    work = mkdtempSync(join(tmpdir(), 'bake-rawx-itg-'));
    const tree = Buffer.from(join(work, 'tree'));
    mkdirSync(tree);
    const at = (name: string): Buffer => Buffer.concat([tree, latin1(`/${name}`)]);
    writeFileSync(at('caf\xe9.txt'), 'coffee\n');
    symlinkSync(latin1('caf\xe9.txt'), at('link\xe9'));
    linkSync(at('caf\xe9.txt'), at('hard\xe9'));
    writeFileSync(at(`${'l'.repeat(110)}\xe9`), 'long\n');
  });

  it.each(['pax', 'gnu'])('ADD of a local --format=%s tar', async (format) => {
    const dir = join(work, `add-${format}`);
    mkdirSync(dir);
    execFileSync('tar', [`--format=${format}`, '-cf', join(dir, 'a.tar'), '-C', join(work, 'tree'), '.']);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nADD a.tar /x/\nRUN cat "/x/hard$(printf \'\\351\')" > /x/read\n');
    bakeFile(dir, { busybox: `oci-layout://${layout}:1` }, 'type=tar,dest=out.tar');
    const res = await runBake(['--progress=plain'], { cwd: dir, env: { BAKE_STATE_DIR: join(work, 'state') } });
    expect(res.stderr).not.toContain('ERROR');
    const listing = tarListing(join(dir, 'out.tar'));
    expect(listing).toContain('x/caf\\351.txt');
    expect(listing).toContain('x/link\\351 -> caf\\351.txt');
    expect(listing).toContain(`x/${'l'.repeat(110)}\\351`);
    expect(listing).toMatch(/x\/hard\\351 link to x\/caf\\351\.txt|x\/caf\\351\.txt link to x\/hard\\351/);
    expect(listing).toMatch(/ 7 [^\n]* x\/read\n/);
  });

  it('a base image layer holding such names, extracted into a fresh state', async () => {
    const dir = join(work, 'base');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nRUN echo made > "/m$(printf \'\\351\')" && ln -s "m$(printf \'\\351\')" /ln\n');
    bakeFile(dir, { busybox: `oci-layout://${layout}:1` }, 'type=oci,dest=layout,tar=false');
    const made = await runBake(['--progress=plain'], { cwd: dir, env: { BAKE_STATE_DIR: join(work, 'state-a') } });
    expect(made.stderr).not.toContain('ERROR');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM base\nRUN cat "/m$(printf \'\\351\')" > /read\n');
    bakeFile(dir, { base: `oci-layout://${join(dir, 'layout')}` }, 'type=tar,dest=out.tar');
    const res = await runBake(['--progress=plain'], { cwd: dir, env: { BAKE_STATE_DIR: join(work, 'state-b') } });
    expect(res.stderr).not.toContain('ERROR');
    const listing = tarListing(join(dir, 'out.tar'));
    expect(listing).toContain(' m\\351\n');
    expect(listing).toContain(' ln -> m\\351\n');
    expect(listing).toMatch(/ 5 [^\n]* read\n/);
  });
});
