// Which strings name a git repository, and how: BuildKit's rules (dfgitutil/urlutil) written
// from their documented behaviour. A git URL is `git://`, `ssh://`, scp-like `user@host:path`,
// `github.com/...`, or http(s) whose path ends in `.git`; `#ref:subdir` or the newer
// `?ref=...&subdir=...&checksum=...` query picks what to check out.
import { UserError } from '../../../errors.js';

export interface GitRef {
  /** What git fetches from: the URL without fragment or query. */
  remote: string;
  /** Branch, tag, full ref (`refs/pull/1/head`) or commit; '' = the remote's HEAD. */
  ref: string;
  /** The directory of the repository the result holds; '' = the whole tree. */
  subdir: string;
  /** The commit the ref must resolve to (query form `checksum=`). */
  checksum?: string;
}

const SCP_LIKE = /^[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+:(?!\/\/)/;
const GIT_SCHEMES = new Set(['git:', 'ssh:']);
const HTTP_SCHEMES = new Set(['http:', 'https:']);
const QUERY_KEYS = new Set(['ref', 'branch', 'tag', 'subdir', 'checksum']);

/** `https://host/ctx.tar.gz`-style: an http(s) URL that is not a git repository. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && !isGitUrl(value);
}

/** True when BuildKit would fetch `value` as a git repository. */
export function isGitUrl(value: string): boolean {
  return parseGitRefOrUndefined(value) !== undefined;
}

/** Splits `url` into the part git fetches and its `#fragment` / `?query`. */
function splitUrl(value: string): { base: string; fragment?: string; query?: string } {
  const hash = value.indexOf('#');
  const beforeHash = hash < 0 ? value : value.slice(0, hash);
  const fragment = hash < 0 ? undefined : value.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  if (q < 0) return { base: beforeHash, fragment };
  return { base: beforeHash.slice(0, q), query: beforeHash.slice(q + 1), fragment };
}

/** The remote git fetches from, or undefined when `base` is no git URL. */
function gitRemote(base: string): string | undefined {
  if (base.startsWith('github.com/')) return `https://${base}`;
  if (SCP_LIKE.test(base)) return base;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (GIT_SCHEMES.has(url.protocol)) return base;
  if (HTTP_SCHEMES.has(url.protocol) && url.pathname.endsWith('.git')) return base;
  return undefined;
}

function fromQuery(value: string, query: string): Omit<GitRef, 'remote'> {
  const out: Omit<GitRef, 'remote'> = { ref: '', subdir: '' };
  for (const [key, v] of new URLSearchParams(query)) {
    if (!QUERY_KEYS.has(key)) throw new UserError(`invalid git URL ${value}: unknown query parameter ${key}`);
    if (key === 'subdir') out.subdir = v;
    else if (key === 'checksum') out.checksum = v;
    else if (out.ref !== '' && out.ref !== v) throw new UserError(`invalid git URL ${value}: ref given twice`);
    else out.ref = key === 'branch' ? `refs/heads/${v}` : key === 'tag' ? `refs/tags/${v}` : v;
  }
  return out;
}

function parseGitRefOrUndefined(value: string): GitRef | undefined {
  const { base, fragment, query } = splitUrl(value);
  const remote = gitRemote(base);
  if (remote === undefined) return undefined;
  if (query !== undefined) {
    if (fragment !== undefined) throw new UserError(`invalid git URL ${value}: a fragment and a query cannot be combined`);
    return { remote, ...fromQuery(value, query) };
  }
  const colon = (fragment ?? '').indexOf(':');
  const ref = colon < 0 ? (fragment ?? '') : fragment!.slice(0, colon);
  const subdir = colon < 0 ? '' : fragment!.slice(colon + 1);
  return { remote, ref, subdir };
}

/** The git reference `value` names; a UserError when it names none. */
export function parseGitRef(value: string): GitRef {
  const ref = parseGitRefOrUndefined(value);
  if (!ref) throw new UserError(`invalid git URL ${value}`);
  return ref;
}

/** `subdir` as a relative path inside the checkout, refusing `..` escapes. */
export function cleanSubdir(url: string, subdir: string): string {
  const parts = subdir.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UserError(`git source ${url}: subdir ${subdir} leaves the repository`);
  return parts.join('/');
}
