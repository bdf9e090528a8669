// Build contexts given as URLs (target `context`, named `contexts`): a git repository or an
// http(s) tarball becomes a graph state COPY reads from, and its files (the Dockerfile) can be
// read before solving. Which URLs are git follows BuildKit (sources/git/url.ts).
import { posix } from 'node:path';
import { UserError } from '../../errors.js';
import type { Definition } from '../graph/definition.js';
import type { Input } from '../graph/op.js';
import { marshal, State } from '../graph/state.js';
import { gitSourceOp } from './git/source.js';
import { openGitTree } from './git/read-file.js';
import { isGitUrl, isHttpUrl } from './git/url.js';
import { download, isTarball, tarEntry } from './http-context.js';

export interface RemoteContext {
  definition: Definition;
  root: Input | null;
  /** A file of the context by path, read before solving; undefined when absent. */
  readFile(path: string): Promise<Buffer | undefined>;
  /** An http(s) download that is no archive: the one file it is, named after the URL path. */
  single?: { name: string; data: Buffer };
}

/** True for values `openRemoteContext` takes: git and http(s) URLs. */
export function isRemoteContext(value: string): boolean {
  return isGitUrl(value) || isHttpUrl(value);
}

function stateOf(state: State): { definition: Definition; root: Input | null } {
  return { definition: marshal([state]), root: state.output() };
}

async function gitContext(url: string, stateDir: string): Promise<RemoteContext> {
  const op = await gitSourceOp(url);
  const state = State.source(op, { meta: { name: `[internal] load git source ${url}` } });
  const tree = openGitTree(stateDir, { url, remote: op.remote, ref: op.ref, commit: op.commit });
  return {
    ...stateOf(state),
    readFile: (path) => tree.read(posix.join(op.subdir ?? '', path)),
  };
}

async function httpContext(url: string, stateDir: string): Promise<RemoteContext> {
  const dl = await download(url);
  if (!(await isTarball(dl.body))) {
    // Not an archive: the download is the Dockerfile, and the context is empty.
    const name = posix.basename(new URL(url).pathname) || 'index.html';
    return { definition: marshal([]), root: null, readFile: () => Promise.resolve(dl.body), single: { name, data: dl.body } };
  }
  const http = State.source({ type: 'http', url, checksum: dl.checksum, filename: 'context' }, { meta: { name: `[internal] load remote build context` } });
  const unpacked = State.scratch().file(
    [
      {
        kind: 'copy',
        src: http,
        srcPath: '/context',
        destPath: '/',
        followSymlink: true,
        dirCopyContents: true,
        attemptUnpackDockerCompatibility: true,
        createDestPath: true,
        allowWildcard: false,
        allowEmptyWildcard: false,
      },
    ],
    { meta: { name: `[internal] unpack remote build context` } },
  );
  return { ...stateOf(unpacked), readFile: (path) => tarEntry(stateDir, dl, path) };
}

/** A named context over http(s): the file itself, named after the URL path, never unpacked. */
async function httpFile(url: string): Promise<RemoteContext> {
  const dl = await download(url);
  const filename = posix.basename(new URL(url).pathname) || 'index.html';
  const state = State.source({ type: 'http', url, checksum: dl.checksum, filename }, { meta: { name: `[context] ${url}` } });
  return { ...stateOf(state), readFile: (path) => Promise.resolve(posix.normalize(`/${path}`) === `/${filename}` ? dl.body : undefined) };
}

/**
 * The context `url` names. As in BuildKit, an http(s) build context is unpacked (or is the
 * Dockerfile), a named one is the downloaded file.
 */
export function openRemoteContext(url: string, stateDir: string, named = false): Promise<RemoteContext> {
  if (isGitUrl(url)) return gitContext(url, stateDir);
  if (isHttpUrl(url)) return named ? httpFile(url) : httpContext(url, stateDir);
  return Promise.reject(new UserError(`unsupported build context ${url}`));
}
