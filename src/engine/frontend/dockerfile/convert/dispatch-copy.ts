// COPY and ADD: one file step copying every source onto the stage rootfs (or onto scratch then
// merged, for --link without --chmod). Context sources come from a local source that names only the paths this
// instruction selects, so its cache key depends on those files alone.
import { posix } from 'node:path';
import type { ChownOpt } from '../../../graph/op.js';
import type { FileActionSpec } from '../../../graph/state.js';
import { State } from '../../../graph/state.js';
import type { AddCommand, CopyCommand } from '../instructions/commands.js';
import { ShellLex } from '../shell/lex.js';
import { gitSourceOp } from '../../../sources/git/source.js';
import { isGitUrl } from '../../../sources/git/url.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { dockerfileError, expand, stepOptions } from './dispatch-state.js';
import { parseChown, resolveWorkdir } from './dispatch-workdir.js';
import { commitToHistory } from './image.js';

type CopyLike = CopyCommand | AddCommand;
type CopyAction = Extract<FileActionSpec, { kind: 'copy' }>;

const HTTP_URL = /^https?:\/\//;

// A symbolic mode as BuildKit's mode parser (chmod(1)) reads it: clauses of who letters then
// one or more operators, each with its permission letters (`u+x-w,g=u`, `=`, `+X`).
const SYMBOLIC_MODE = /^[ugoa]*(?:[-+=][rwxXstugo]*)+(?:,[ugoa]*(?:[-+=][rwxXstugo]*)+)*$/;

/**
 * `--chmod` once expanded, checked only for stages that are built, as BuildKit's dispatch does:
 * octal up to 07777, else a symbolic mode; a value starting with a digit that is not such an
 * octal gets the octal message, any other bad value the mode parser's `invalid syntax`.
 */
function parseChmod(ctx: ConvertContext, c: CopyLike, spec: string): number | string | undefined {
  if (spec === '') return undefined;
  const nonOctal = `invalid chmod parameter: '${spec}'. it should be octal string and between 0 and 07777`;
  if (/^[0-7]+$/.test(spec)) {
    const mode = parseInt(spec, 8);
    if (mode > 0o7777) throw dockerfileError(ctx, c.location, nonOctal);
    return mode;
  }
  if (/^[0-9]/.test(spec)) throw dockerfileError(ctx, c.location, nonOctal);
  if (!SYMBOLIC_MODE.test(spec)) throw dockerfileError(ctx, c.location, 'invalid syntax');
  return spec;
}

/** Dest relative to WORKDIR; a trailing `/` (or `.`) keeps meaning "into this directory". */
function destination(d: DispatchState, raw: string): string {
  const dest = resolveWorkdir(d.image.config.WorkingDir, raw);
  const intoDir = raw === '' || raw === '.' || raw.endsWith('/');
  return intoDir && dest !== '/' ? `${dest}/` : dest;
}

/** A context path as the local source's include list names it; undefined = the whole context. */
export function includePath(src: string): string | undefined {
  const clean = posix.normalize(posix.join('/', src)).slice(1).replace(/\/$/, '');
  return clean === '' ? undefined : clean;
}

/**
 * The source path as the copy action takes it: cleaned, except the `/./` pivot of --parents.
 * The pivot is the first `/./` of the path as written (BuildKit cuts the raw source there), so
 * the part before it is cleaned on its own: made absolute first, `./a/./b` would gain a pivot
 * at its start that the instruction never had.
 */
function sourcePath(c: CopyLike, src: string): string {
  const pivotAt = c.name === 'copy' && c.parents ? src.indexOf('/./') : -1;
  if (pivotAt >= 0) {
    const parent = cleanSource(src.slice(0, pivotAt));
    return (parent === '/' ? '' : parent) + src.slice(pivotAt);
  }
  return cleanSource(src);
}

function cleanSource(src: string): string {
  const clean = posix.normalize(posix.join('/', src));
  return clean.length > 1 ? clean.replace(/\/$/, '') : clean;
}

interface CopyParams {
  dest: string;
  owner?: ChownOpt;
  mode?: number | string;
  excludes: string[];
}

function copyAction(ctx: ConvertContext, c: CopyLike, src: State, srcPath: string, p: CopyParams, unpack: boolean): CopyAction {
  const action: CopyAction = {
    kind: 'copy',
    src,
    srcPath,
    destPath: p.dest,
    owner: p.owner,
    mode: p.mode,
    followSymlink: true,
    dirCopyContents: true,
    attemptUnpackDockerCompatibility: unpack,
    createDestPath: true,
    allowWildcard: true,
    allowEmptyWildcard: true,
    timestamp: ctx.opts.sourceDateEpoch,
  };
  if (p.excludes.length > 0) action.excludePatterns = p.excludes;
  if (c.name === 'copy' && c.parents) action.parents = true;
  return action;
}

function httpAction(ctx: ConvertContext, d: DispatchState, c: CopyLike, url: string, p: CopyParams): CopyAction {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch (err) {
    throw dockerfileError(ctx, c.location, `invalid URL ${url}`, err);
  }
  // BuildKit's frontend names the file after the URL path's last element, `__unnamed__` without one,
  // and the source vertex after the step, so its progress (and a failure to fetch) reads as the ADD.
  const filename = posix.basename(pathname) || '__unnamed__';
  const checksum = c.name === 'add' && c.checksum ? expand(ctx, d, c.checksum) : undefined;
  const src = State.source({ type: 'http', url, checksum, filename }, { meta: { name: stepOptions(ctx, d, c).meta.name } });
  const dest = p.dest.endsWith('/') ? `${p.dest}${filename}` : p.dest;
  return copyAction(ctx, c, src, `/${filename}`, { ...p, dest }, false);
}

