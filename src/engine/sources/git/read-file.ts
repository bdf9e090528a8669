// One file of a pinned commit, read before solving: the Dockerfile of a git build context, or
// the bake files of a remote definition. A commit never changes, so what was read once is kept
// under `$STATE/git-files/` and a warm build costs only the ls-remote that pinned the commit.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { writeFileAtomic } from '../../fs-atomic.js';
import { sha256 } from '../../graph/digest.js';
import { gitBytes } from './cli.js';
import { fetchCommit } from './checkout.js';

export interface GitFileSpec {
  url: string;
  remote: string;
  ref: string;
  commit: string;
}

/** A fetched commit whose files can be read, then disposed of. */
export interface GitTree {
  read(path: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

function cachePath(stateDir: string, spec: GitFileSpec, path: string): string {
  return join(stateDir, 'git-files', sha256(`${spec.remote}\0${spec.commit}\0${path}`).slice('sha256:'.length));
}

/** Opens the commit in a bare temp repository (fetched on first read only). */
export function openGitTree(stateDir: string, spec: GitFileSpec, signal?: AbortSignal): GitTree {
  const dir = join(stateDir, 'tmp', `${process.pid}-gitread-${randomBytes(4).toString('hex')}`);
  let fetched: Promise<void> | undefined;
  return {
    async read(path: string): Promise<Buffer | undefined> {
      const clean = posix.normalize(`/${path}`).slice(1);
      const cached = cachePath(stateDir, spec, clean);
      const hit = await readFile(cached).catch(() => undefined);
      if (hit) return hit;
      fetched ??= fetchCommit(dir, spec, signal, true);
      await fetched;
      const data = await gitBytes(['--git-dir', dir, 'cat-file', 'blob', `${spec.commit}:${clean}`], { signal });
      if (!data) return undefined;
      await mkdir(join(stateDir, 'git-files'), { recursive: true });
      await writeFileAtomic(cached, data);
      return data;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
