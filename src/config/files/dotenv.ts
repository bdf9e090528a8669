// The `.env` file of the working directory, for compose interpolation only (as compose-go reads
// it): KEY=VALUE lines, `#` comments, optional `export `, single/double quotes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  }
  // An unquoted value ends at ` #`.
  const hash = v.search(/\s#/);
  return (hash >= 0 ? v.slice(0, hash) : v).trim();
}

export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1));
  }
  return out;
}

/** `.env` in `cwd`, or nothing when absent. */
export function readDotEnv(cwd: string): Record<string, string> {
  try {
    return parseDotEnv(readFileSync(join(cwd, '.env'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`failed to read .env: ${(err as Error).message}`, { cause: err });
  }
}
