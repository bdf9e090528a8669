// A git URL as a pinned source op: every user of git (ADD, build contexts, named contexts) goes
// through here, so they all agree on the commit and on checksum checks.
import { UserError } from '../../../errors.js';
import type { SourceOp } from '../../graph/op.js';
import { resolveCommit } from './cli.js';
import { cleanSubdir, parseGitRef } from './url.js';

export type GitSource = Extract<SourceOp, { type: 'git' }>;

/** ls-remote, or a stand-in in tests: the commit `ref` of `remote` points at. */
export type CommitResolver = (url: string, remote: string, ref: string) => Promise<string>;

export interface GitSourceOptions {
  keepGitDir?: boolean;
  /** `ADD --checksum`: the commit (or its prefix) the ref must resolve to. */
  checksum?: string;
  resolve?: CommitResolver;
}

export async function gitSourceOp(url: string, opts: GitSourceOptions = {}): Promise<GitSource> {
  const ref = parseGitRef(url);
  if (opts.checksum && ref.checksum && opts.checksum !== ref.checksum) {
    throw new UserError(`checksum mismatch for ${url}: --checksum=${opts.checksum} but the URL says ${ref.checksum}`);
  }
  const commit = await (opts.resolve ?? resolveCommit)(url, ref.remote, ref.ref);
  const checksum = opts.checksum ?? ref.checksum;
  if (checksum && !commit.startsWith(checksum.toLowerCase())) {
    throw new UserError(`expected checksum to match ${checksum} for ${url}, got ${commit}`);
  }
  const subdir = cleanSubdir(url, ref.subdir);
  const op: GitSource = { type: 'git', remote: ref.remote, ref: ref.ref, commit };
  if (subdir !== '') op.subdir = subdir;
  if (opts.keepGitDir) op.keepGitDir = true;
  return op;
}
