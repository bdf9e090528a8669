// `bake du [--verbose] [--filter until=DURATION]`: disk usage of the build cache, as buildx du:
// one line per cache record (largest first), then Shared/Private/Reclaimable/Total.
import { stateDir } from '../../state-dir.js';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UserError } from '../../../errors.js';
import type { Invocation } from '../../definition.js';
import { leasedNames } from '../../../engine/cache/leases.js';
import type { RecordInfo } from '../../../engine/cache/records.js';
import { listRecords } from '../../../engine/cache/records.js';
import { humanSize, parseDuration } from '../../../engine/cache/units.js';

export function stateDirOf(inv: Invocation): string {
  return stateDir(inv.env);
}

export function parseCommand(
  name: string,
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Record<string, string | boolean | string[] | undefined> {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | string[] | undefined>;
  } catch (err) {
    throw new UserError(`bake ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** `until=24h` filters as milliseconds; other keys are refused. */
export function untilFilter(filters: string[] | undefined): number | undefined {
  let until: number | undefined;
  for (const f of filters ?? []) {
    const [key, value] = f.split('=', 2);
    if (key !== 'until' || value === undefined) throw new UserError(`unsupported filter '${f}' (only until=DURATION)`);
    until = parseDuration(value);
  }
  return until;
}

function ago(date: Date): string {
  const s = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (s < 60) return `${s} seconds ago`;
  if (s < 3600) return `${Math.round(s / 60)} minutes ago`;
  if (s < 86400) return `${Math.round(s / 3600)} hours ago`;
  return `${Math.round(s / 86400)} days ago`;
}

function verbose(r: RecordInfo, reclaimable: boolean): string {
  return [
    `ID:\t\t${r.id}`,
    `Created at:\t${r.createdAt.toISOString()}`,
    `Mutable:\tfalse`,
    `Reclaimable:\t${reclaimable}`,
    `Shared:\t\t${r.shared}`,
    `Size:\t\t${humanSize(r.size)}`,
    `Layers:\t\t${r.own.join(', ')}`,
    `Last used:\t${ago(r.lastUsed)}`,
    `Type:\t\tregular`,
    '',
    '',
  ].join('\n');
}

/** The du report of the records `filter` keeps. */
export function formatDu(records: RecordInfo[], leased: Set<string>, isVerbose: boolean): string {
  const sorted = [...records].sort((a, b) => b.size - a.size);
  let out = isVerbose ? '' : `${'ID'.padEnd(66)}${'RECLAIMABLE'.padEnd(14)}${'SIZE'.padEnd(12)}LAST ACCESSED\n`;
  for (const r of sorted) {
    const reclaimable = !leased.has(r.id);
    out += isVerbose
      ? verbose(r, reclaimable)
      : `${r.id.padEnd(66)}${String(reclaimable).padEnd(14)}${humanSize(r.size).padEnd(12)}${ago(r.lastUsed)}\n`;
  }
  const sum = (rs: RecordInfo[]): string => humanSize(rs.reduce((n, r) => n + r.size, 0));
  if (sorted.some((r) => r.shared)) out += `Shared:\t\t${sum(sorted.filter((r) => r.shared))}\n`;
  out += `Private:\t${sum(sorted.filter((r) => !r.shared))}\n`;
  out += `Reclaimable:\t${sum(sorted.filter((r) => !leased.has(r.id)))}\n`;
  out += `Total:\t\t${sum(sorted)}\n`;
  return out;
}

export function duCommand(args: string[], inv: Invocation, write: (text: string) => void): number {
  const values = parseCommand('du', args, { verbose: { type: 'boolean' }, filter: { type: 'string', multiple: true } });
  const until = untilFilter(values['filter'] as string[] | undefined);
  const stateDir = stateDirOf(inv);
  const records = listRecords(stateDir).filter((r) => until === undefined || Date.now() - r.lastUsed.getTime() > until);
  write(formatDu(records, leasedNames(stateDir), values['verbose'] === true));
  return 0;
}
