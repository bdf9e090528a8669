// Git repositories for tests, served on loopback only: `git daemon` (git://, smart protocol) and
// a tiny static HTTP server over `git update-server-info` output (dumb HTTP, which cannot fetch
// shallow). Both pick a free port.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { freePort } from './registry.js';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

/** A work repo whose bare clone `<base>/<name>.git` is what the servers export. */
export class TestRepo {
  readonly work: string;
  readonly bare: string;

  constructor(base: string, name: string) {
    this.work = join(base, `${name}-work`);
    this.bare = join(base, `${name}.git`);
    mkdirSync(this.work, { recursive: true });
    git(this.work, 'init', '-q', '-b', 'main');
    git(base, 'init', '-q', '--bare', this.bare);
  }

  /** Writes `files`, commits them and pushes every branch and tag; returns the commit. */
  commit(files: Record<string, string>, message = 'change'): string {
    for (const [path, data] of Object.entries(files)) {
      mkdirSync(dirname(join(this.work, path)), { recursive: true });
      writeFileSync(join(this.work, path), data);
    }
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '-q', '-m', message);
    this.push();
    return git(this.work, 'rev-parse', 'HEAD');
  }

  run(...args: string[]): string {
    const out = git(this.work, ...args);
    this.push();
    return out;
  }

  /** Sets a ref on the served repo only (like a forge's `refs/pull/N/head`). */
  setServedRef(name: string, commit: string): void {
    git(this.bare, 'update-ref', name, commit);
    git(this.bare, 'update-server-info');
  }

  private push(): void {
    git(this.work, 'push', '-q', '--force', '--all', this.bare);
    git(this.work, 'push', '-q', '--force', '--tags', this.bare);
    git(this.bare, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    git(this.bare, 'update-server-info');
  }
}

export interface GitServers {
  base: string;
  /** `git://127.0.0.1:PORT` */
  gitUrl: string;
  /** `http://127.0.0.1:PORT` (dumb HTTP, static files of base) */
  httpUrl: string;
  close(): Promise<void>;
}

async function startDaemon(base: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // The daemon binary itself: `git daemon` runs it as a child that would outlive a kill of `git`.
  const daemon = join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-daemon');
  const child = spawn(daemon, ['--export-all', '--reuseaddr', `--base-path=${base}`, '--listen=127.0.0.1', `--port=${port}`, base], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = (): void => {
      try {
        execFileSync('git', ['ls-remote', `git://127.0.0.1:${port}/none.git`], { stdio: 'pipe', env: ENV, timeout: 2000 });
        resolve();
      } catch (err) {
        // Any answer but a refused connection (e.g. "not exported") means the daemon listens.
        const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
        if (!stderr.includes('Connection refused')) resolve();
        else if (Date.now() > deadline) reject(err);
        else setTimeout(poll, 50);
      }
    };
    setTimeout(poll, 50);
  });
  return { url: `git://127.0.0.1:${port}`, child };
}

/** A static file server of `base`, for dumb HTTP git and tarball contexts; `authorization` is required when given. */
export function staticServer(base: string, authorization?: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (authorization !== undefined && req.headers.authorization !== authorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized');
      return;
    }
    const path = join(base, normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)));
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      res.writeHead(200).end(readFileSync(path));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, server });
    }),
  );
}

export async function startGitServers(): Promise<GitServers> {
  const base = mkdtempSync(join(tmpdir(), 'bake-git-'));
  const daemon = await startDaemon(base);
  const http = await staticServer(base);
  return {
    base,
    gitUrl: daemon.url,
    httpUrl: http.url,
    close: async () => {
      daemon.child.kill();
      await new Promise((r) => http.server.close(r));
    },
  };
}
