// The git source against real servers on loopback: git:// (smart, shallow by sha) and dumb HTTP
// (no shallow fetch), refs of every kind pinned by ls-remote, subdirs, keep-git-dir.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitSourceRunner } from '../../../src/engine/ops/git.js';
import { resolveCommit } from '../../../src/engine/sources/git/cli.js';
import { openGitTree } from '../../../src/engine/sources/git/read-file.js';
import { CopyLayerStore, testContext, vertexOf } from './fake-layers.js';
import { git, startGitServers, staticServer, TestRepo } from '../../helpers/git-server.js';
import type { GitServers } from '../../helpers/git-server.js';

let servers: GitServers;
let repo: TestRepo;
const commits: Record<string, string> = {};

beforeAll(async () => {
  servers = await startGitServers();
  repo = new TestRepo(servers.base, 'app');
  commits.first = repo.commit({ 'README': 'one\n', 'sub/dir/x.txt': 'x1\n' });
  repo.run('tag', '-a', 'v1', '-m', 'release 1');
  repo.setServedRef('refs/pull/7/head', commits.first);
  commits.second = repo.commit({ 'README': 'two\n', 'sub/dir/x.txt': 'x2\n' });
  repo.run('checkout', '-q', '-b', 'dev');
  commits.dev = repo.commit({ 'dev.txt': 'dev\n' });
  repo.run('checkout', '-q', 'main');
});
afterAll(() => servers.close());

async function checkout(remote: string, ref: string, extra: { subdir?: string; keepGitDir?: boolean } = {}): Promise<string> {
  const layers = new CopyLayerStore();
  const commit = await resolveCommit(remote, remote, ref);
  const out = await new GitSourceRunner().run(vertexOf({ kind: 'source', source: { type: 'git', remote, ref, commit, ...extra } }), [], testContext(layers));
  return layers.diffDir(out[0]!.layers[0]!);
}

describe.each(['git', 'http'] as const)('git source over %s', (proto) => {
  const remote = (): string => `${proto === 'git' ? servers.gitUrl : servers.httpUrl}/app.git`;

  it('pins branches, annotated tags, pull refs and HEAD to their commits', async () => {
    expect(await resolveCommit(remote(), remote(), '')).toBe(commits.second);
    expect(await resolveCommit(remote(), remote(), 'main')).toBe(commits.second);
    expect(await resolveCommit(remote(), remote(), 'dev')).toBe(commits.dev);
    expect(await resolveCommit(remote(), remote(), 'v1')).toBe(commits.first);
    expect(await resolveCommit(remote(), remote(), 'refs/pull/7/head')).toBe(commits.first);
  });

  it('checks out the tree without .git, files owned by root', async () => {
    const dir = await checkout(remote(), 'v1');
    expect(readFileSync(join(dir, 'README'), 'utf8')).toBe('one\n');
    expect(existsSync(join(dir, '.git'))).toBe(false);
    expect(lstatSync(join(dir, 'README')).uid).toBe(process.getuid?.());
  });

  it('checks out a commit by sha and a subdir at the root', async () => {
    const dir = await checkout(remote(), commits.first!, { subdir: 'sub/dir' });
    expect(readdirSync(dir)).toEqual(['x.txt']);
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('x1\n');
  });

  it('keeps .git with keepGitDir, HEAD at the commit', async () => {
    const dir = await checkout(remote(), 'dev', { keepGitDir: true });
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(commits.dev);
    expect(git(dir, 'remote', 'get-url', 'origin')).toBe(remote());
    expect(existsSync(join(dir, '.git/hooks'))).toBe(false);
  });
});

