// `bake URL [CONTEXT_URL] [TARGET...]`: bake files read from a git repository or an http(s)
// tarball instead of the working directory, as buildx does. The first positional that is a URL
// names the definition, a second URL is the command context (BAKE_CMD_CONTEXT, else `cwd://`);
// `-f cwd://name` files stay local. Targets whose context is `.` (or a relative path) build from
// the definition's URL (or a subdirectory of it).
import { posix } from 'node:path';
import { UserError } from '../errors.js';
import type { ConfigFile } from '../config/types.js';
import { DEFAULT_FILES, readConfigFiles } from '../config/load.js';
import { isGitUrl, isHttpUrl, parseGitRef } from '../engine/sources/git/url.js';
import type { Invocation } from './definition.js';
import { stateDir } from './state-dir.js';
import type { Target } from './types.js';
import type { RemoteContext } from '../engine/sources/remote-context.js';

export interface RemoteArgs {
  /** The definition URL, when the first positional is one. */
  url?: string;
  /** BAKE_CMD_CONTEXT: the second URL positional, else `cwd://`. */
  cmdContext: string;
  targets: string[];
}

const CWD = 'cwd://';

function isRemoteUrl(value: string): boolean {
  try {
    return isGitUrl(value) || isHttpUrl(value);
  } catch {
    // A malformed git URL (bad query) is still meant as a URL: report it when it is read.
    return true;
  }
}

/** Splits the positionals as buildx does: [definition URL [context URL]] targets... */
export function splitRemoteArgs(positionals: readonly string[]): RemoteArgs {
  const [first, second, ...rest] = positionals;
  if (first === undefined || !isRemoteUrl(first)) return { cmdContext: CWD, targets: [...positionals] };
  if (second !== undefined && isRemoteUrl(second)) return { url: first, cmdContext: second, targets: rest };
  return { url: first, cmdContext: CWD, targets: second === undefined ? [] : [second, ...rest] };
}

async function openSource(url: string, env: Invocation['env']): Promise<RemoteContext> {
  // Only a remote definition pays for loading the engine's fetch code.
  const { openRemoteContext } = await import('../engine/sources/remote-context.js');
  return openRemoteContext(url, stateDir(env));
}

/** The bake files `wanted` of the definition; a single downloaded file is the definition itself. */
async function definitionFiles(source: RemoteContext, url: string, wanted: readonly string[], explicit: boolean): Promise<ConfigFile[]> {
  if (source.single) return [{ name: source.single.name, data: source.single.data.toString('utf8') }];
  const files: ConfigFile[] = [];
  for (const name of wanted) {
    const data = await source.readFile(name);
    if (data) files.push({ name, data: data.toString('utf8') });
    else if (explicit) throw new UserError(`failed to read ${name} from ${url}: no such file`);
  }
  return files;
}

/**
 * The definition files of `url` (the `-f` names not prefixed `cwd://`, else every default name
 * present), followed by the local `cwd://` ones.
 */
export async function readRemoteFiles(url: string, names: readonly string[], inv: Invocation): Promise<ConfigFile[]> {
  const local = names.filter((n) => n.startsWith(CWD));
  const remote = names.filter((n) => !n.startsWith(CWD));
  const wanted = remote.length > 0 ? remote : DEFAULT_FILES;
  const files = await definitionFiles(await openSource(url, inv.env), url, wanted, remote.length > 0);
  if (local.length > 0) files.push(...(await readConfigFiles({ cwd: inv.cwd, files: local, env: inv.env, readStdin: inv.readStdin })));
  if (files.length === 0) throw new UserError(`couldn't find a bake definition in ${url}`);
  return files;
}

/** `path` of the definition's repository as a URL of its own (the URL itself for `.`). */
function inDefinition(url: string, path: string): string {
  const clean = posix.normalize(path).replace(/\/$/, '');
  if (clean === '.' || clean === '') return url;
  if (!isGitUrl(url)) throw new UserError(`context ${path} cannot be taken from the remote definition ${url}: only a git definition has subdirectories`);
  const ref = parseGitRef(url);
  return `${ref.remote}#${ref.ref}:${posix.join(ref.subdir, clean)}`;
}

/** Whether buildx rebases a context value onto the remote definition. */
function rebased(value: string): boolean {
  return !value.startsWith(CWD) && !value.startsWith('target:') && !value.startsWith('docker-image:') && !value.startsWith('oci-layout:') && !posix.isAbsolute(value) && !isRemoteUrl(value);
}

/** The targets with local contexts taken from the remote definition (buildx updateContext). */
export function onRemoteContext(targets: Iterable<Target>, url: string): Target[] {
  return [...targets].map((t) => {
    const out: Target = { ...t };
    const ctx = t.context ?? '.';
    if (rebased(ctx)) out.context = inDefinition(url, ctx);
    if (t.contexts) {
      out.contexts = Object.fromEntries(
        Object.entries(t.contexts).map(([k, v]) => [k, v !== null && rebased(v) ? inDefinition(url, v) : v]),
      );
    }
    return out;
  });
}
