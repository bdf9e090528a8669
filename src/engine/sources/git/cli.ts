// Debian's `git` binary, run without a shell: ls-remote to pin a ref to a commit before solving
// (an unchanged remote is then a cache hit), and a shallow fetch + checkout of that commit.
// Errors are one line naming the URL; git never prompts (a build has no terminal to ask on).
import { execa } from 'execa';
import { UserError } from '../../../errors.js';
import { SpawnerUnavailable, spawnViaHelper } from '../../host/spawner.js';

export interface GitRunOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** The remote this command talks to: http(s) ones get the auth header when a token is set. */
  remote?: string;
}

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

interface RawResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

const GIT_ENV: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '/bin/true', LC_ALL: 'C' };

/**
 * BUILDX_BAKE_GIT_AUTH_TOKEN (scheme BUILDX_BAKE_GIT_AUTH_HEADER, default basic) as an
 * `http.extraHeader` for an http(s) remote, given through the environment: argv is readable by
 * every user in /proc, and git never prints the header.
 */
function authEnv(remote: string | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env['BUILDX_BAKE_GIT_AUTH_TOKEN'];
  if (!token || !remote || !/^https?:\/\//i.test(remote)) return {};
  const scheme = (env['BUILDX_BAKE_GIT_AUTH_HEADER'] || 'basic').toLowerCase();
  const credential = scheme === 'basic' ? Buffer.from(`x-access-token:${token}`).toString('base64') : token;
  const n = Number(env['GIT_CONFIG_COUNT'] ?? '0') || 0;
  return {
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: `http.${new URL(remote).origin}/.extraHeader`,
    [`GIT_CONFIG_VALUE_${n}`]: `Authorization: ${scheme} ${credential}`,
  };
}

function baseEnv(): Record<string, string> {
  return { ...GIT_ENV, GIT_SSH_COMMAND: process.env['GIT_SSH_COMMAND'] ?? 'ssh -o BatchMode=yes' };
}

/** Through the process helper: a fork of a small Perl process, not of Node (~100 ms here). */
async function viaHelper(args: string[], opts: GitRunOptions): Promise<RawResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const env = Object.entries(baseEnv()).map(([k, v]) => `${k}=${v}`);
  const cwd = opts.cwd === undefined ? [] : ['-C', opts.cwd];
  const proc = spawnViaHelper('env', [...env, 'git', ...cwd, ...args], (stream, data) => (stream === 1 ? out : err).push(data));
  const onAbort = (): void => proc.kill(15);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { exitCode } = await proc.done;
    opts.signal?.throwIfAborted();
    return { exitCode, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Through execa: when an auth token must stay out of argv, or where the helper cannot run. */
async function viaExeca(args: string[], opts: GitRunOptions, extraEnv: Record<string, string>): Promise<RawResult> {
  const r = await execa('git', args, {
    cwd: opts.cwd,
    env: { ...baseEnv(), ...extraEnv },
    reject: false,
    stdin: 'ignore',
    cancelSignal: opts.signal,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
  if (r.isCanceled) throw opts.signal?.reason ?? new Error('git was cancelled');
  if (r.failed && r.exitCode === undefined) throw new UserError(`failed to run git: ${r.shortMessage}`, { cause: r });
  return { exitCode: r.exitCode ?? 1, stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr) };
}

async function runGit(args: string[], opts: GitRunOptions): Promise<RawResult> {
  const auth = authEnv(opts.remote);
  if (Object.keys(auth).length === 0) {
    try {
      return await viaHelper(args, opts);
    } catch (err) {
      if (!(err instanceof SpawnerUnavailable)) throw err;
    }
  }
  return viaExeca(args, opts, auth);
}

export async function git(args: string[], opts: GitRunOptions = {}): Promise<GitResult> {
  const r = await runGit(args, opts);
  return { ok: r.exitCode === 0, stdout: r.stdout.toString('utf8').replace(/\n$/, ''), stderr: r.stderr.toString('utf8') };
}

/** git's stdout as bytes, untouched (file contents); undefined when git fails. */
export async function gitBytes(args: string[], opts: GitRunOptions = {}): Promise<Buffer | undefined> {
  const r = await runGit(args, opts);
  return r.exitCode === 0 ? r.stdout : undefined;
}

/** The line of git's stderr that says what went wrong. */
export function gitReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const fatal = lines.find((l) => l.startsWith('fatal:') || l.startsWith('error:'));
  return (fatal ?? lines.at(-1) ?? 'git failed').replace(/^(fatal|error): /, '');
}

const SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitSha(ref: string): boolean {
  return SHA.test(ref);
}

/** The ref names git tries for a short name, in its own DWIM order (tags before branches). */
function candidates(ref: string): string[] {
  if (ref === '' || ref === 'HEAD') return ['HEAD'];
  if (ref.startsWith('refs/')) return [ref];
  return [`refs/${ref}`, `refs/tags/${ref}`, `refs/heads/${ref}`, `refs/remotes/${ref}`, `refs/remotes/${ref}/HEAD`];
}

/** Commit per advertised ref, annotated tags peeled to the commit they point at. */
function parseLsRemote(out: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, name] = line.split('\t');
    if (!sha || !name) continue;
    if (name.endsWith('^{}')) refs.set(name.slice(0, -3), sha);
    else if (!refs.has(name)) refs.set(name, sha);
  }
  return refs;
}

const resolved = new Map<string, Promise<string>>();

async function lsRemote(url: string, remote: string, ref: string): Promise<string> {
  if (isCommitSha(ref)) return ref;
  const names = candidates(ref);
  const r = await git(['ls-remote', '--', remote, ...names.flatMap((n) => (n === 'HEAD' ? [n] : [n, `${n}^{}`]))], { remote });
  if (!r.ok) throw new UserError(`failed to fetch remote ${url}: ${gitReason(r.stderr)}`);
  const refs = parseLsRemote(r.stdout);
  for (const n of names) {
    const sha = refs.get(n);
    if (sha) return sha;
  }
  throw new UserError(`failed to fetch remote ${url}: unknown ref ${JSON.stringify(ref || 'HEAD')}`);
}

/**
 * The commit `ref` of `remote` points at now, asked once per process per remote and ref (every
 * target and platform of a build sees the same commit). `url` is what the user wrote, for errors.
 */
export function resolveCommit(url: string, remote: string, ref: string): Promise<string> {
  const key = `${remote}\n${ref}`;
  let pending = resolved.get(key);
  if (!pending) {
    pending = lsRemote(url, remote, ref);
    resolved.set(key, pending);
    pending.catch(() => resolved.delete(key));
  }
  return pending;
}