describe('git source errors', () => {
  it('names the URL and the unknown ref', async () => {
    const remote = `${servers.gitUrl}/app.git`;
    await expect(resolveCommit(`${remote}#nope`, remote, 'nope')).rejects.toThrow(`failed to fetch remote ${remote}#nope: unknown ref "nope"`);
  });

  it('names the URL of an unreachable host in one line', async () => {
    const remote = 'git://127.0.0.1:1/app.git';
    const err: Error = await resolveCommit(remote, remote, 'main').then(
      () => new Error('resolved'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/^failed to fetch remote git:\/\/127\.0\.0\.1:1\/app\.git: .+$/);
    expect(err.message).not.toContain('\n');
  });

  it('refuses a missing subdir', async () => {
    await expect(checkout(`${servers.gitUrl}/app.git`, 'main', { subdir: 'nothere' })).rejects.toThrow(/subdir nothere is not a directory/);
  });
});

describe('git mirrors', () => {
  it('checks out a commit read before solving without fetching the remote again', async () => {
    const gone = new TestRepo(servers.base, 'gone');
    const commit = gone.commit({ 'Dockerfile': 'FROM scratch\n', 'f.txt': 'f\n' });
    const remote = `${servers.gitUrl}/gone.git`;
    const state = mkdtempSync(join(tmpdir(), 'bake-git-state-'));
    const tree = openGitTree(state, { url: remote, remote, ref: 'main', commit });
    expect((await tree.read('Dockerfile'))?.toString()).toBe('FROM scratch\n');
    expect(await tree.read('missing')).toBeUndefined();
    // Both answers are kept: a warm read of either never fetches.
    expect(readdirSync(join(state, 'git-files')).filter((n) => n.endsWith('.absent'))).toHaveLength(1);
    expect(readdirSync(join(state, 'git-files'))).toHaveLength(2);
    rmSync(gone.bare, { recursive: true });
    for (const keepGitDir of [false, true]) {
      const layers = new CopyLayerStore();
      const source = { type: 'git' as const, remote, ref: 'main', commit, keepGitDir };
      const out = await new GitSourceRunner().run(vertexOf({ kind: 'source', source }), [], { ...testContext(layers), stateDir: state });
      const dir = layers.diffDir(out[0]!.layers[0]!);
      expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe('f\n');
      // A kept .git must stand alone in the image: no alternates pointing at this machine.
      if (keepGitDir) expect(existsSync(join(dir, '.git/objects/info/alternates'))).toBe(false);
    }
  });
});

describe('git auth', () => {
  it('sends BUILDX_BAKE_GIT_AUTH_TOKEN as a basic x-access-token header, never in errors', async () => {
    const token = 's3cret-T0ken';
    const { url, server } = await staticServer(servers.base, `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
    const remote = `${url}/app.git`;
    try {
      const denied = await resolveCommit(remote, remote, 'main').then(() => 'resolved', (e: unknown) => String(e));
      expect(denied).toContain(`failed to fetch remote ${remote}`);
      process.env['BUILDX_BAKE_GIT_AUTH_TOKEN'] = token;
      expect(await resolveCommit(remote, remote, 'main')).toBe(commits.second);
      const dir = await checkout(remote, 'main');
      expect(readFileSync(join(dir, 'README'), 'utf8')).toBe('two\n');
      expect(denied).not.toContain(token);
    } finally {
      delete process.env['BUILDX_BAKE_GIT_AUTH_TOKEN'];
      server.close();
    }
  });
});

describe('git submodules', () => {
  it('checks submodules out recursively, leaving no .git file in them', async () => {
    const lib = new TestRepo(servers.base, 'lib');
    lib.commit({ 'l.txt': 'lib\n' });
    const top = new TestRepo(servers.base, 'top');
    top.commit({ 'top.txt': 'top\n' });
    git(top.work, 'submodule', 'add', '-q', `${servers.gitUrl}/lib.git`, 'vendor/lib');
    top.run('commit', '-q', '-m', 'add lib');
    const dir = await checkout(`${servers.gitUrl}/top.git`, 'main');
    expect(readFileSync(join(dir, 'vendor/lib/l.txt'), 'utf8')).toBe('lib\n');
    expect(existsSync(join(dir, 'vendor/lib/.git'))).toBe(false);
    expect(existsSync(join(dir, '.gitmodules'))).toBe(true);
    const kept = await checkout(`${servers.gitUrl}/top.git`, 'main', { keepGitDir: true });
    expect(git(join(kept, 'vendor/lib'), 'rev-parse', '--is-inside-work-tree')).toBe('true');
  });
});