/** `ADD <git URL> dest`: the repository's tree (pinned to a commit) copied into dest. */
async function gitAction(ctx: ConvertContext, d: DispatchState, c: AddCommand, url: string, p: CopyParams): Promise<CopyAction> {
  const checksum = c.checksum ? expand(ctx, d, c.checksum) : undefined;
  const opts = { keepGitDir: c.keepGitDir === true, checksum, resolve: ctx.opts.resolveGit };
  const op = await gitSourceOp(url, opts).catch((err: unknown) => {
    throw dockerfileError(ctx, c.location, err instanceof Error ? err.message : String(err), err);
  });
  const src = State.source(op, { meta: { name: stepOptions(ctx, d, c).meta.name } });
  return copyAction(ctx, c, src, '/', p, false);
}

/** `ADD --checksum` verifies one download: BuildKit refuses it with several sources or a local one. */
function checkChecksumSources(ctx: ConvertContext, c: AddCommand, srcs: string[]): void {
  if (srcs.length !== 1) throw dockerfileError(ctx, c.location, "checksum can't be specified for multiple sources");
  if (!HTTP_URL.test(srcs[0]!) && !isGitUrl(srcs[0]!)) throw dockerfileError(ctx, c.location, 'checksum requires HTTP(S) or Git sources');
}

/** Sources of the instruction as copy actions: context paths, URLs, stage paths, heredocs. */
async function sourceActions(ctx: ConvertContext, d: DispatchState, c: CopyLike, p: CopyParams): Promise<CopyAction[]> {
  const srcs = c.sourcePaths.map((s) => expand(ctx, d, s));
  if (c.name === 'add' && c.checksum) checkChecksumSources(ctx, c, srcs);
  const actions: CopyAction[] = [];
  const local: string[] = [];
  let from: State | undefined;
  if (c.name === 'copy' && c.from) {
    if (c.from.includes('$')) throw dockerfileError(ctx, c.location, 'variable expansion is not supported for --from');
    from = (await ctx.resolveFrom(c.from, c.location, d.platform)).state;
  }
  for (const src of srcs) {
    if (c.name === 'add' && isGitUrl(src)) actions.push(await gitAction(ctx, d, c, src, p));
    else if (c.name === 'add' && HTTP_URL.test(src)) actions.push(httpAction(ctx, d, c, src, p));
    else if (!from) local.push(src);
  }
  const unpack = c.name === 'add' && c.unpack !== false;
  if (from) {
    for (const src of srcs) actions.push(copyAction(ctx, c, from, sourcePath(c, src), p, unpack));
  } else if (local.length > 0) {
    const includes = local.map(includePath);
    const context = ctx.context(includes.includes(undefined) ? undefined : (includes as string[]));
    for (const src of local) actions.push(copyAction(ctx, c, context, sourcePath(c, src), p, unpack));
  }
  return [...actions, ...heredocActions(ctx, d, c, p)];
}

/**
 * `COPY <<EOF`: each heredoc becomes a file named after its delimiter, expanded unless quoted.
 * The body is expanded with `\` as the escape character whatever the `# escape=` directive says,
 * as BuildKit's ExpandRaw does: it is file content, not Dockerfile syntax.
 */
function heredocActions(ctx: ConvertContext, d: DispatchState, c: CopyLike, p: CopyParams): CopyAction[] {
  const lex = new ShellLex('\\');
  lex.skipProcessQuotes = true;
  const mode = typeof p.mode === 'number' ? p.mode : 0o644;
  return c.sourceContents.map((h) => {
    const data = h.expand ? lex.processWord(h.data, d.env) : h.data;
    const mkfile = { kind: 'mkfile' as const, path: `/${h.name}`, data, mode, timestamp: ctx.opts.sourceDateEpoch };
    return copyAction(ctx, c, State.scratch().file([mkfile], stepOptions(ctx, d, c)), `/${h.name}`, p, false);
  });
}

export async function dispatchCopy(ctx: ConvertContext, d: DispatchState, c: CopyLike): Promise<void> {
  const destRaw = expand(ctx, d, c.destPath);
  const chown = expand(ctx, d, c.chown);
  const chmod = expand(ctx, d, c.chmod);
  const params: CopyParams = {
    dest: destination(d, destRaw),
    owner: parseChown(chown),
    mode: parseChmod(ctx, c, chmod),
    excludes: c.excludePatterns.map((e) => expand(ctx, d, e)),
  };
  const actions = await sourceActions(ctx, d, c, params);
  const opts = stepOptions(ctx, d, c);
  // BuildKit links only a copy without --chmod: with one it falls back to a plain copy, so
  // existing parent directories keep their mode and owner instead of the scratch layer's.
  if (c.link && params.mode === undefined) {
    const layer = State.scratch().file(actions, opts);
    d.state = State.merge([d.state, layer], opts);
  } else {
    d.state = d.state.file(actions, opts);
  }
  // The history line names --parents, --chown and --chmod as BuildKit has since v0.13 (#4597).
  const flags = [...(c.name === 'copy' && c.parents ? ['--parents'] : []), ...(chown ? [`--chown=${chown}`] : []), ...(chmod ? [`--chmod=${chmod}`] : [])];
  const shown = [...flags, ...c.sourcePaths.map((s) => expand(ctx, d, s)), ...c.sourceContents.map((h) => `<<${h.name}`)];
  commitToHistory(d.image, `${c.name.toUpperCase()} ${shown.join(' ')} ${destRaw} # buildkit`, true, ctx.opts.sourceDateEpoch);
}
