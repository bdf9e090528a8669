// `bake imagetools inspect REF [--raw|--format TPL]` and `bake imagetools create -t TAG SRC...
// [-f FILE] [--append] [--annotation A] [-p PLATFORM] [--prefer-index=BOOL] [--metadata-file FILE]
// [--dry-run]`, as buildx's imagetools: glue between the command line and
// src/engine/registry/imagetools.ts and imagetools-create.ts.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../../../errors.js';
import type { Invocation } from '../../definition.js';
import { stateDir } from '../../state-dir.js';

const USAGE = `Usage:  bake imagetools inspect [--raw | --format TEMPLATE] NAME[:TAG|@DIGEST]
        bake imagetools create [--dry-run] [--append] [--annotation TYPE:KEY=VALUE] [-f FILE]
                               [-p PLATFORM[,PLATFORM...]] [--prefer-index=false] [--metadata-file FILE] -t TAG [SOURCE...]

Create options:
  -p, --platform PLATFORMS    Keep only the source manifests of these platforms (and their attestations)
      --prefer-index BOOL     With one manifest source, false tags it as is instead of wrapping it in an index (default true)
      --metadata-file FILE    Write the pushed image's descriptor and name as JSON to FILE
      --progress MODE         Accepted for compatibility with buildx (auto, none, plain, rawjson, tty); ignored
      --builder NAME          Accepted for compatibility with buildx (inspect and create); ignored
`;

const PROGRESS_MODES = ['auto', 'none', 'plain', 'rawjson', 'tty'];
const GO_BOOLS: Record<string, boolean> = { '1': true, t: true, T: true, true: true, TRUE: true, True: true, '0': false, f: false, F: false, false: false, FALSE: false, False: false };

/**
 * Takes `--prefer-index[=BOOL]` out of `args` (before `--`), since it is a Go boolean flag with a
 * `true` default that node:util's parseArgs cannot negate; the last occurrence wins.
 */
function takePreferIndex(args: string[]): { rest: string[]; preferIndex: boolean } {
  const end = args.indexOf('--') < 0 ? args.length : args.indexOf('--');
  let preferIndex = true;
  const rest = args.filter((arg, i) => {
    if (i >= end || !(arg === '--prefer-index' || arg.startsWith('--prefer-index='))) return true;
    const value = arg === '--prefer-index' ? 'true' : arg.slice('--prefer-index='.length);
    const parsed = GO_BOOLS[value];
    if (parsed === undefined) throw new UserError(`invalid argument "${value}" for "--prefer-index" flag: expected true or false`);
    preferIndex = parsed;
    return false;
  });
  return { rest, preferIndex };
}

/** --progress: buildx's modes are accepted (and ignored: create prints nothing while pushing). */
function checkProgress(value: unknown): void {
  if (value !== undefined && !PROGRESS_MODES.includes(value as string)) {
    throw new UserError(`invalid --progress "${String(value)}": expected one of ${PROGRESS_MODES.join(', ')}`);
  }
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, { cause: err });
  }
}

async function inspect(args: string[], write: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { raw: { type: 'boolean' }, format: { type: 'string' }, builder: { type: 'string' } });
  if (values['help']) return write(USAGE), 0;
  if (positionals.length !== 1) throw new UserError(`"imagetools inspect" requires exactly 1 argument\n${USAGE}`);
  const format = values['format'] as string | undefined;
  if (values['raw'] && format !== undefined) throw new UserError('--format and --raw cannot be used together');
  const { fetchRoot, formatInspect, formatTemplate } = await import('../../../engine/registry/imagetools.js');
  const { ref, fetched } = await fetchRoot(positionals[0]!);
  if (values['raw']) {
    const text = fetched.bytes.toString('utf8');
    write(text.endsWith('\n') ? text : `${text}\n`);
  } else {
    write(format === undefined ? formatInspect(ref, fetched) : await formatTemplate(positionals[0]!, ref, fetched, format));
  }
  return 0;
}

/** The -f files' contents: one source each, `-` for standard input. */
async function readSourceFiles(files: string[], inv: Invocation): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    try {
      out.push(f === '-' ? await inv.readStdin() : await readFile(resolve(inv.cwd, f), 'utf8'));
    } catch (err) {
      throw new UserError(`--file ${f}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return out;
}

const CREATE_OPTIONS = {
  tag: { type: 'string', short: 't', multiple: true },
  file: { type: 'string', short: 'f', multiple: true },
  annotation: { type: 'string', multiple: true },
  append: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  platform: { type: 'string', short: 'p', multiple: true },
  'metadata-file': { type: 'string' },
  progress: { type: 'string' },
  builder: { type: 'string' },
} as const;

async function writeMetadata(file: string, metadata: Record<string, unknown>, inv: Invocation): Promise<void> {
  try {
    await writeFile(resolve(inv.cwd, file), `${JSON.stringify(metadata, null, 2)}\n`);
  } catch (err) {
    throw new UserError(`--metadata-file ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function create(args: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  const { rest, preferIndex } = takePreferIndex(args);
  const { values, positionals } = parse(rest, CREATE_OPTIONS);
  if (values['help']) return write(USAGE), 0;
  checkProgress(values['progress']);
  const tags = (values['tag'] as string[] | undefined) ?? [];
  const dryRun = values['dry-run'] === true;
  const texts = [...(await readSourceFiles((values['file'] as string[] | undefined) ?? [], inv)), ...positionals];
  if (texts.length === 0 && !(values['append'] && tags.length > 0)) throw new UserError(`"imagetools create" requires at least 1 source\n${USAGE}`);
  if (tags.length === 0 && !dryRun) throw new UserError('no tags specified: use -t TAG (or --dry-run to print the index)');
  const { parseAnnotations, parseSource } = await import('../../../engine/registry/create-sources.js');
  const { parsePlatformFilter } = await import('../../../engine/registry/create-platforms.js');
  const { createMetadata, imagetoolsCreate } = await import('../../../engine/registry/imagetools-create.js');
  const result = await imagetoolsCreate({
    sources: texts.map(parseSource),
    tags,
    dryRun,
    append: values['append'] === true,
    annotations: parseAnnotations((values['annotation'] as string[] | undefined) ?? []),
    platforms: parsePlatformFilter((values['platform'] as string[] | undefined) ?? []),
    preferIndex,
    stateDir: stateDir(inv.env),
  });
  // As buildx: a dry run prints the image and writes no metadata, since nothing was created.
  if (dryRun) write(`${result.bytes.toString('utf8')}\n`);
  const metadataFile = values['metadata-file'] as string | undefined;
  if (metadataFile !== undefined && !dryRun) await writeMetadata(metadataFile, createMetadata(result, tags), inv);
  return 0;
}

/** Runs `imagetools SUBCOMMAND ...` (argv after `imagetools`). */
export function imagetoolsCommand(argv: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  // buildx's --builder is an `imagetools` flag, so it may come before the subcommand too.
  const skip = argv[0] === '--builder' ? 2 : argv[0]?.startsWith('--builder=') ? 1 : 0;
  const [sub, ...rest] = argv.slice(skip);
  switch (sub) {
    case 'inspect':
      return inspect(rest, write);
    case 'create':
      return create(rest, inv, write);
    case undefined:
    case '--help':
    case '-h':
      write(USAGE);
      return Promise.resolve(0);
    default:
      throw new UserError(`unknown imagetools command "${sub}"\n${USAGE}`);
  }
}
