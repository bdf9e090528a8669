// Fetches one commit of a remote into a fresh directory and checks it out. The commit was pinned
// by ls-remote at compile time: a shallow fetch of it is tried first (smart protocols), then the
// ref as written, then every ref (dumb HTTP cannot fetch shallow or by sha); the commit must be
// there in the end, so a ref moved since the build started is never built by mistake.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../../errors.js';
import { git, gitReason, isCommitSha } from './cli.js';
import { findMirror, mirrorRef } from './mirrors.js';

export interface CheckoutSpec {
  /** What the user wrote, for errors. */
  url: string;
  remote: string;
  ref: string;
  commit: string;
  keepGitDir: boolean;
}

async function initRepo(dir: string, bare: boolean, signal?: AbortSignal): Promise<void> {
  await mkdir(dir, { recursive: true });
  // No templates: sample hooks are files to write for nothing (and would land in a kept .git).
  const init = await git(['init', '-q', '--template=', ...(bare ? ['--bare'] : []), dir], { signal });
  if (!init.ok) throw new UserError(`git init failed: ${gitReason(init.stderr)}`);
}

/** Makes `dir` a repository holding `spec.commit` (a work tree unless `bare`), not checked out. */
export async function fetchCommit(dir: string, spec: Omit<CheckoutSpec, 'keepGitDir'>, signal?: AbortSignal, bare = false): Promise<void> {
  await initRepo(dir, bare, signal);
  await fetchInto(dir, spec, signal);
}

/** `dir` holding the commit from this process's mirror of it: no network. */
async function fromMirror(dir: string, mirror: string, spec: CheckoutSpec, signal?: AbortSignal): Promise<void> {
  if (spec.keepGitDir) {
    await fetchCommit(dir, { ...spec, remote: mirror, ref: mirrorRef(spec.commit) }, signal);
    return;
  }
  // The .git is thrown away after checkout: borrowing the mirror's objects costs no copy at all.
  await initRepo(dir, false, signal);
  await writeFile(join(dir, '.git', 'objects', 'info', 'alternates'), `${join(mirror, 'objects')}\n`);
}

async function fetchInto(dir: string, spec: Omit<CheckoutSpec, 'keepGitDir'>, signal?: AbortSignal): Promise<void> {
  const opts = { cwd: dir, signal, remote: spec.remote };
  const base = ['fetch', '-q', '--no-tags', '--no-recurse-submodules'];
  const attempts: string[][] = [[...base, '--depth=1', '--', spec.remote, spec.commit]];
  if (spec.ref !== '' && !isCommitSha(spec.ref)) {
    attempts.push([...base, '--depth=1', '--', spec.remote, spec.ref], [...base, '--', spec.remote, spec.ref]);
  }
  attempts.push([...base, '--', spec.remote, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*']);
  let reason = '';
  for (const args of attempts) {
    const r = await git(args, opts);
    if (r.ok && (await git(['cat-file', '-e', `${spec.commit}^{commit}`], opts)).ok) return;
    if (!r.ok) reason = gitReason(r.stderr);
  }
  throw new UserError(`failed to fetch remote ${spec.url}: ${reason || `commit ${spec.commit} not found`}`);
}

/**
 * Leaves the tree of `spec.commit` in `dir` (created here), with its `.git` only when
 * `keepGitDir`: then HEAD is detached at the commit and `origin` names the remote.
 */
export async function checkoutCommit(dir: string, spec: CheckoutSpec, signal?: AbortSignal): Promise<void> {
  const mirror = findMirror(spec.remote, spec.commit);
  if (mirror) await fromMirror(dir, mirror, spec, signal);
  else await fetchCommit(dir, spec, signal);
  const co = await git(['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', spec.commit], { cwd: dir, signal });
  if (!co.ok) throw new UserError(`failed to check out ${spec.commit} of ${spec.url}: ${gitReason(co.stderr)}`);
  // Relative submodule URLs resolve against origin.
  await git(['remote', 'add', 'origin', spec.remote], { cwd: dir, signal });
  const submodules = existsSync(join(dir, '.gitmodules')) ? await updateSubmodules(dir, spec, signal) : [];
  if (spec.keepGitDir) return;
  for (const path of ['', ...submodules]) await rm(join(dir, path, '.git'), { recursive: true, force: true });
}

/** Checks out submodules as BuildKit does (recursive, shallow when the server can); returns their paths. */
async function updateSubmodules(dir: string, spec: CheckoutSpec, signal?: AbortSignal): Promise<string[]> {
  const opts = { cwd: dir, signal, remote: spec.remote };
  let r = await git(['submodule', 'update', '--init', '--recursive', '--depth=1'], opts);
  // Dumb HTTP and servers refusing unadvertised commits need a full fetch.
  if (!r.ok) r = await git(['submodule', 'update', '--init', '--recursive'], opts);
  if (!r.ok) throw new UserError(`failed to update submodules of ${spec.url}: ${gitReason(r.stderr)}`);
  const status = await git(['submodule', 'status', '--recursive'], opts);
  // Lines are ` <sha> <path> (<describe>)`; paths never hold newlines in a checkout git made.
  return status.stdout.split('\n').flatMap((l) => {
    const m = /^.[0-9a-f]+ (.+?)(?: \(.*\))?$/.exec(l);
    return m ? [m[1]!] : [];
  });
}
