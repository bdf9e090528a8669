// `bake prune [--all] [--filter until=DURATION] [--keep-storage SIZE] [--force]`: removes build
// cache records (never those a running build leases) and the layers no record names any more;
// `--all` also empties the RUN cache mounts. Asks for confirmation unless --force.
import type { Invocation } from '../../definition.js';
import { prune } from '../../../engine/cache/prune.js';
import { humanSize, parseSize } from '../../../engine/cache/units.js';
import { parseCommand, stateDirOf, untilFilter } from './du.js';

const WARNING = 'WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ';
const WARNING_ALL = 'WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ';

export async function pruneCommand(args: string[], inv: Invocation, write: (text: string) => void): Promise<number> {
  const values = parseCommand('prune', args, {
    all: { type: 'boolean', short: 'a' },
    force: { type: 'boolean', short: 'f' },
    filter: { type: 'string', multiple: true },
    'keep-storage': { type: 'string' },
    verbose: { type: 'boolean' },
  });
  const until = untilFilter(values['filter'] as string[] | undefined);
  const keep = values['keep-storage'];
  const keepStorage = typeof keep === 'string' ? parseSize(keep) : undefined;
  if (values['force'] !== true) {
    process.stderr.write(values['all'] ? WARNING_ALL : WARNING);
    const answer = (await inv.readStdin()).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') return 1;
  }
  const result = await prune(stateDirOf(inv), { all: values['all'] === true, untilMs: until, keepStorage });
  if (result.removed.length > 0) {
    write(`${'ID'.padEnd(66)}RECLAIMABLE   SIZE\n`);
    for (const r of result.removed) write(`${r.id.padEnd(66)}${'true'.padEnd(14)}${humanSize(r.size)}\n`);
  }
  write(`Total:\t${humanSize(result.freed)}\n`);
  return 0;
}
