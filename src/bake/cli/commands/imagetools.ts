// `bake imagetools inspect REF [--raw]` and `bake imagetools create -t TAG SRC... [--dry-run]`,
// as buildx's imagetools: glue between the command line and src/engine/registry/imagetools.ts.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../../../errors.js';
import type { Invocation } from '../../definition.js';
import { stateDir } from '../../state-dir.js';

const USAGE = `Usage:  bake imagetools inspect [--raw] NAME[:TAG|@DIGEST]
        bake imagetools create [--dry-run] -t TAG SOURCE [SOURCE...]
`;

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, { cause: err });
  }
}

async function inspect(args: string[], write: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { raw: { type: 'boolean' } });
  if (values['help']) return write(USAGE), 0;
  if (positionals.length !== 1) throw new UserError(`"imagetools inspect" requires exactly 1 argument\n${USAGE}`);
  const { fetchRoot, formatInspect } = await import('../../../engine/registry/imagetools.js');
  const { ref, fetched } = await fetchRoot(positionals[0]!);
  if (values['raw']) {
    const text = fetched.bytes.toString('utf8');
    write(text.endsWith('\n') ? text : `${text}\n`);
  } else {
    write(formatInspect(ref, fetched));
  }
  return 0;
}

async function create(args: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { tag: { type: 'string', short: 't', multiple: true }, 'dry-run': { type: 'boolean' } });
  if (values['help']) return write(USAGE), 0;
  if (positionals.length === 0) throw new UserError(`"imagetools create" requires at least 1 source\n${USAGE}`);
  const tags = (values['tag'] as string[] | undefined) ?? [];
  const dryRun = values['dry-run'] === true;
  if (tags.length === 0 && !dryRun) throw new UserError('no tags specified: use -t TAG (or --dry-run to print the index)');
  const { createIndex } = await import('../../../engine/registry/imagetools.js');
  const { bytes } = await createIndex(positionals, dryRun ? [] : tags, stateDir(inv.env));
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
