// One file of a pinned commit, read before solving: the Dockerfile of a git build context, or
// the bake files of a remote definition. A commit never changes, so what was read once is kept
// under `$STATE/git-files/` (absent files too: a remote definition probes eight default names),
// and a warm build costs only the ls-remote that pinned the commit.
// The fetched repository stays for the process as a mirror the git source checks out from.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { writeFileAtomic } from '../../fs-atomic.js';
import { processDir } from '../../fs/process-dir.js';
import { sha256 } from '../../graph/digest.js';
import { git, gitBytes } from './cli.js';
import { fetchCommit } from './checkout.js';
import { addMirror, findMirror, mirrorRef } from './mirrors.js';

export interface GitFileSpec {
  url: string;
  remote: string;
  ref: string;
  commit: string;
}

/** A fetched commit whose files can be read. */
export interface GitTree {
  read(path: string): Promise<Buffer | undefined>;
}

/** A bare repository holding the commit: this process's mirror, else a new one fetched now. */
async function mirrorOf(stateDir: string, spec: GitFileSpec, signal?: AbortSignal): Promise<string> {
  const known = findMirror(spec.remote, spec.commit);
  if (known) return known;
  const dir = processDir(stateDir, 'gitmirror');
  await fetchCommit(dir, spec, signal, true);
  await git(['--git-dir', dir, 'update-ref', mirrorRef(spec.commit), spec.commit], { signal });
  addMirror(spec.remote, spec.commit, dir);
  return dir;
}

function cachePath(stateDir: string, spec: GitFileSpec, path: string): string {
  return join(stateDir, 'git-files', sha256(`${spec.remote}\0${spec.commit}\0${path}`).slice('sha256:'.length));
}

/** Opens the commit (fetched on the first read the cache cannot answer). */
export function openGitTree(stateDir: string, spec: GitFileSpec, signal?: AbortSignal): GitTree {
  let mirror: Promise<string> | undefined;
  return {
    async read(path: string): Promise<Buffer | undefined> {
      const clean = posix.normalize(`/${path}`).slice(1);
      const cached = cachePath(stateDir, spec, clean);
      const hit = await readFile(cached).catch(() => undefined);
      if (hit) return hit;
      if (existsSync(`${cached}.absent`)) return undefined;
      mirror ??= mirrorOf(stateDir, spec, signal);
      const dir = await mirror;
      const data = await gitBytes(['--git-dir', dir, 'cat-file', 'blob', `${spec.commit}:${clean}`], { signal });
      await mkdir(join(stateDir, 'git-files'), { recursive: true });
      await writeFileAtomic(data ? cached : `${cached}.absent`, data ?? '');
      return data;
    },
  };
}
