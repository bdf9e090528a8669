// A git source: the pinned commit checked out under the state dir's tmp/ (named after this
// process, so a killed build's leftovers are collected), then its tree (or subdir) moved into a
// new layer by rename: no file is copied twice.
import { randomBytes } from 'node:crypto';
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { Vertex } from '../graph/op.js';
import type { Snapshot } from '../snapshot/types.js';
import { checkoutCommit } from '../sources/git/checkout.js';
import { cleanSubdir } from '../sources/git/url.js';
import type { OpContext, OpRunner } from './types.js';

/** The checkout's `subdir`, refusing symlinks on the way (they could point out of the tree). */
async function subdirRoot(work: string, url: string, subdir: string): Promise<string> {
  let dir = work;
  for (const part of cleanSubdir(url, subdir).split('/').filter((p) => p !== '')) {
    dir = join(dir, part);
    const st = await lstat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new UserError(`git source ${url}: subdir ${subdir} is not a directory of the repository`);
  }
  return dir;
}

export class GitSourceRunner implements OpRunner {
  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'source' || vertex.op.source.type !== 'git') throw new Error('not a git source');
    const src = vertex.op.source;
    const url = src.ref === '' ? src.remote : `${src.remote}#${src.ref}`;
    const work = join(ctx.stateDir, 'tmp', `${process.pid}-git-${randomBytes(4).toString('hex')}`);
    try {
      await checkoutCommit(work, { url, remote: src.remote, ref: src.ref, commit: src.commit, keepGitDir: src.keepGitDir === true }, ctx.signal);
      const root = await subdirRoot(work, url, src.subdir ?? '');
      const layer = await ctx.layers.create(ctx.newLayerId);
      try {
        for (const name of await readdir(root)) await rename(join(root, name), join(layer.dir, name));
        await layer.commit();
      } catch (err) {
        await layer.discard();
        throw err;
      }
      return [{ layers: [layer.id] }];
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
