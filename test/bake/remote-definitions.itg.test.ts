// `bake URL ...` end to end through `node bin/bake.js`: definitions read from a git daemon and
// an http tarball on loopback, targets built from the repository, local cwd:// files merged.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBake } from '../helpers/cli.js';
import { startGitServers, TestRepo } from '../helpers/git-server.js';
import type { GitServers } from '../helpers/git-server.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0;

describe.skipIf(!canBuild)('bake URL', () => {
  let servers: GitServers;
  let work: string;
  let state: string;
  let url: string;
  const HCL = `variable "TAG" {\n  default = "v"\n}\ntarget "default" {\n  output = ["type=local,dest=out"]\n  args = { CMD_CTX = BAKE_CMD_CONTEXT }\n}\ntarget "sub" {\n  context = "app"\n  output = ["type=local,dest=out-sub"]\n}\n`;

  beforeAll(async () => {
    servers = await startGitServers();
    const repo = new TestRepo(servers.base, 'defs');
    repo.commit({
      'docker-bake.hcl': HCL,
      'Dockerfile': 'FROM scratch\nCOPY data.txt /data.txt\n',
      'data.txt': 'remote\n',
      'app/Dockerfile': 'FROM scratch\nCOPY . /app/\n',
      'app/x.txt': 'x\n',
    });
    url = `${servers.gitUrl}/defs.git#main`;
    work = mkdtempSync(join(tmpdir(), 'bake-remote-def-'));
    state = join(work, 'state');
  });
  afterAll(async () => {
    await servers.close();
    unmountAll(state);
  });

  const bake = (args: string[], cwd = work) => runBake(['--progress=plain', ...args], { cwd, env: { BAKE_STATE_DIR: state } });

  it('prints the remote definition; BAKE_CMD_CONTEXT is cwd:// or the second URL', async () => {
    const r = await bake([url, '--print']);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { target: Record<string, { context: string; args: Record<string, string> }> };
    expect(printed.target['default']!.args['CMD_CTX']).toBe('cwd://');
    const second = await bake([url, 'https://example.com/ctx.git', 'default', '--print']);
    expect((JSON.parse(second.stdout) as typeof printed).target['default']!.args['CMD_CTX']).toBe('https://example.com/ctx.git');
  });

  it('builds targets from the repository: `.` is the URL, a relative context its subdirectory', async () => {
    const r = await bake([url, 'default', 'sub']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(work, 'out/data.txt'), 'utf8')).toBe('remote\n');
    expect(readFileSync(join(work, 'out-sub/app/x.txt'), 'utf8')).toBe('x\n');
  });

  it('merges a local cwd:// file over the remote one', async () => {
    const dir = join(work, 'local');
    mkdirSync(dir);
    writeFileSync(join(dir, 'override.hcl'), 'target "default" {\n  output = ["type=local,dest=local-out"]\n}\n');
    const r = await bake([url, '-f', 'docker-bake.hcl', '-f', 'cwd://override.hcl'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'local-out/data.txt'), 'utf8')).toBe('remote\n');
  });

  it('reads a definition from an http tarball; errors name the URL', async () => {
    const src = join(servers.base, 'defsrc');
    mkdirSync(src);
    writeFileSync(join(src, 'docker-bake.hcl'), 'target "default" {\n  dockerfile-inline = "FROM scratch"\n}\n');
    execFileSync('tar', ['-czf', join(servers.base, 'defs.tar.gz'), '-C', src, '.']);
    const r = await bake([`${servers.httpUrl}/defs.tar.gz`, '--print']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"dockerfile-inline": "FROM scratch"');
    // A URL that is no archive is the bake file itself, its format told by its name.
    writeFileSync(join(servers.base, 'single.hcl'), 'target "one" {\n  dockerfile-inline = "FROM scratch"\n}\n');
    const single = await bake([`${servers.httpUrl}/single.hcl`, 'one', '--print']);
    expect(single.code, single.stderr).toBe(0);
    expect(Object.keys((JSON.parse(single.stdout) as { target: object }).target)).toEqual(['one']);
    const bad = await bake([`${servers.gitUrl}/defs.git#nope`, '--print']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`failed to fetch remote ${servers.gitUrl}/defs.git#nope: unknown ref "nope"`);
    const missing = await bake([url, '-f', 'nothere.hcl', '--print']);
    expect(missing.stderr).toContain(`failed to read nothere.hcl from ${url}`);
  });
});
