// `bake imagetools inspect REF [--raw|--format TPL]` and `bake imagetools create -t TAG SRC...
// [-f FILE] [--append] [--annotation A] [--dry-run]`, as buildx's imagetools: glue between the
// command line and src/engine/registry/imagetools.ts.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../../../errors.js';
import type { Invocation } from '../../definition.js';
import { stateDir } from '../../state-dir.js';

const USAGE = `Usage:  bake imagetools inspect [--raw | --format TEMPLATE] NAME[:TAG|@DIGEST]
        bake imagetools create [--dry-run] [--append] [--annotation TYPE:KEY=VALUE] [-f FILE] -t TAG [SOURCE...]
`;

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, { cause: err });
  }
}

async function inspect(args: string[], write: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { raw: { type: 'boolean' }, format: { type: 'string' } });
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
} as const;

async function create(args: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, CREATE_OPTIONS);
  if (values['help']) return write(USAGE), 0;
  const tags = (values['tag'] as string[] | undefined) ?? [];
  const dryRun = values['dry-run'] === true;
  const texts = [...(await readSourceFiles((values['file'] as string[] | undefined) ?? [], inv)), ...positionals];
  if (texts.length === 0 && !(values['append'] && tags.length > 0)) throw new UserError(`"imagetools create" requires at least 1 source\n${USAGE}`);
  if (tags.length === 0 && !dryRun) throw new UserError('no tags specified: use -t TAG (or --dry-run to print the index)');
  const { parseAnnotations, parseSource } = await import('../../../engine/registry/create-sources.js');
  const { imagetoolsCreate } = await import('../../../engine/registry/imagetools.js');
  const { bytes } = await imagetoolsCreate({
    sources: texts.map(parseSource),
    tags,
    dryRun,
    append: values['append'] === true,
    annotations: parseAnnotations((values['annotation'] as string[] | undefined) ?? []),
    stateDir: stateDir(inv.env),
  });
  if (dryRun) write(`${bytes.toString('utf8')}\n`);
  return 0;
}

/** Runs `imagetools SUBCOMMAND ...` (argv after `imagetools`). */
export function imagetoolsCommand(argv: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
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
