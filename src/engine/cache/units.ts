// Sizes and durations as the docker CLI writes them: `--keep-storage 10GB`, `until=24h`, and
// the human sizes of `du` (decimal units, 4 significant digits: `4.096kB`).
import { UserError } from '../../errors.js';

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** Bytes of a size such as `512`, `10MB`, `1.5GiB` (case-insensitive). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UserError(`invalid size: '${text}'`);
  return Math.floor(Number(m[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Milliseconds of a Go duration such as `24h`, `1h30m`, `90s`. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    end = re.lastIndex;
  }
  if (text === '' || end !== text.length) throw new UserError(`invalid duration: '${text}'`);
  return total;
}

const HUMAN_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function humanSize(bytes: number): string {
  let n = bytes;
  let i = 0;
  while (n >= 1000 && i < HUMAN_UNITS.length - 1) {
    n /= 1000;
    i++;
  }
  return `${Number(n.toPrecision(4))}${HUMAN_UNITS[i]}`;
}
