// Remote sources end to end through `node bin/bake.js`: a git build context with the Dockerfile
// read from the repository, a git named context over dumb HTTP, ADD of a git URL, an https
// tarball context (exact non-UTF-8 names); an unchanged remote is a cache hit, a pushed commit is not; bad refs and
// unreachable hosts fail in one line naming the URL.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBake } from '../helpers/cli.js';
import { startGitServers, TestRepo } from '../helpers/git-server.js';
import type { GitServers } from '../helpers/git-server.js';
import { unmountAll } from '../helpers/mounts.js';

const canBuild = process.getuid?.() === 0;

describe.skipIf(!canBuild)('remote contexts and ADD git', () => {
  let servers: GitServers;
  let repo: TestRepo;
  let work: string;
  let state: string;
  let n = 0;

  beforeAll(() => startGitServers().then((s) => {
    servers = s;
    repo = new TestRepo(s.base, 'app');
    repo.commit({ 'Dockerfile': 'FROM scratch\nCOPY . /root-ctx/\n', 'app/Dockerfile': 'FROM scratch\nCOPY . /src/\n', 'app/a.txt': 'a1\n' });
    repo.run('tag', 'v1');
    repo.commit({ 'app/a.txt': 'a2\n', 'lib/l.txt': 'lib\n' });
    work = mkdtempSync(join(tmpdir(), 'bake-remote-'));
    state = join(work, 'state');
  }));
  afterAll(async () => {
    await servers.close();
    unmountAll(state);
  });

  /** Runs bake on an HCL file in a fresh dir; returns the CLI result and the local output dir. */
  async function bake(hcl: string, files: Record<string, string> = {}) {
    const dir = join(work, `case${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'docker-bake.hcl'), hcl);
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    const r = await runBake(['--progress=plain'], { cwd: dir, env: { BAKE_STATE_DIR: state } });
    return { ...r, out: join(dir, 'out') };
  }
  const target = (attrs: string): string => `target "default" {\n${attrs}\n  output = ["type=local,dest=out"]\n}\n`;

  it('builds a git context at a tag and subdir, the Dockerfile read from the repository', async () => {
    const r = await bake(target(`  context = "${servers.gitUrl}/app.git#v1:app"`));
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.out, 'src')).sort()).toEqual(['Dockerfile', 'a.txt']);
    expect(readFileSync(join(r.out, 'src/a.txt'), 'utf8')).toBe('a1\n');
    const local = await bake(target(`  context = "${servers.gitUrl}/app.git#v1:app"\n  dockerfile = "cwd://Local.Dockerfile"`), {
      'Local.Dockerfile': 'FROM scratch\nCOPY a.txt /local-df/\n',
    });
    expect(local.code, local.stderr).toBe(0);
    expect(readFileSync(join(local.out, 'local-df/a.txt'), 'utf8')).toBe('a1\n');
  });

  it('takes a named git context over dumb HTTP, and a Dockerfile path relative to a git context', async () => {
    const r = await bake(
      target(`  dockerfile = "app/Dockerfile"\n  context = "${servers.httpUrl}/app.git"\n  contexts = { lib = "${servers.httpUrl}/app.git#main:lib" }`),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(r.out, 'src/app/a.txt'), 'utf8')).toBe('a2\n');
    const named = await bake(target('  dockerfile-inline = "FROM scratch\\nCOPY --from=lib / /lib/\\n"\n' + `  contexts = { lib = "${servers.httpUrl}/app.git#main:lib" }`));
    expect(named.code, named.stderr).toBe(0);
    expect(readFileSync(join(named.out, 'lib/l.txt'), 'utf8')).toBe('lib\n');
  });

  it('ADD of a git URL, with --keep-git-dir; unchanged remotes are cached, a new commit is fetched', async () => {
    const df = `FROM scratch\nADD --keep-git-dir ${servers.gitUrl}/app.git#main /repo\nADD ${servers.gitUrl}/app.git?ref=v1&subdir=app /v1/\n`;
    const first = await bake(target('  context = "."'), { Dockerfile: df });
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(first.out, 'repo/.git'))).toBe(true);
    expect(readFileSync(join(first.out, 'repo/app/a.txt'), 'utf8')).toBe('a2\n');
    expect(readFileSync(join(first.out, 'v1/a.txt'), 'utf8')).toBe('a1\n');
    expect(existsSync(join(first.out, 'v1/.git'))).toBe(false);
    const again = await bake(target('  context = "."'), { Dockerfile: df });
    expect(again.stderr).toMatch(/ADD .*app\.git#main \/repo\n(#\d+ .*\n)*?#\d+ CACHED/);
    repo.commit({ 'app/a.txt': 'a3\n' });
    const moved = await bake(target('  context = "."'), { Dockerfile: df });
    expect(moved.code, moved.stderr).toBe(0);
    expect(readFileSync(join(moved.out, 'repo/app/a.txt'), 'utf8')).toBe('a3\n');
    expect(readFileSync(join(moved.out, 'v1/a.txt'), 'utf8')).toBe('a1\n');
  });

  it('builds an https tarball context, and a plain file URL as the Dockerfile', async () => {
    const src = join(servers.base, 'tarsrc');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'Dockerfile'), 'FROM scratch\nCOPY sub/ /from-tar/\n');
    writeFileSync(join(src, 'sub/t.txt'), 'tar\n');
    execFileSync('tar', ['-czf', join(servers.base, 'ctx.tar.gz'), '-C', src, '.']);
    writeFileSync(join(servers.base, 'Dockerfile.remote'), 'FROM scratch\nLABEL from=url\n');
    const r = await bake(target(`  context = "${servers.httpUrl}/ctx.tar.gz"`));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(r.out, 'from-tar/t.txt'), 'utf8')).toBe('tar\n');
    const plain = await bake(target(`  context = "${servers.httpUrl}/Dockerfile.remote"`));
    expect(plain.code, plain.stderr).toBe(0);
    // A named http context is the file itself, as BuildKit gives it: not unpacked.
    const named = await bake(target(`  contexts = { dl = "${servers.httpUrl}/ctx.tar.gz" }`), { Dockerfile: 'FROM scratch\nCOPY --from=dl / /dl/\n' });
    expect(named.code, named.stderr).toBe(0);
    expect(readdirSync(join(named.out, 'dl'))).toEqual(['ctx.tar.gz']);
  });

  it('unpacks a tarball context with a Latin-1 name byte for byte, the Dockerfile read through a link into it', async () => {
    const src = Buffer.from(join(servers.base, 'latin1src'));
    const dir = Buffer.concat([src, Buffer.from('/d'), Buffer.from([0xe9])]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(Buffer.concat([dir, Buffer.from('/Dockerfile')]), 'FROM scratch\nCOPY . /ctx/\n');
    symlinkSync(Buffer.concat([Buffer.from('d'), Buffer.from([0xe9]), Buffer.from('/Dockerfile')]), Buffer.concat([src, Buffer.from('/Dockerfile')]));
    execFileSync('tar', ['--format=pax', '-czf', join(servers.base, 'latin1.tar.gz'), '-C', src.toString(), '.']);
    const r = await bake(target(`  context = "${servers.httpUrl}/latin1.tar.gz"`));
    expect(r.code, r.stderr).toBe(0);
    const names = readdirSync(join(r.out, 'ctx'), { encoding: 'buffer' }).map((b) => b.toString('hex')).sort();
    expect(names).toEqual([Buffer.from('Dockerfile').toString('hex'), Buffer.from([0x64, 0xe9]).toString('hex')]);
    expect(readFileSync(Buffer.concat([Buffer.from(join(r.out, 'ctx', 'd')), Buffer.from([0xe9]), Buffer.from('/Dockerfile')]), 'utf8')).toContain('COPY . /ctx/');
    const missing = await bake(target(`  context = "${servers.httpUrl}/missing.tar.gz"`));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('invalid response status 404');
  });

  it('fails in one line naming the URL for an unknown ref and an unreachable host', async () => {
    const bad = await bake(target(`  context = "${servers.gitUrl}/app.git#nope"`));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`failed to fetch remote ${servers.gitUrl}/app.git#nope: unknown ref "nope"`);
    const down = await bake(target('  contexts = { x = "git://127.0.0.1:1/none.git" }'), { Dockerfile: 'FROM scratch\nCOPY --from=x / /\n' });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/failed to fetch remote git:\/\/127\.0\.0\.1:1\/none\.git: [^\n]+\n/);
  });
});
