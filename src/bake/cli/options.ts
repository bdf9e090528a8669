// The bake command's options, from parsed flags: shorthand flags become the `--set` entries
// buildx derives from them (appended after the user's, in buildx's order).
import { UserError } from '../../errors.js';
import { parseCallFunc, type CallFunc } from '../call/callfunc.js';
import { canonicalizeAttest } from '../entries.js';
import type { ProgressMode } from '../progress/index.js';
import type { ParsedArgs } from './args.js';
import { parsePolicyFlags } from './policy-flag.js';

export interface BakeOptions {
  targets: string[];
  files: string[];
  print: boolean;
  list?: string;
  /** User `--set`s followed by the shorthands'. */
  sets: string[];
  vars: Record<string, string>;
  progress: ProgressMode;
  metadataFile?: string;
  allow: string[];
  debug: boolean;
  parallelism?: string;
  /** `--policy disabled=true`: every target's policies are replaced by one disabled entry. */
  disablePolicy: boolean;
  /** `--execution`, checked when building (buildx prints without looking at it). */
  execution: string;
  /** `--call`/`--check`: its format and ignorestatus govern how call results print. */
  call?: CallFunc;
}

const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'rawjson', 'quiet'];

function parseVars(list: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const v of list) {
    const eq = v.indexOf('=');
    if (eq < 0) throw new UserError(`invalid variable "${v}", expected key=value`);
    const key = v.slice(0, eq).trim();
    if (key === '') throw new UserError(`invalid variable "${v}", key is empty`);
    vars[key] = v.slice(eq + 1);
  }
  return vars;
}

/** `--call` (which `--check` sets to `check`); `--call=build` is no call at all. */
function callFlag(a: ParsedArgs): CallFunc | undefined {
  const text = a.strings.get('call');
  return text === undefined ? undefined : parseCallFunc(text);
}

function shorthandSets(a: ParsedArgs, call: CallFunc | undefined, print: boolean): string[] {
  const sets: string[] = [];
  if (a.bools.get('push')) sets.push('*.push=true');
  // The reference `--print` generator (depot's bake) has no load shorthand when printing.
  if (a.bools.get('load') && !print) sets.push('*.load=true');
  // buildx sets the parsed method (`check` becomes `lint`), without format or ignorestatus.
  if (call) sets.push(`*.call=${call.name}`);
  // --no-cache/--pull only count when given, so `--pull=false` can override a file's `pull = true`.
  // The reference `--print` generator always sets both from the flags (false unless given), so a
  // printed target shows them and a file's own value never survives.
  if (a.bools.has('no-cache') || print) sets.push(`*.no-cache=${String(a.bools.get('no-cache') ?? false)}`);
  if (a.bools.has('pull') || print) sets.push(`*.pull=${String(a.bools.get('pull') ?? false)}`);
  const sbom = a.strings.get('sbom');
  if (sbom) sets.push(`*.attest=${canonicalizeAttest('sbom', sbom)}`);
  const provenance = a.strings.get('provenance');
  if (provenance) sets.push(`*.attest=${canonicalizeAttest('provenance', provenance)}`);
  return sets;
}

/** `-j/--jobs`: a count of concurrent targets; bake solves every target in one request anyway. */
function parseJobs(text: string | undefined): void {
  if (text === undefined) return;
  if (!/^[+-]?\d+$/.test(text)) throw new UserError(`invalid argument "${text}" for "-j, --jobs" flag: strconv.ParseInt: parsing "${text}": invalid syntax`);
  if (Number(text) < 0) throw new UserError('jobs must be non-negative');
}

export function bakeOptions(a: ParsedArgs): BakeOptions {
  const print = a.bools.get('print') ?? false;
  const list = a.strings.get('list') ?? (a.bools.get('list-targets') ? 'targets' : a.bools.get('list-variables') ? 'variables' : undefined);
  if (print && list !== undefined) throw new UserError('--print and --list are mutually exclusive');
  const progress = (a.strings.get('progress') ?? 'auto') as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) throw new UserError(`invalid progress mode "${progress}"`);
  parseJobs(a.strings.get('jobs'));
  const policy = parsePolicyFlags(a.lists.get('policy') ?? []);
  const call = callFlag(a);
  const opts: BakeOptions = {
    targets: a.positionals,
    files: a.lists.get('file') ?? [],
    print,
    sets: [...(a.lists.get('set') ?? []), ...shorthandSets(a, call, print), ...policy.sets],
    disablePolicy: policy.disabled,
    execution: a.strings.get('execution') ?? 'fail-fast',
    vars: parseVars(a.lists.get('var') ?? []),
    progress,
    allow: a.lists.get('allow') ?? [],
    debug: a.bools.get('debug') ?? false,
  };
  if (list !== undefined) opts.list = list;
  if (call) opts.call = call;
  const metadataFile = a.strings.get('metadata-file');
  if (metadataFile !== undefined) opts.metadataFile = metadataFile;
  const parallelism = a.strings.get('parallelism');
  if (parallelism !== undefined) opts.parallelism = parallelism;
  return opts;
}
